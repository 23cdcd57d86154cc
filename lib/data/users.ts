import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/data/db-errors";
import { recordAudit, type Who } from "@/lib/data/audit";
import { hashPassword, normalizeEmail } from "@/lib/data/auth";
import { changedSince, conflictError, parseShown } from "@/lib/data/concurrency";
import { authorize } from "@/lib/data/guard";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor, Role } from "@/lib/permissions";
import {
  createUserSchema, newPassword, resetPasswordSchema, updateUserSchema,
  type CreateUserInput, type ResetPasswordInput, type UpdateUserInput,
} from "@/lib/validations/user";
import { isDemoPassword } from "@/lib/demo-accounts";
import type { z } from "zod";

// User administration. Every write runs in one transaction with its audit row. Sessions live in
// the database and are looked up on every request (lib/data/auth.ts), so disabling a user or
// resetting their password ends their sessions here, and a new role applies on the next request.
// Passwords and their hashes never appear in an audit row or a DTO.

export const USERS_PAGE_SIZE = 50;

export type ProgramChoice = { id: number; code: string; nameKo: string; nameEn: string | null };

export type UserListItem = {
  id: number;
  email: string;
  name: string;
  role: Role;
  isDisabled: boolean;
  usesDemoPassword: boolean;
  managesUnassignedProjects: boolean;
  lastSignInAt: Date | null;
  programs: ProgramChoice[];
};

export type UserDetail = UserListItem & { version: number; createdAt: Date; updatedAt: Date; activeSessions: number };

const programSelect = { id: true, code: true, nameKo: true, nameEn: true } as const;

const userSelect = {
  id: true, email: true, name: true, role: true, isDisabled: true, usesDemoPassword: true, managesUnassignedProjects: true,
  lastSignInAt: true, version: true, createdAt: true, updatedAt: true,
  programs: { select: { program: { select: programSelect } }, orderBy: { programId: "asc" } },
} as const satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

function toListItem(row: UserRow): UserListItem {
  return {
    id: row.id, email: row.email, name: row.name, role: row.role, isDisabled: row.isDisabled,
    usesDemoPassword: row.usesDemoPassword, managesUnassignedProjects: row.managesUnassignedProjects,
    lastSignInAt: row.lastSignInAt, programs: row.programs.map((p) => p.program),
  };
}

/** The profile as the edit form shows it and as a conflict compares it (see lib/data/concurrency.ts). */
export function profileForForm(user: Pick<UserDetail, "name" | "role" | "programs" | "managesUnassignedProjects" | "isDisabled">): Record<string, string> {
  return {
    name: user.name,
    role: user.role,
    programIds: user.programs.map((p) => p.id).sort((a, b) => a - b).join(","),
    managesUnassignedProjects: String(user.managesUnassignedProjects),
    isDisabled: String(user.isDisabled),
  };
}

/** Parses again what the caller passes (a server action has parsed it already; a script may not have). */
function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  throw new AppError("VALIDATION", "VALIDATION", { fieldErrors });
}


function refuseDemoPassword(password: string): void {
  if (isDemoPassword(password)) throw fieldError("password", "passwordIsDemo");
}

async function assertProgramsExist(tx: Prisma.TransactionClient, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.program.count({ where: { id: { in: ids } } });
  if (found !== ids.length) throw fieldError("programIds", "programUnknown");
}

/** Programs apply to program managers only; other roles keep none, so the record says what applies. */
function scopeFor(role: Role, programIds: number[], managesUnassignedProjects: boolean) {
  return role === "PROGRAM_MANAGER" ? { programIds, managesUnassignedProjects } : { programIds: [], managesUnassignedProjects: false };
}

/** Users, enabled first, by e-mail, a page at a time. Permission: user.manage. */
export async function listUsers(actor: Actor | null, options: { page?: number } = {}): Promise<{ items: UserListItem[]; total: number; page: number; pageCount: number }> {
  await authorize(actor, "user.manage");
  const total = await db().user.count();
  const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await db().user.findMany({
    select: userSelect,
    orderBy: [{ isDisabled: "asc" }, { email: "asc" }],
    skip: (page - 1) * USERS_PAGE_SIZE,
    take: USERS_PAGE_SIZE,
  });
  return { items: rows.map(toListItem), total, page, pageCount };
}

/** One user with the number of their open sessions, or null. Permission: user.manage. */
export async function getUser(actor: Actor | null, id: number): Promise<UserDetail | null> {
  await authorize(actor, "user.manage");
  if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const row = await db().user.findUnique({ where: { id }, select: userSelect });
  if (!row) return null;
  const activeSessions = await db().userSession.count({ where: { userId: id, expiresAt: { gt: new Date() } } });
  return { ...toListItem(row), version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt, activeSessions };
}

/** Every program, for the assignment checkboxes. Permission: user.manage. */
export async function listProgramChoices(actor: Actor | null): Promise<ProgramChoice[]> {
  await authorize(actor, "user.manage");
  return db().program.findMany({ select: programSelect, orderBy: [{ nameKo: "asc" }, { id: "asc" }] });
}

/** Creates a user with an initial password. Permission: user.manage. */
export async function createUser(actor: Actor | null, input: CreateUserInput): Promise<{ id: number }> {
  const who = await authorize(actor, "user.manage", { programId: null, entityType: "user" });
  const data = parseOrThrow(createUserSchema, input);
  refuseDemoPassword(data.password);
  const scope = scopeFor(data.role, data.programIds, data.managesUnassignedProjects);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db().$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw fieldError("email", "emailTaken");
      await assertProgramsExist(tx, scope.programIds);
      const user = await tx.user.create({
        data: {
          email: data.email, name: data.name, role: data.role, passwordHash,
          managesUnassignedProjects: scope.managesUnassignedProjects,
          programs: { create: scope.programIds.map((programId) => ({ programId })) },
        },
        select: { id: true },
      });
      await recordAudit(tx, who, {
        action: "user.create", entityType: "user", entityId: user.id,
        after: { email: data.email, name: data.name, role: data.role, ...scope },
      });
      return user;
    });
  } catch (error) {
    // Someone created the same e-mail between our check and the insert.
    if (isUniqueViolation(error)) throw fieldError("email", "emailTaken");
    throw error;
  }
}

/**
 * Changes a user's name, role, programs and status, from the version the form showed (no lost
 * updates). Disabling ends the user's sessions; an admin may not disable or demote themselves.
 * Permission: user.manage.
 */
export async function updateUser(actor: Actor | null, input: UpdateUserInput): Promise<{ version: number }> {
  const who = await authorize(actor, "user.manage", { programId: null, entityType: "user", entityId: input.id });
  const data = parseOrThrow(updateUserSchema, input);
  if (data.id === who.id && data.role !== "ADMIN") throw fieldError("role", "cannotDemoteSelf");
  if (data.id === who.id && data.isDisabled) throw fieldError("isDisabled", "cannotDisableSelf");
  const scope = scopeFor(data.role, data.programIds, data.managesUnassignedProjects);
  return db().$transaction(async (tx) => {
    const beforeRow = await tx.user.findUnique({ where: { id: data.id }, select: userSelect });
    if (!beforeRow) throw new AppError("NOT_FOUND");
    await assertProgramsExist(tx, scope.programIds);
    // The version check and the write are one statement: of two saves from the same version,
    // the second waits for the first's row lock, then matches no row.
    const { count } = await tx.user.updateMany({
      where: { id: data.id, version: data.version },
      data: {
        name: data.name, role: data.role, isDisabled: data.isDisabled,
        managesUnassignedProjects: scope.managesUnassignedProjects, version: { increment: 1 },
      },
    });
    if (count === 0) {
      const current = await tx.user.findUniqueOrThrow({ where: { id: data.id }, select: userSelect });
      throw conflictError(changedSince(parseShown(data.shown), profileForForm(toListItem(current))), current.version);
    }
    await tx.programAssignment.deleteMany({ where: { userId: data.id, programId: { notIn: scope.programIds } } });
    if (scope.programIds.length) {
      await tx.programAssignment.createMany({ data: scope.programIds.map((programId) => ({ userId: data.id, programId })), skipDuplicates: true });
    }
    const endedSessions = data.isDisabled ? (await tx.userSession.deleteMany({ where: { userId: data.id } })).count : 0;
    const before = toListItem(beforeRow);
    await recordAudit(tx, who, {
      action: data.isDisabled && !before.isDisabled ? "user.disable" : !data.isDisabled && before.isDisabled ? "user.enable" : "user.update",
      entityType: "user", entityId: data.id,
      before: { name: before.name, role: before.role, isDisabled: before.isDisabled, programIds: before.programs.map((p) => p.id), managesUnassignedProjects: before.managesUnassignedProjects },
      after: { name: data.name, role: data.role, isDisabled: data.isDisabled, ...scope, ...(endedSessions ? { endedSessions } : {}) },
    });
    return { version: beforeRow.version + 1 };
  });
}

async function setPassword(who: Who, userId: number, password: string, reason?: string): Promise<{ endedSessions: number }> {
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError("NOT_FOUND");
    // The profile's version is left alone: a new password conflicts with no one's edit form.
    await tx.user.update({ where: { id: userId }, data: { passwordHash, usesDemoPassword: false } });
    const { count } = await tx.userSession.deleteMany({ where: { userId } });
    await recordAudit(tx, who, { action: "user.resetPassword", entityType: "user", entityId: userId, after: { usesDemoPassword: false, endedSessions: count }, reason });
    return { endedSessions: count };
  });
}

/** Sets a new password for a user and ends all their sessions. Permission: user.manage. */
export async function resetPassword(actor: Actor | null, input: ResetPasswordInput): Promise<{ endedSessions: number }> {
  const who = await authorize(actor, "user.manage", { programId: null, entityType: "user", entityId: input.id });
  const data = parseOrThrow(resetPasswordSchema, input);
  refuseDemoPassword(data.password);
  return setPassword(who, data.id, data.password);
}

/**
 * For the operator's command line (scripts/set-password.ts), which has shell access to the
 * database anyway: no signed-in actor; audited with actor null. Throws NOT_FOUND for an unknown
 * e-mail and VALIDATION for a password that is too short, too long or a demo password.
 */
export async function setPasswordFromCommandLine(email: string, password: string): Promise<{ endedSessions: number }> {
  const parsed = newPassword.safeParse(password);
  if (!parsed.success) throw fieldError("password", parsed.error.issues[0]?.message ?? "invalid");
  refuseDemoPassword(password);
  const user = await db().user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND");
  return setPassword({ id: null, email: null, ip: null }, user.id, password, "set on the command line (npm run user:set-password)");
}

/**
 * For the operator's command line (scripts/user-create.ts, `npm run user:create`): creates a user
 * with the same rules as the user admin (e-mail, name, role, password; no demo password), audited
 * as "user.create" by nobody (actor null) with the reason. Throws VALIDATION naming the field.
 */
export async function createUserFromCommandLine(input: { email: string; name: string; role: Role; password: string }): Promise<{ id: number }> {
  const data = parseOrThrow(createUserSchema, { ...input, programIds: [], managesUnassignedProjects: false });
  refuseDemoPassword(data.password);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db().$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw fieldError("email", "emailTaken");
      const user = await tx.user.create({ data: { email: data.email, name: data.name, role: data.role, passwordHash }, select: { id: true } });
      await recordAudit(tx, { id: null, email: null, ip: null }, {
        action: "user.create", entityType: "user", entityId: user.id,
        after: { email: data.email, name: data.name, role: data.role, programIds: [], managesUnassignedProjects: false },
        reason: "created on the command line (npm run user:create)",
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError("email", "emailTaken");
    throw error;
  }
}

/**
 * E-mails of enabled users who still have a published demo password. No permission: read by the
 * start-up check (lib/server/demo-passwords.ts) before anyone can sign in.
 */
export async function listEnabledDemoPasswordUsers(): Promise<string[]> {
  const rows = await db().user.findMany({ where: { usesDemoPassword: true, isDisabled: false }, select: { email: true }, orderBy: { email: "asc" } });
  return rows.map((r) => r.email);
}
