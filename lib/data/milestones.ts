import "server-only";
import { db } from "@/lib/db";
import { recordAudit, changedFields } from "@/lib/data/audit";
import { changedSince, conflictError, parseShown } from "@/lib/data/concurrency";
import { authorize } from "@/lib/data/guard";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { markMilestoneNotificationsRead } from "@/lib/data/notifications";
import type { MilestoneStatus } from "@/lib/domain/enums";
import { AppError } from "@/lib/errors";
import type { DatePrecision } from "@/lib/format/period";
import { Prisma } from "@/lib/generated/prisma/client";
import { can, type Actor } from "@/lib/permissions";
import { editableProjectsSql, readableProjectsWhere } from "@/lib/scope";
import type { MilestoneInput, MilestoneProgressInput } from "@/lib/validations/milestone";

// Milestones in the workspace: the program manager's list, quick progress updates with history,
// and the full editor. Each update names the version it started from (no lost updates) and writes
// its audit row, which is also the milestone's history, in the same transaction.

/** The fields a progress update may change, as they are compared and recorded. */
const progressFields = {
  status: true, actualValue: true, achievedDate: true, achievedPrecision: true, evidenceKo: true, evidenceEn: true,
} as const;

const milestoneFields = {
  ...progressFields,
  titleKo: true, titleEn: true, descriptionKo: true, descriptionEn: true, kind: true, dueDate: true, duePrecision: true,
  targetValue: true, unitKo: true, unitEn: true,
} as const;

export type MyMilestone = {
  id: number;
  version: number;
  projectId: number;
  projectTitleKo: string;
  projectTitleEn: string | null;
  projectSlug: string;
  titleKo: string;
  titleEn: string | null;
  status: MilestoneStatus;
  kind: string;
  dueDate: Date | null;
  duePrecision: DatePrecision | null;
  /** The last day the due date can mean (end of year / month / the day). */
  dueEnd: Date | null;
  targetValue: string | null;
  actualValue: string | null;
  unitKo: string | null;
  unitEn: string | null;
  achievedDate: Date | null;
  achievedPrecision: DatePrecision | null;
  evidenceKo: string | null;
  evidenceEn: string | null;
  bucket: "overdue" | "soon" | "later" | "undated";
};

export const MY_MILESTONES_PAGE_SIZE = 50;

/**
 * Open milestones (planned, in progress, deferred) of the projects the actor may edit: overdue
 * first, then due within 30 days, then later, then undated.
 * Permission: milestone.update (scoped to the actor's programs).
 */
export async function listMyMilestones(actor: Actor | null, options: { page?: number; today?: Date } = {}): Promise<{ items: MyMilestone[]; total: number; overdue: number; soon: number; page: number; pageCount: number }> {
  const who = await authorize(actor, "milestone.update");
  const today = options.today ?? new Date();
  const projectFilter = Prisma.sql`m.project_id IN (SELECT p.id FROM project p WHERE ${editableProjectsSql(who)})`;
  const dueEnd = Prisma.sql`CASE m.due_precision
          WHEN 'YEAR' THEN (date_trunc('year', m.due_date) + interval '1 year - 1 day')::date
          WHEN 'MONTH' THEN (date_trunc('month', m.due_date) + interval '1 month - 1 day')::date
          ELSE m.due_date END`;
  const [counts] = await db().$queryRaw<{ total: bigint; overdue: bigint; soon: bigint }[]>`
    SELECT count(*) AS total,
      count(*) FILTER (WHERE ${dueEnd} < ${today}::date) AS overdue,
      count(*) FILTER (WHERE ${dueEnd} >= ${today}::date AND ${dueEnd} <= ${today}::date + 30) AS soon
    FROM milestone m
    WHERE m.status IN ('PLANNED', 'IN_PROGRESS', 'DEFERRED') AND ${projectFilter}`;
  const total = Number(counts?.total ?? 0n);
  const pageCount = Math.max(1, Math.ceil(total / MY_MILESTONES_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await db().$queryRaw<(Omit<MyMilestone, "bucket" | "targetValue" | "actualValue"> & { targetValue: Prisma.Decimal | null; actualValue: Prisma.Decimal | null; bucket: string })[]>`
    WITH open AS (
      SELECT m.*, ${dueEnd} AS due_end
      FROM milestone m
      WHERE m.status IN ('PLANNED', 'IN_PROGRESS', 'DEFERRED') AND ${projectFilter}
    )
    SELECT o.id, o.version, o.project_id AS "projectId", p.title_ko AS "projectTitleKo", p.title_en AS "projectTitleEn", p.slug AS "projectSlug",
      o.title_ko AS "titleKo", o.title_en AS "titleEn", o.status::text AS status, o.kind::text AS kind,
      o.due_date AS "dueDate", o.due_precision::text AS "duePrecision", o.due_end AS "dueEnd",
      o.target_value AS "targetValue", o.actual_value AS "actualValue", o.unit_ko AS "unitKo", o.unit_en AS "unitEn",
      o.achieved_date AS "achievedDate", o.achieved_precision::text AS "achievedPrecision", o.evidence_ko AS "evidenceKo", o.evidence_en AS "evidenceEn",
      CASE WHEN o.due_end IS NULL THEN 'undated'
           WHEN o.due_end < ${today}::date THEN 'overdue'
           WHEN o.due_end <= ${today}::date + 30 THEN 'soon'
           ELSE 'later' END AS bucket
    FROM open o JOIN project p ON p.id = o.project_id
    ORDER BY CASE WHEN o.due_end IS NULL THEN 3 WHEN o.due_end < ${today}::date THEN 0 WHEN o.due_end <= ${today}::date + 30 THEN 1 ELSE 2 END,
      o.due_end NULLS LAST, p.title_ko, o.sort_order, o.id
    LIMIT ${MY_MILESTONES_PAGE_SIZE} OFFSET ${(page - 1) * MY_MILESTONES_PAGE_SIZE}`;
  return {
    items: rows.map((r) => ({
      ...r,
      targetValue: r.targetValue?.toString() ?? null,
      actualValue: r.actualValue?.toString() ?? null,
      bucket: r.bucket as MyMilestone["bucket"],
    })),
    total,
    overdue: Number(counts?.overdue ?? 0n),
    soon: Number(counts?.soon ?? 0n),
    page,
    pageCount,
  };
}

async function loadForChange(id: number) {
  const milestone = await db().milestone.findUnique({
    where: { id },
    select: { id: true, version: true, projectId: true, project: { select: { programId: true } } },
  });
  if (!milestone) throw new AppError("NOT_FOUND");
  return milestone;
}

function snapshot(m: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v instanceof Prisma.Decimal ? v.toString() : v]));
}


/** The values a form shows for a milestone, as strings, to detect what changed under the user. */
export function shownMilestoneValues(m: {
  status: string; actualValue: { toString(): string } | string | null; achievedDate: Date | null; evidenceKo: string | null; evidenceEn: string | null;
}): Record<string, string> {
  return {
    status: m.status,
    actualValue: m.actualValue?.toString() ?? "",
    achievedDate: m.achievedDate ? m.achievedDate.toISOString().slice(0, 10) : "",
    evidenceKo: m.evidenceKo ?? "",
    evidenceEn: m.evidenceEn ?? "",
  };
}

/**
 * Records progress on a milestone: status, actual value, achieved date, evidence note.
 * Permission: milestone.update, scoped to the milestone's program.
 */
export async function updateMilestoneProgress(actor: Actor | null, input: MilestoneProgressInput, locale: string): Promise<{ version: number }> {
  const target = await loadForChange(input.id);
  const who = await authorize(actor, "milestone.update", {
    programId: target.project.programId, projectId: target.projectId, entityType: "milestone", entityId: input.id,
  });
  const evidenceField = locale === "en" ? "evidenceEn" : "evidenceKo";
  const result = await db().$transaction(async (tx) => {
    const current = await tx.milestone.findUniqueOrThrow({ where: { id: input.id }, select: { ...progressFields, version: true } });
    if (current.version !== input.version) {
      throw conflictError(changedSince(parseShown(input.shown), shownMilestoneValues(current)), current.version);
    }
    const data = {
      status: input.status,
      actualValue: input.actualValue,
      achievedDate: input.achieved?.date ?? null,
      achievedPrecision: input.achieved?.precision ?? null,
      [evidenceField]: input.evidence,
    };
    // The version in the WHERE makes a concurrent save that read the same version update nothing.
    const updated = await tx.milestone.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count === 0) {
      const now = await tx.milestone.findUniqueOrThrow({ where: { id: input.id }, select: { ...progressFields, version: true } });
      throw conflictError(changedSince(parseShown(input.shown), shownMilestoneValues(now)), now.version);
    }
    const after = await tx.milestone.findUniqueOrThrow({ where: { id: input.id }, select: { ...progressFields, version: true } });
    await refreshProjectDerived(tx, target.projectId);
    const change = changedFields(snapshot(current), snapshot(after));
    await recordAudit(tx, who, { action: "milestone.update", entityType: "milestone", entityId: input.id, projectId: target.projectId, ...change });
    // Recording progress is what a reminder asks for: the updater's reminders of it are dealt with.
    await markMilestoneNotificationsRead(tx, who.id, input.id);
    return { version: after.version };
  });
  invalidatePortfolioAggregates();
  return result;
}

/**
 * Creates or fully edits a milestone of a project.
 * Permission: project.update, scoped to the project's program.
 */
export async function saveMilestone(actor: Actor | null, input: MilestoneInput): Promise<{ id: number; version: number }> {
  const project = await db().project.findUnique({ where: { id: input.projectId }, select: { id: true, programId: true } });
  if (!project) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, "project.update", { programId: project.programId, projectId: project.id, entityType: "milestone", entityId: input.id });
  const data = {
    titleKo: input.titleKo, titleEn: input.titleEn, descriptionKo: input.descriptionKo, descriptionEn: input.descriptionEn,
    kind: input.kind, status: input.status,
    dueDate: input.due?.date ?? null, duePrecision: input.due?.precision ?? null,
    targetValue: input.targetValue, actualValue: input.actualValue, unitKo: input.unitKo, unitEn: input.unitEn,
    achievedDate: input.achieved?.date ?? null, achievedPrecision: input.achieved?.precision ?? null,
    evidenceKo: input.evidenceKo, evidenceEn: input.evidenceEn,
  };
  const result = await db().$transaction(async (tx) => {
    if (input.id === undefined) {
      const last = await tx.milestone.aggregate({ where: { projectId: project.id }, _max: { sortOrder: true } });
      const created = await tx.milestone.create({ data: { ...data, projectId: project.id, sortOrder: (last._max.sortOrder ?? -1) + 1 }, select: { id: true, version: true, ...milestoneFields } });
      await refreshProjectDerived(tx, project.id);
      await recordAudit(tx, who, { action: "milestone.create", entityType: "milestone", entityId: created.id, projectId: project.id, after: snapshot(created) });
      return { id: created.id, version: created.version };
    }
    const current = await tx.milestone.findFirst({ where: { id: input.id, projectId: project.id }, select: { ...milestoneFields, version: true } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) throw conflictError(changedSince(parseShown(input.shown), snapshotStrings(current)), current.version);
    const updated = await tx.milestone.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
    if (updated.count === 0) throw conflictError([], current.version + 1);
    const after = await tx.milestone.findUniqueOrThrow({ where: { id: input.id }, select: { ...milestoneFields, version: true } });
    await refreshProjectDerived(tx, project.id);
    await recordAudit(tx, who, { action: "milestone.update", entityType: "milestone", entityId: input.id, projectId: project.id, ...changedFields(snapshot(current), snapshot(after)) });
    await markMilestoneNotificationsRead(tx, who.id, input.id);
    return { id: input.id, version: after.version };
  });
  invalidatePortfolioAggregates();
  return result;
}

function snapshotStrings(m: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot(m)).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? "" : String(v)]));
}

/**
 * Deletes a milestone. Permission: project.update, scoped to the project's program.
 */
export async function deleteMilestone(actor: Actor | null, input: { id: number; version: number }): Promise<void> {
  const target = await loadForChange(input.id);
  const who = await authorize(actor, "project.update", { programId: target.project.programId, projectId: target.projectId, entityType: "milestone", entityId: input.id });
  await db().$transaction(async (tx) => {
    const current = await tx.milestone.findUniqueOrThrow({ where: { id: input.id }, select: { ...milestoneFields, version: true } });
    const deleted = await tx.milestone.deleteMany({ where: { id: input.id, version: input.version } });
    if (deleted.count === 0) throw conflictError([], current.version);
    await refreshProjectDerived(tx, target.projectId);
    await recordAudit(tx, who, { action: "milestone.delete", entityType: "milestone", entityId: input.id, projectId: target.projectId, before: snapshot(current) });
  });
  invalidatePortfolioAggregates();
}

export type HistoryEntry = { at: Date; actorEmail: string | null; action: string; entityType: string | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

/**
 * A milestone's history: every recorded change, newest first.
 * Permission: workspace.read (a program manager: published projects and own drafts).
 */
export async function getMilestoneHistory(actor: Actor | null, milestoneId: number): Promise<HistoryEntry[]> {
  const who = await authorize(actor, "workspace.read");
  // The history holds the milestone's values: readable only where the milestone is (a program manager: not other programs' drafts).
  if (!(await db().milestone.count({ where: { id: milestoneId, project: readableProjectsWhere(who) } }))) throw new AppError("NOT_FOUND");
  const rows = await db().auditLog.findMany({
    where: { entityType: "milestone", entityId: String(milestoneId), outcome: "SUCCESS" },
    orderBy: { at: "desc" },
    take: 100,
    select: { at: true, actorEmail: true, action: true, entityType: true, before: true, after: true },
  });
  return rows.map((r) => ({ ...r, before: r.before as Record<string, unknown> | null, after: r.after as Record<string, unknown> | null }));
}

/**
 * One milestone with its project, for its page in the workspace.
 * Permission: workspace.read (a program manager: published projects and own drafts).
 */
export async function getWorkspaceMilestone(actor: Actor | null, id: number) {
  const who = await authorize(actor, "workspace.read");
  const m = await db().milestone.findFirst({
    where: { id, project: readableProjectsWhere(who) },
    select: {
      id: true, version: true, titleKo: true, titleEn: true, kind: true, status: true, dueDate: true, duePrecision: true,
      targetValue: true, actualValue: true, unitKo: true, unitEn: true, achievedDate: true, achievedPrecision: true,
      evidenceKo: true, evidenceEn: true,
      project: { select: { id: true, slug: true, titleKo: true, titleEn: true, programId: true, publication: true } },
    },
  });
  if (!m) throw new AppError("NOT_FOUND");
  return {
    ...m,
    targetValue: m.targetValue?.toString() ?? null,
    actualValue: m.actualValue?.toString() ?? null,
    canUpdate: can(who, "milestone.update", m.project),
  };
}
