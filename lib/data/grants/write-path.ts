import "server-only";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { claimProjectVersion } from "@/lib/data/project-structure/write-path";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { AppError, fieldError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor, Permission } from "@/lib/permissions";

// The write path every grant record shares (docs/decisions/0012-grants.md): gate (the project and
// the actor allowed to change it) → write(tx → claimProjectVersion → agreementOf → checks → the
// write → recordAudit) → the portfolio aggregates are invalidated. As for the other editors under a
// project (lib/data/project-structure/write-path.ts), the project's `version` is the concurrency
// token: every write names the version its page showed and moves it on in its transaction, and
// the audit row is written in the same transaction. The database refuses a payment beyond the
// awarded government amount (trigger payment_within_award): isConstraintError names it.
// One file per kind of record uses it: agreements.ts, payments.ts, spending.ts, settlement.ts;
// read.ts and dashboard.ts are the reads.

export type Tx = Prisma.TransactionClient;

/** Statuses under which an agreement is in force (협약, 변경 협약): payments may be made. */
export const SIGNED_STATUSES = new Set(["SIGNED", "AMENDED"]);

/** True when an error (or anything it wraps) comes from the named database constraint or trigger. */
export function isConstraintError(error: unknown, name: string): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || value === undefined || depth > 5 || seen.has(value)) return false;
    if (typeof value === "string") return value.includes(name);
    if (typeof value !== "object") return false;
    seen.add(value);
    if (value instanceof Error && value.message.includes(name)) return true;
    return Object.values(value as Record<string, unknown>).some((v) => visit(v, depth + 1)) ||
      (value instanceof Error && visit((value as { cause?: unknown }).cause, depth + 1));
  };
  return visit(error, 0);
}

/** The project a change belongs to, and the actor allowed to make it there. */
export async function gate(actor: Actor | null, projectId: number, permission: Permission, entityType: string, entityId?: number) {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { id: true, programId: true } });
  if (!project) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, permission, { programId: project.programId, projectId: project.id, entityType, entityId });
  return { who, project };
}

/** Runs one grant write in a transaction; the cached portfolio figures are dropped after it commits. */
export async function write<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db().$transaction(run);
  invalidatePortfolioAggregates();
  return result;
}

export const agreementHeader = {
  id: true, projectId: true, subProjectId: true, stage: true, fiscalYear: true, agreementNumber: true, signedOn: true,
  periodStart: true, periodEnd: true, status: true, version: true, noteKo: true,
} satisfies Prisma.AgreementSelect;

export type AgreementHeader = Prisma.AgreementGetPayload<{ select: typeof agreementHeader }>;

export async function agreementOf(tx: Tx, projectId: number, agreementId: number): Promise<AgreementHeader> {
  const found = await tx.agreement.findUnique({ where: { id: agreementId }, select: agreementHeader });
  if (!found || found.projectId !== projectId) throw fieldError("agreementId", "agreementUnknown");
  return found;
}

/**
 * The write path of a record under one agreement (its amounts, a payment, spending, a settlement):
 * gate, then in one transaction the agreement (which must be this project's) and the project's
 * version claimed, then `run` with them; the portfolio aggregates are dropped after the commit.
 */
export async function writeUnderAgreement<T>(
  actor: Actor | null,
  input: { projectId: number; agreementId: number; version: number },
  target: { permission: Permission; entityType: string; entityId?: number },
  run: (tx: Tx, context: { who: Actor; project: { id: number; programId: number | null }; agreement: AgreementHeader; version: number }) => Promise<T>,
): Promise<T> {
  const { who, project } = await gate(actor, input.projectId, target.permission, target.entityType, target.entityId);
  return write(async (tx) => {
    const agreement = await agreementOf(tx, project.id, input.agreementId);
    const version = await claimProjectVersion(tx, project.id, input.version);
    return run(tx, { who, project, agreement, version });
  });
}

/** A settled institution (정산) takes no more payments or spending under that agreement. */
export async function assertNotSettled(tx: Tx, agreementId: number, institutionId: number, field: string) {
  const settled = await tx.settlement.count({ where: { agreementId, institutionId } });
  if (settled) throw fieldError(field, "agreementSettled");
}
