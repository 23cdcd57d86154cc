import "server-only";
import { db } from "@/lib/db";
import { display, type Comparable } from "@/lib/data/concurrency";
import type { Prisma } from "@/lib/generated/prisma/client";

// The audit trail: every write records its entry in the same transaction as the change (house
// style rule 11); denied actions and failed sign-ins are recorded on their own, since nothing else
// is written. Rows cannot be updated or deleted (a database trigger refuses it, and the app's role
// has no such privilege), and each is chained to the previous one by a hash computed in the
// database (docs/decisions/0020-audit-hash-chain.md; `npm run audit:verify`).

export type AuditEntry = {
  action: string;
  entityType?: string;
  entityId?: string | number;
  projectId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string;
};

/** Who acted: a signed-in actor, or an anonymous visitor (id null) such as someone signing in. */
export type Who = { id: number | null; email: string | null; ip: string | null };

/** JSON for the audit columns: bigint as string (exact won), dates as ISO strings. */
export function toAuditJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as Prisma.InputJsonValue;
}

function row(who: Who, entry: AuditEntry, outcome: "SUCCESS" | "DENIED" | "FAILED"): Prisma.AuditLogCreateInput {
  return {
    actorId: who.id,
    actorEmail: who.email,
    ip: who.ip,
    action: entry.action,
    outcome,
    entityType: entry.entityType,
    entityId: entry.entityId === undefined ? undefined : String(entry.entityId),
    projectId: entry.projectId ?? undefined,
    before: toAuditJson(entry.before),
    after: toAuditJson(entry.after),
    reason: entry.reason?.slice(0, 300),
  };
}

/** Records a successful change inside the caller's transaction. */
export async function recordAudit(tx: Prisma.TransactionClient, who: Who, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: row(who, entry, "SUCCESS") });
}

/** Records an entry with the given outcome inside the caller's transaction (e.g. a failed sign-in with its attempt). */
export async function recordOutcome(tx: Prisma.TransactionClient, who: Who, entry: AuditEntry, outcome: "SUCCESS" | "DENIED" | "FAILED"): Promise<void> {
  await tx.auditLog.create({ data: row(who, entry, outcome) });
}

/** Records an action that was refused (not allowed, or failed), outside any transaction. */
export async function recordRefusal(who: Who, entry: AuditEntry, outcome: "DENIED" | "FAILED"): Promise<void> {
  await db().auditLog.create({ data: row(who, entry, outcome) });
}

/**
 * The fields whose shown value differs between two snapshots, with their values before and after:
 * what an update's audit row and the history record (compared as the forms show them, so a Decimal
 * 1.50 and 1.5 or a date and its midnight timestamp are not changes).
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T, keys: readonly (keyof T & string)[] = Object.keys(after)): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changed = keys.filter((k) => display(before[k] as Comparable) !== display(after[k] as Comparable));
  return { before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])) };
}
