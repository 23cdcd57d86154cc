import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/data/audit";
import { authorize } from "@/lib/data/guard";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor, Role } from "@/lib/permissions";
import type { NotificationPreferencesInput } from "@/lib/validations/notifications";

// The workspace's notification list, each user's notification settings, and the administrators'
// view of who receives what. A user reads and marks only their own notifications. Marking read is
// the user's own inbox state, not portfolio data: not audited; changing settings is.

export const NOTIFICATIONS_PAGE_SIZE = 25;

export type NotificationItem = {
  id: number;
  kind: "REMINDER" | "ESCALATION";
  reminderKind: "BEFORE" | "DUE" | "OVERDUE" | "ESCALATION";
  days: number;
  dueDate: Date;
  createdAt: Date;
  readAt: Date | null;
  milestoneId: number;
  milestoneTitleKo: string;
  milestoneTitleEn: string | null;
  projectTitleKo: string;
  projectTitleEn: string | null;
};

/** Unread notifications of the actor, for the workspace header. Permission: workspace.read (own only). */
export async function countUnreadNotifications(actor: Actor | null): Promise<number> {
  const who = await authorize(actor, "workspace.read");
  return db().notification.count({ where: { userId: who.id, readAt: null } });
}

/** The actor's notifications, unread first, newest first. Permission: workspace.read (own only). */
export async function listNotifications(actor: Actor | null, options: { page?: number } = {}): Promise<{ items: NotificationItem[]; total: number; unread: number; page: number; pageCount: number }> {
  const who = await authorize(actor, "workspace.read");
  const where = { userId: who.id };
  const [total, unread] = await Promise.all([db().notification.count({ where }), db().notification.count({ where: { ...where, readAt: null } })]);
  const pageCount = Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await db().notification.findMany({
    where,
    orderBy: [{ readAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * NOTIFICATIONS_PAGE_SIZE,
    take: NOTIFICATIONS_PAGE_SIZE,
    select: {
      id: true, kind: true, createdAt: true, readAt: true, milestoneId: true,
      reminder: { select: { kind: true, offsetDays: true, dueDate: true, firedOn: true } },
      milestone: { select: { titleKo: true, titleEn: true, project: { select: { titleKo: true, titleEn: true } } } },
    },
  });
  const items = rows.map((r) => ({
    id: r.id, kind: r.kind, reminderKind: r.reminder.kind, createdAt: r.createdAt, readAt: r.readAt, milestoneId: r.milestoneId,
    dueDate: r.reminder.dueDate,
    // What the reminder said: days left when it fired (BEFORE), the escalation threshold (ESCALATION).
    days: r.reminder.kind === "BEFORE" ? Math.round((r.reminder.dueDate.getTime() - r.reminder.firedOn.getTime()) / 86_400_000) : r.reminder.offsetDays,
    milestoneTitleKo: r.milestone.titleKo, milestoneTitleEn: r.milestone.titleEn,
    projectTitleKo: r.milestone.project.titleKo, projectTitleEn: r.milestone.project.titleEn,
  }));
  return { items, total, unread, page, pageCount };
}

/** Marks one of the actor's notifications read. Permission: workspace.read (own only). */
export async function markNotificationRead(actor: Actor | null, id: number, now: Date = new Date()): Promise<void> {
  const who = await authorize(actor, "workspace.read");
  const { count } = await db().notification.updateMany({ where: { id, userId: who.id, readAt: null }, data: { readAt: now } });
  if (count === 0 && !(await db().notification.count({ where: { id, userId: who.id } }))) throw new AppError("NOT_FOUND");
}

/** Marks all of the actor's notifications read. Permission: workspace.read (own only). */
export async function markAllNotificationsRead(actor: Actor | null, now: Date = new Date()): Promise<number> {
  const who = await authorize(actor, "workspace.read");
  const { count } = await db().notification.updateMany({ where: { userId: who.id, readAt: null }, data: { readAt: now } });
  return count;
}

/** Inside a milestone update: the updater has dealt with that milestone's notifications. */
export async function markMilestoneNotificationsRead(tx: Prisma.TransactionClient, userId: number, milestoneId: number, now: Date = new Date()): Promise<void> {
  await tx.notification.updateMany({ where: { userId, milestoneId, readAt: null }, data: { readAt: now } });
}

export type NotificationPreferences = { emailReminders: boolean; emailDigest: boolean; locale: "ko" | "en" };
const DEFAULT_PREFERENCES: NotificationPreferences = { emailReminders: true, emailDigest: true, locale: "ko" };

/** The actor's settings (the defaults when never saved). Permission: workspace.read (own only). */
export async function getNotificationPreferences(actor: Actor | null): Promise<NotificationPreferences> {
  const who = await authorize(actor, "workspace.read");
  const row = await db().notificationPreference.findUnique({ where: { userId: who.id }, select: { emailReminders: true, emailDigest: true, locale: true } });
  return row ? { ...row, locale: row.locale === "en" ? "en" : "ko" } : DEFAULT_PREFERENCES;
}

/** Saves the actor's settings with an audit row. Permission: workspace.read (own only). */
export async function saveNotificationPreferences(actor: Actor | null, input: NotificationPreferencesInput): Promise<void> {
  const who = await authorize(actor, "workspace.read");
  await db().$transaction(async (tx) => {
    const before = await tx.notificationPreference.findUnique({ where: { userId: who.id }, select: { emailReminders: true, emailDigest: true, locale: true } });
    const data = { emailReminders: input.emailReminders, emailDigest: input.emailDigest, locale: input.locale };
    await tx.notificationPreference.upsert({ where: { userId: who.id }, create: { userId: who.id, ...data }, update: data });
    await recordAudit(tx, who, { action: "notification.preferences", entityType: "user", entityId: who.id, before: before ?? DEFAULT_PREFERENCES, after: data });
  });
}

export type RecipientRow = {
  id: number; email: string; name: string; role: Role; isDisabled: boolean; managesUnassignedProjects: boolean;
  programs: { id: number; nameKo: string; nameEn: string | null }[];
  emailReminders: boolean; emailDigest: boolean; locale: "ko" | "en";
  receivesReminders: boolean; receivesDigest: boolean; receivesEscalations: boolean;
};

export const RECIPIENTS_PAGE_SIZE = 50;

/** Who receives what: every user with their programmes and settings. Permission: notifications.manage. */
export async function listNotificationRecipients(actor: Actor | null, options: { page?: number } = {}): Promise<{ items: RecipientRow[]; total: number; page: number; pageCount: number }> {
  await authorize(actor, "notifications.manage");
  const total = await db().user.count();
  const pageCount = Math.max(1, Math.ceil(total / RECIPIENTS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await db().user.findMany({
    orderBy: [{ isDisabled: "asc" }, { role: "asc" }, { email: "asc" }],
    skip: (page - 1) * RECIPIENTS_PAGE_SIZE,
    take: RECIPIENTS_PAGE_SIZE,
    select: {
      id: true, email: true, name: true, role: true, isDisabled: true, managesUnassignedProjects: true,
      programs: { select: { program: { select: { id: true, nameKo: true, nameEn: true } } }, orderBy: { programId: "asc" } },
      notificationPreference: { select: { emailReminders: true, emailDigest: true, locale: true } },
    },
  });
  const items = rows.map((r) => {
    const prefs = r.notificationPreference ?? DEFAULT_PREFERENCES;
    const isManager = r.role === "PROGRAM_MANAGER" && !r.isDisabled && (r.programs.length > 0 || r.managesUnassignedProjects);
    return {
      id: r.id, email: r.email, name: r.name, role: r.role, isDisabled: r.isDisabled, managesUnassignedProjects: r.managesUnassignedProjects,
      programs: r.programs.map((p) => p.program),
      emailReminders: prefs.emailReminders, emailDigest: prefs.emailDigest, locale: (prefs.locale === "en" ? "en" : "ko") as "ko" | "en",
      receivesReminders: isManager,
      receivesDigest: r.role === "PROGRAM_MANAGER" && !r.isDisabled,
      receivesEscalations: r.role === "ADMIN" && !r.isDisabled,
    };
  });
  return { items, total, page, pageCount };
}
