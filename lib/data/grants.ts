import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/data/audit";
import { authorize } from "@/lib/data/guard";
import { claimProjectVersion } from "@/lib/data/project-structure/write-path";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { can, type Actor, type Permission } from "@/lib/permissions";
import { editableProjectsSql, readableProjectsSql, readableProjectsWhere, readableScopeKey } from "@/lib/scope";
import {
  checkGrantAgreements, GRANT_BEHIND_AFTER, GRANT_PAYMENT_GRACE_DAYS, GRANT_SETTLEMENT_DUE_DAYS, GRANT_SPENDING_GAP, type GrantFlag,
} from "@/lib/quality/checks";
import { cachedAggregate } from "@/lib/data/aggregate-cache";
import type {
  AgreementAmountsInput, AgreementInput, PaymentInput, RemoveGrantRowInput, SettlementInput, SpendingInput,
} from "@/lib/validations/grants";

// Size (above the 300-line rule, issue 11): one file per entity would split one transaction
// protocol (claim the project version, check the agreement, write, audit, refresh the rolled-up
// figures) that every grant write shares; the agreement, payment, spending and settlement writes
// are kept together so that protocol is read once. Split it the way lib/data/project-structure is
// split when a fifth kind of grant record arrives.
// Grants (docs/decisions/0012-grants.md): agreements per stage and year with their awarded amounts
// per institution (funding lines linked to the agreement), payments, spending by cost category and
// settlements. Internal records: no public page reads payment, spending or settlement.
// As for the other editors under a project, the project's `version` is the concurrency token: every
// write names the version its page showed and moves it on first thing in its transaction; the audit
// row is written in the same transaction. The database refuses a payment beyond the awarded
// government amount (trigger payment_within_award); that refusal is named on the amount field.

type Tx = Prisma.TransactionClient;

/** Statuses under which an agreement is in force (협약, 변경 협약): payments may be made. */
const SIGNED_STATUSES = new Set(["SIGNED", "AMENDED"]);


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
async function gate(actor: Actor | null, projectId: number, permission: Permission, entityType: string, entityId?: number) {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { id: true, programId: true } });
  if (!project) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, permission, { programId: project.programId, projectId: project.id, entityType, entityId });
  return { who, project };
}

async function write<T>(run: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db().$transaction(run);
  invalidatePortfolioAggregates();
  return result;
}

const agreementHeader = {
  id: true, projectId: true, subProjectId: true, stage: true, fiscalYear: true, agreementNumber: true, signedOn: true,
  periodStart: true, periodEnd: true, status: true, version: true, noteKo: true,
} satisfies Prisma.AgreementSelect;

type AgreementHeader = Prisma.AgreementGetPayload<{ select: typeof agreementHeader }>;

async function agreementOf(tx: Tx, projectId: number, agreementId: number): Promise<AgreementHeader> {
  const found = await tx.agreement.findUnique({ where: { id: agreementId }, select: agreementHeader });
  if (!found || found.projectId !== projectId) throw fieldError("agreementId", "agreementUnknown");
  return found;
}

function headerSnapshot(a: AgreementHeader) {
  return {
    subProjectId: a.subProjectId, stage: a.stage, fiscalYear: a.fiscalYear, agreementNumber: a.agreementNumber,
    signedOn: a.signedOn?.toISOString().slice(0, 10) ?? null, periodStart: a.periodStart?.toISOString().slice(0, 10) ?? null,
    periodEnd: a.periodEnd?.toISOString().slice(0, 10) ?? null, status: a.status, noteKo: a.noteKo,
  };
}

async function amountsSnapshot(tx: Tx, agreementId: number) {
  const lines = await tx.fundingLine.findMany({
    where: { agreementId },
    select: { institutionId: true, governmentWon: true, privateCashWon: true, privateInKindWon: true, institution: { select: { nameKo: true } } },
    orderBy: [{ institutionId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  });
  return lines.map((l) => ({
    institutionId: l.institutionId, institutionNameKo: l.institution?.nameKo ?? null,
    governmentWon: l.governmentWon?.toString() ?? null, privateCashWon: l.privateCashWon?.toString() ?? null, privateInKindWon: l.privateInKindWon?.toString() ?? null,
  }));
}

/** Keeps the version being replaced (변경 협약): its header and amounts as they stood. */
async function keepRevision(tx: Tx, who: Actor, current: AgreementHeader, reason: string | null) {
  await tx.agreementRevision.create({
    data: {
      agreementId: current.id, version: current.version, header: headerSnapshot(current), amounts: await amountsSnapshot(tx, current.id),
      reason, actorId: who.id,
    },
  });
}

/** An agreement for the same project, sub-project and year, with the same stage or an unrecorded one. */
async function findClash(tx: Tx, projectId: number, scope: { subProjectId: number | null; stage: number | null; fiscalYear: number }, exceptId?: number) {
  return tx.agreement.findFirst({
    where: {
      projectId, subProjectId: scope.subProjectId, fiscalYear: scope.fiscalYear,
      ...(scope.stage === null ? {} : { OR: [{ stage: scope.stage }, { stage: null }] }),
      ...(exceptId === undefined ? {} : { NOT: { id: exceptId } }),
    },
    select: { id: true },
  });
}

async function assertSubProjectOf(tx: Tx, projectId: number, subProjectId: number | null) {
  if (subProjectId === null) return;
  const sub = await tx.subProject.count({ where: { id: subProjectId, projectId } });
  if (!sub) throw fieldError("subProjectId", "subProjectUnknown");
}

async function assertParticipant(tx: Tx, projectId: number, institutionId: number, field: string) {
  const count = await tx.participation.count({ where: { projectId, institutionId } });
  if (!count) throw fieldError(field, "institutionNotParticipating");
}

async function assertNotSettled(tx: Tx, agreementId: number, institutionId: number, field: string) {
  const settled = await tx.settlement.count({ where: { agreementId, institutionId } });
  if (settled) throw fieldError(field, "agreementSettled");
}

// ---------------------------------------------------------------------------------------------
// Agreements

/**
 * Records a new agreement or changes one. While an agreement is not yet signed (협약 전) or its
 * status is not recorded, a change corrects it in place. Once signed, every change is an amendment
 * (변경 협약): the version it replaces is kept in agreement_revision, the version moves on and the
 * status becomes 변경 협약 (unless the change is a termination). A new agreement takes over the
 * unlinked funding lines of its scope; a changed scope moves its funding lines along.
 * Permission: agreement.write, scoped to the project's program.
 */
export async function saveAgreement(actor: Actor | null, input: AgreementInput): Promise<{ id: number; version: number }> {
  const { who, project } = await gate(actor, input.projectId, "agreement.write", "agreement", input.id ?? undefined);
  return write(async (tx) => {
    const current = input.id === null ? null : await agreementOf(tx, project.id, input.id);
    const version = await claimProjectVersion(tx, project.id, input.version);
    await assertSubProjectOf(tx, project.id, input.subProjectId);
    const scope = { subProjectId: input.subProjectId, stage: input.stage, fiscalYear: input.fiscalYear };
    if (await findClash(tx, project.id, scope, current?.id)) throw fieldError("fiscalYear", "agreementDuplicate");
    const header = {
      ...scope, agreementNumber: input.agreementNumber, signedOn: input.signedOn, periodStart: input.periodStart, periodEnd: input.periodEnd,
      status: input.status, noteKo: input.noteKo,
    };
    if (current === null) {
      const created = await tx.agreement.create({ data: { ...header, projectId: project.id }, select: agreementHeader });
      await tx.fundingLine.updateMany({
        where: { projectId: project.id, agreementId: null, subProjectId: scope.subProjectId, fiscalYear: scope.fiscalYear, stage: scope.stage },
        data: { agreementId: created.id },
      });
      await refreshProjectDerived(tx, project.id);
      await recordAudit(tx, who, { action: "agreement.create", entityType: "agreement", entityId: created.id, projectId: project.id, after: headerSnapshot(created) });
      return { id: created.id, version };
    }
    const before = headerSnapshot(current);
    const changed = JSON.stringify(before) !== JSON.stringify(headerSnapshot({ ...current, ...header }));
    if (!changed) return { id: current.id, version };
    const isAmendment = current.status !== null && SIGNED_STATUSES.has(current.status);
    if (isAmendment && input.reason === null) throw fieldError("reason", "amendmentReasonRequired");
    if (isAmendment) await keepRevision(tx, who, current, input.reason);
    const status = isAmendment && input.status === "SIGNED" ? "AMENDED" : input.status;
    const updated = await tx.agreement.update({
      where: { id: current.id },
      data: { ...header, status, version: isAmendment ? current.version + 1 : current.version },
      select: agreementHeader,
    });
    // The awarded amounts follow their agreement's scope, so totals by year and stage stay right.
    await tx.fundingLine.updateMany({ where: { agreementId: current.id }, data: { subProjectId: scope.subProjectId, fiscalYear: scope.fiscalYear, stage: scope.stage } });
    await refreshProjectDerived(tx, project.id);
    await recordAudit(tx, who, {
      action: isAmendment ? "agreement.amend" : "agreement.update", entityType: "agreement", entityId: current.id, projectId: project.id,
      before, after: headerSnapshot(updated), reason: input.reason ?? undefined,
    });
    return { id: current.id, version };
  });
}

/**
 * Sets the awarded amounts (정부출연금, 민간부담금 현금·현물) of an agreement per participating
 * institution: one funding line per institution, all three amounts empty removes it. A signed
 * agreement's change is an amendment (its previous amounts are kept, see saveAgreement). Lowering
 * an institution's government amount below what it was already paid is refused (the database
 * refuses it too). Permission: agreement.write, scoped to the project's program.
 */
export async function saveAgreementAmounts(actor: Actor | null, input: AgreementAmountsInput): Promise<{ version: number }> {
  const { who, project } = await gate(actor, input.projectId, "agreement.write", "agreement", input.agreementId);
  try {
    return await write(async (tx) => {
      const agreement = await agreementOf(tx, project.id, input.agreementId);
      const version = await claimProjectVersion(tx, project.id, input.version);
      const unassigned = await tx.fundingLine.count({ where: { agreementId: agreement.id, institutionId: null } });
      if (unassigned) throw fieldError("form", "agreementHasUnassignedAmount");
      const existing = await tx.fundingLine.findMany({
        where: { agreementId: agreement.id },
        select: { id: true, institutionId: true, governmentWon: true, privateCashWon: true, privateInKindWon: true },
      });
      const paid = await tx.payment.groupBy({ by: ["institutionId"], where: { agreementId: agreement.id }, _sum: { amountWon: true } });
      const changes: { institutionId: number; before: unknown; after: unknown }[] = [];
      const plans: (() => Promise<unknown>)[] = [];
      for (const row of input.rows) {
        const line = existing.find((l) => l.institutionId === row.institutionId);
        const isEmpty = row.governmentWon === null && row.privateCashWon === null && row.privateInKindWon === null;
        const same = line && line.governmentWon === row.governmentWon && line.privateCashWon === row.privateCashWon && line.privateInKindWon === row.privateInKindWon;
        if ((isEmpty && !line) || same) continue;
        await assertParticipant(tx, project.id, row.institutionId, `governmentWon_${row.institutionId}`);
        const paidSoFar = paid.find((p) => p.institutionId === row.institutionId)?._sum.amountWon ?? 0n;
        if (paidSoFar > 0n && (row.governmentWon === null || row.governmentWon < paidSoFar)) {
          throw fieldError(`governmentWon_${row.institutionId}`, "awardBelowPaid");
        }
        const amounts = { governmentWon: row.governmentWon, privateCashWon: row.privateCashWon, privateInKindWon: row.privateInKindWon };
        changes.push({ institutionId: row.institutionId, before: line ? { governmentWon: line.governmentWon, privateCashWon: line.privateCashWon, privateInKindWon: line.privateInKindWon } : null, after: isEmpty ? null : amounts });
        if (isEmpty && line) plans.push(() => tx.fundingLine.delete({ where: { id: line.id } }));
        else if (line) plans.push(() => tx.fundingLine.update({ where: { id: line.id }, data: { ...amounts, sourceId: null } }));
        else plans.push(() => tx.fundingLine.create({
          data: {
            ...amounts, projectId: project.id, subProjectId: agreement.subProjectId, fiscalYear: agreement.fiscalYear, stage: agreement.stage,
            agreementId: agreement.id, institutionId: row.institutionId,
          },
        }));
      }
      if (changes.length === 0) return { version };
      // Filling in the amounts of a signed agreement that had none completes it; changing them amends it.
      const isAmendment = agreement.status !== null && SIGNED_STATUSES.has(agreement.status) && existing.length > 0;
      if (isAmendment && input.reason === null) throw fieldError("reason", "amendmentReasonRequired");
      if (isAmendment) {
        await keepRevision(tx, who, agreement, input.reason);
        await tx.agreement.update({ where: { id: agreement.id }, data: { version: agreement.version + 1, status: "AMENDED" } });
      }
      for (const plan of plans) await plan();
      await refreshProjectDerived(tx, project.id);
      await recordAudit(tx, who, {
        action: isAmendment ? "agreement.amend" : "agreement.amounts", entityType: "agreement", entityId: agreement.id, projectId: project.id,
        before: changes.map((c) => ({ institutionId: c.institutionId, amounts: c.before })), after: changes.map((c) => ({ institutionId: c.institutionId, amounts: c.after })),
        reason: input.reason ?? undefined,
      });
      return { version };
    });
  } catch (error) {
    // The deferred database check (at commit) backs up the check above.
    if (isConstraintError(error, "payment_within_award")) throw fieldError("form", "awardBelowPaid");
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Payments

/**
 * Records an installment (출연금 지급) to an institution under a signed agreement. The database
 * refuses it when the institution's total paid would exceed its awarded government amount; the
 * refusal is named on the amount field. Permission: payment.write, scoped to the project's program.
 */
export async function recordPayment(actor: Actor | null, input: PaymentInput): Promise<{ id: number; version: number }> {
  const { who, project } = await gate(actor, input.projectId, "payment.write", "payment");
  try {
    return await write(async (tx) => {
      const agreement = await agreementOf(tx, project.id, input.agreementId);
      const version = await claimProjectVersion(tx, project.id, input.version);
      if (agreement.status === null || !SIGNED_STATUSES.has(agreement.status)) throw fieldError("agreementId", "agreementNotSigned");
      await assertNotSettled(tx, agreement.id, input.institutionId, "institutionId");
      const created = await tx.payment.create({
        data: { agreementId: agreement.id, institutionId: input.institutionId, paidOn: input.paidOn, amountWon: input.amountWon, noteKo: input.noteKo },
        select: { id: true },
      });
      await recordAudit(tx, who, {
        action: "payment.create", entityType: "payment", entityId: created.id, projectId: project.id,
        after: { agreementId: agreement.id, institutionId: input.institutionId, paidOn: input.paidOn.toISOString().slice(0, 10), amountWon: input.amountWon, noteKo: input.noteKo },
      });
      return { id: created.id, version };
    });
  } catch (error) {
    if (isConstraintError(error, "payment_within_award")) throw fieldError("amountWon", "paymentExceedsAward");
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw fieldError("institutionId", "institutionUnknown");
    throw error;
  }
}

/** Deletes a payment recorded by mistake. Permission: payment.write, scoped to the project's program. */
export async function deletePayment(actor: Actor | null, input: RemoveGrantRowInput): Promise<{ version: number }> {
  const payment = await db().payment.findUnique({ where: { id: input.id }, select: { agreement: { select: { projectId: true } } } });
  if (!payment || payment.agreement.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, input.projectId, "payment.write", "payment", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.payment.findUnique({ where: { id: input.id }, select: { agreementId: true, institutionId: true, paidOn: true, amountWon: true } });
    if (!current) throw new AppError("NOT_FOUND");
    await assertNotSettled(tx, current.agreementId, current.institutionId, "form");
    await tx.payment.delete({ where: { id: input.id } });
    await recordAudit(tx, who, { action: "payment.delete", entityType: "payment", entityId: input.id, projectId: project.id, before: { ...current, paidOn: current.paidOn.toISOString().slice(0, 10) } });
    return { version };
  });
}

// ---------------------------------------------------------------------------------------------
// Spending

/**
 * Records what one institution spent under one agreement in one period, by cost category (비목):
 * each given category's figure for that period is set (inserted or replaced); categories not given
 * are left as they are. A category must be in force during the period. The spreadsheet import
 * applies the same rules to many rows at once (planSpending in lib/data/import-spending.ts): keep
 * the two in step.
 * Permission: spending.write, scoped to the project's program.
 */
export async function recordSpending(actor: Actor | null, input: SpendingInput): Promise<{ version: number; saved: number }> {
  const { who, project } = await gate(actor, input.projectId, "spending.write", "spending");
  try {
    return await write(async (tx) => {
      const agreement = await agreementOf(tx, project.id, input.agreementId);
      const version = await claimProjectVersion(tx, project.id, input.version);
      if (agreement.status === "PENDING") throw fieldError("agreementId", "agreementNotSigned");
      const awarded = await tx.fundingLine.count({ where: { agreementId: agreement.id, institutionId: input.institutionId } });
      if (!awarded) throw fieldError("institutionId", "institutionNotAwarded");
      await assertNotSettled(tx, agreement.id, input.institutionId, "institutionId");
      const categories = await tx.costCategory.findMany({
        where: { code: { in: input.rows.map((r) => r.costCategoryCode) } },
        select: { id: true, code: true, validFrom: true, validTo: true },
      });
      const changes: { category: string; before: bigint | null; after: bigint }[] = [];
      for (const row of input.rows) {
        const category = categories.find((c) => c.code === row.costCategoryCode);
        const field = `spent_${row.costCategoryCode}`;
        if (!category) throw fieldError(field, "costCategoryUnknown");
        if ((category.validFrom && category.validFrom > input.periodEnd) || (category.validTo && category.validTo < input.periodStart)) {
          throw fieldError(field, "costCategoryNotInForce");
        }
        const key = { agreementId: agreement.id, institutionId: input.institutionId, costCategoryId: category.id, periodStart: input.periodStart };
        const before = await tx.spending.findUnique({ where: { agreementId_institutionId_costCategoryId_periodStart: key }, select: { amountWon: true } });
        if (before?.amountWon === row.amountWon) continue;
        await tx.spending.upsert({
          where: { agreementId_institutionId_costCategoryId_periodStart: key },
          create: { ...key, periodEnd: input.periodEnd, amountWon: row.amountWon },
          update: { periodEnd: input.periodEnd, amountWon: row.amountWon },
        });
        changes.push({ category: row.costCategoryCode, before: before?.amountWon ?? null, after: row.amountWon });
      }
      if (changes.length > 0) {
        await recordAudit(tx, who, {
          action: "spending.record", entityType: "agreement", entityId: agreement.id, projectId: project.id,
          before: { institutionId: input.institutionId, period: input.periodStart.toISOString().slice(0, 10), amounts: Object.fromEntries(changes.map((c) => [c.category, c.before])) },
          after: { institutionId: input.institutionId, period: input.periodStart.toISOString().slice(0, 10), amounts: Object.fromEntries(changes.map((c) => [c.category, c.after])) },
        });
      }
      return { version, saved: changes.length };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw fieldError("institutionId", "institutionUnknown");
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Settlements

/**
 * Records (or corrects) the settlement (정산) of one institution's part of an agreement: recognised
 * and disallowed spending with the reason, the amount to return and when it was returned. A
 * settlement closes that agreement year for the institution: no more payments or spending.
 * Permission: settlement.write, scoped to the project's program.
 */
export async function saveSettlement(actor: Actor | null, input: SettlementInput): Promise<{ id: number; version: number }> {
  const { who, project } = await gate(actor, input.projectId, "settlement.write", "settlement");
  return write(async (tx) => {
    const agreement = await agreementOf(tx, project.id, input.agreementId);
    const version = await claimProjectVersion(tx, project.id, input.version);
    const awarded = await tx.fundingLine.count({ where: { agreementId: agreement.id, institutionId: input.institutionId } });
    if (!awarded) throw fieldError("institutionId", "institutionNotAwarded");
    const data = {
      settledOn: input.settledOn, recognisedWon: input.recognisedWon, disallowedWon: input.disallowedWon, disallowedReason: input.disallowedReason,
      toReturnWon: input.toReturnWon, returnedOn: input.returnedOn,
    };
    const key = { agreementId: agreement.id, institutionId: input.institutionId };
    const before = await tx.settlement.findUnique({ where: { agreementId_institutionId: key }, select: { id: true, ...Object.fromEntries(Object.keys(data).map((k) => [k, true])) } as Prisma.SettlementSelect });
    const saved = await tx.settlement.upsert({ where: { agreementId_institutionId: key }, create: { ...key, ...data }, update: data, select: { id: true } });
    await recordAudit(tx, who, {
      action: "settlement.save", entityType: "settlement", entityId: saved.id, projectId: project.id,
      before: before ?? undefined, after: { ...key, ...data },
    });
    return { id: saved.id, version };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

export type GrantFigures = {
  /** 정부출연금 awarded; null when any part is unknown. */
  awardedWon: bigint | null;
  paidWon: bigint;
  spentWon: bigint;
  recognisedWon: bigint;
  disallowedWon: bigint;
  toReturnWon: bigint;
  /** Returned: the to-return amounts of settlements with a return date. */
  returnedWon: bigint;
};

type FigureRow = {
  awarded: bigint | null; awarded_unknown: boolean | null; paid: bigint | null; spent: bigint | null;
  recognised: bigint | null; disallowed: bigint | null; to_return: bigint | null; returned: bigint | null;
};

function figures(r: FigureRow): GrantFigures {
  return {
    awardedWon: r.awarded_unknown ? null : r.awarded, paidWon: r.paid ?? 0n, spentWon: r.spent ?? 0n, recognisedWon: r.recognised ?? 0n,
    disallowedWon: r.disallowed ?? 0n, toReturnWon: r.to_return ?? 0n, returnedWon: r.returned ?? 0n,
  };
}

/**
 * The grant figures of the given projects' agreements per agreement × institution, rolled up in one
 * query by GROUPING SETS: per agreement, per institution, per fiscal year, per project and overall.
 * Awarded is the government contribution of the agreements' funding lines.
 */
async function rollUp(projectIds: number[]) {
  const rows = await db().$queryRaw<(FigureRow & {
    project_id: number | null; agreement_id: number | null; institution_id: number | null; fiscal_year: number | null;
    g_project: number; g_agreement: number; g_institution: number; g_year: number;
  })[]>`
    WITH a AS (
      SELECT id, project_id, fiscal_year FROM agreement WHERE project_id = ANY(${projectIds}::int[])
    ), awarded AS (
      SELECT f.agreement_id, f.institution_id, SUM(f.government_won) AS gov, bool_or(f.government_won IS NULL) AS unknown
      FROM funding_line f JOIN a ON a.id = f.agreement_id GROUP BY 1, 2
    ), paid AS (
      SELECT p.agreement_id, p.institution_id, SUM(p.amount_won) AS paid FROM payment p JOIN a ON a.id = p.agreement_id GROUP BY 1, 2
    ), spent AS (
      SELECT s.agreement_id, s.institution_id, SUM(s.amount_won) AS spent FROM spending s JOIN a ON a.id = s.agreement_id GROUP BY 1, 2
    ), settled AS (
      SELECT st.agreement_id, st.institution_id, st.recognised_won, st.disallowed_won, st.to_return_won, st.returned_on
      FROM settlement st JOIN a ON a.id = st.agreement_id
    ), keys AS (
      SELECT agreement_id, institution_id FROM awarded UNION SELECT agreement_id, institution_id FROM paid
      UNION SELECT agreement_id, institution_id FROM spent UNION SELECT agreement_id, institution_id FROM settled
    ), base AS (
      SELECT a.project_id, k.agreement_id, k.institution_id, a.fiscal_year,
        aw.gov, (aw.gov IS NULL OR aw.unknown) AS unknown, pd.paid, sp.spent,
        st.recognised_won, st.disallowed_won, st.to_return_won, CASE WHEN st.returned_on IS NOT NULL THEN st.to_return_won END AS returned
      FROM keys k JOIN a ON a.id = k.agreement_id
      LEFT JOIN awarded aw ON aw.agreement_id = k.agreement_id AND aw.institution_id IS NOT DISTINCT FROM k.institution_id
      LEFT JOIN paid pd ON pd.agreement_id = k.agreement_id AND pd.institution_id IS NOT DISTINCT FROM k.institution_id
      LEFT JOIN spent sp ON sp.agreement_id = k.agreement_id AND sp.institution_id IS NOT DISTINCT FROM k.institution_id
      LEFT JOIN settled st ON st.agreement_id = k.agreement_id AND st.institution_id IS NOT DISTINCT FROM k.institution_id
    )
    SELECT project_id, agreement_id, institution_id, fiscal_year::int AS fiscal_year,
      GROUPING(project_id)::int AS g_project, GROUPING(agreement_id)::int AS g_agreement,
      GROUPING(institution_id)::int AS g_institution, GROUPING(fiscal_year)::int AS g_year,
      SUM(gov)::bigint AS awarded, bool_or(unknown) AS awarded_unknown, SUM(paid)::bigint AS paid, SUM(spent)::bigint AS spent,
      SUM(recognised_won)::bigint AS recognised, SUM(disallowed_won)::bigint AS disallowed, SUM(to_return_won)::bigint AS to_return,
      SUM(returned)::bigint AS returned
    FROM base
    GROUP BY GROUPING SETS ((project_id), (project_id, agreement_id), (project_id, institution_id), (project_id, fiscal_year), ())
  `;
  return rows;
}

/** Spending per cost category of the given projects, one row per project and category. */
async function spendingByCategory(projectIds: number[]) {
  return db().$queryRaw<{ project_id: number; cost_category_id: number; spent: bigint }[]>`
    SELECT a.project_id, s.cost_category_id, SUM(s.amount_won)::bigint AS spent
    FROM spending s JOIN agreement a ON a.id = s.agreement_id
    WHERE a.project_id = ANY(${projectIds}::int[])
    GROUP BY 1, 2
  `;
}

/** The cost categories (비목), in the order of the rules. Permission: grant.read. */
export async function listCostCategories(actor: Actor | null) {
  await authorize(actor, "grant.read");
  return db().costCategory.findMany({
    select: { id: true, code: true, nameKo: true, nameEn: true, kind: true, validFrom: true, validTo: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
}

export type CostCategoryRow = Awaited<ReturnType<typeof listCostCategories>>[number];

/** Share of the period elapsed on a day, 0..1; null without a period. */
export function elapsedShare(start: Date | null, end: Date | null, today: Date): number | null {
  if (!start || !end) return null;
  // The end day is inclusive.
  const total = end.getTime() + 86_400_000 - start.getTime();
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, (today.getTime() - start.getTime()) / total));
}

/** a ÷ b as a number for display and checks (not money); null when b is unknown or zero. */
export function ratio(a: bigint, b: bigint | null): number | null {
  if (b === null || b === 0n) return null;
  return Number((a * 1_000_000n) / b) / 1_000_000;
}

/**
 * Everything the grant tab shows for a project: agreements with their amendment history, awarded
 * amounts per institution, payments, settlements, and the roll-ups (per agreement, institution,
 * year, cost category and the project) with the burn rate.
 * Permission: grant.read (a program manager: published projects and own drafts).
 */
export async function getProjectGrants(actor: Actor | null, projectId: number, today: Date = new Date()) {
  const who = await authorize(actor, "grant.read");
  const project = await db().project.findFirst({
    where: { AND: [{ id: projectId }, readableProjectsWhere(who)] },
    select: {
      id: true, version: true, programId: true, titleKo: true, titleEn: true, periodStart: true, periodEnd: true,
      subProjects: { select: { id: true, seq: true, titleKo: true, titleEn: true }, orderBy: { seq: "asc" } },
      participations: { select: { institution: { select: { id: true, nameKo: true, nameEn: true } } }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] },
      agreements: {
        select: {
          ...agreementHeader,
          revisions: { select: { id: true, version: true, header: true, amounts: true, reason: true, createdAt: true }, orderBy: { version: "desc" } },
          fundingLines: {
            select: { id: true, institutionId: true, governmentWon: true, privateCashWon: true, privateInKindWon: true, institution: { select: { nameKo: true, nameEn: true } } },
            orderBy: [{ institutionId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
          },
          payments: { select: { id: true, institutionId: true, paidOn: true, amountWon: true, noteKo: true }, orderBy: [{ paidOn: "asc" }, { id: "asc" }] },
          settlements: {
            select: { id: true, institutionId: true, settledOn: true, recognisedWon: true, disallowedWon: true, disallowedReason: true, toReturnWon: true, returnedOn: true },
            orderBy: { institutionId: "asc" },
          },
        },
        orderBy: [{ fiscalYear: "asc" }, { stage: { sort: "asc", nulls: "first" } }, { subProjectId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      },
    },
  });
  if (!project) throw new AppError("NOT_FOUND");
  const [rows, byCategoryRows, categories] = await Promise.all([rollUp([project.id]), spendingByCategory([project.id]), listCostCategories(who)]);
  const totalRow = rows.find((r) => r.g_project === 0 && r.g_agreement === 1 && r.g_institution === 1 && r.g_year === 1);
  const total = totalRow ? figures(totalRow) : figures({} as FigureRow);
  if (!totalRow) total.awardedWon = null;
  const perAgreement = new Map(rows.filter((r) => r.g_agreement === 0).map((r) => [r.agreement_id as number, figures(r)]));
  const institutions = new Map<number, { id: number; nameKo: string; nameEn: string | null }>();
  for (const p of project.participations) institutions.set(p.institution.id, p.institution);
  for (const a of project.agreements) for (const l of a.fundingLines) if (l.institutionId !== null && l.institution) institutions.set(l.institutionId, { id: l.institutionId, ...l.institution });
  const byInstitution = rows.filter((r) => r.g_institution === 0 && r.g_project === 0).map((r) => ({
    institutionId: r.institution_id, name: r.institution_id === null ? null : (institutions.get(r.institution_id) ?? null), ...figures(r),
  }));
  const byYear = rows.filter((r) => r.g_year === 0 && r.g_project === 0).map((r) => ({ fiscalYear: r.fiscal_year as number, ...figures(r) }))
    .sort((x, y) => x.fiscalYear - y.fiscalYear);
  const byCategory = categories
    .map((c) => ({ ...c, spentWon: byCategoryRows.find((r) => r.cost_category_id === c.id)?.spent ?? 0n }))
    .filter((c) => c.spentWon > 0n || ((c.validTo === null || c.validTo >= project.periodStart) && (c.validFrom === null || c.validFrom <= project.periodEnd)));

  const agreements = project.agreements.map((a) => {
    const f = perAgreement.get(a.id) ?? { ...figures({} as FigureRow), awardedWon: null };
    return {
      ...a,
      figures: f,
      elapsed: elapsedShare(a.periodStart, a.periodEnd, today),
      spentOfPaid: ratio(f.spentWon, f.paidWon),
      spentOfAwarded: ratio(f.spentWon, f.awardedWon),
    };
  });
  const alerts: GrantFlag[] = checkGrantAgreements(agreements.map((a) => ({
    id: a.id, status: a.status, signedOn: a.signedOn, periodStart: a.periodStart, periodEnd: a.periodEnd,
    awardedWon: a.figures.awardedWon, paidWon: a.figures.paidWon, spentWon: a.figures.spentWon,
    awardedInstitutions: new Set(a.fundingLines.map((l) => l.institutionId)).size,
    settledInstitutions: a.settlements.length,
  })), today);
  const periods = agreements.filter((a) => a.periodStart && a.periodEnd && a.status !== "TERMINATED");
  const start = periods.length ? new Date(Math.min(...periods.map((a) => (a.periodStart as Date).getTime()))) : null;
  const end = periods.length ? new Date(Math.max(...periods.map((a) => (a.periodEnd as Date).getTime()))) : null;
  return {
    project: { id: project.id, version: project.version, titleKo: project.titleKo, titleEn: project.titleEn, periodStart: project.periodStart, periodEnd: project.periodEnd },
    subProjects: project.subProjects,
    institutions: [...institutions.values()],
    categories,
    agreements,
    total,
    burn: { spentOfPaid: ratio(total.spentWon, total.paidWon), spentOfAwarded: ratio(total.spentWon, total.awardedWon), elapsed: elapsedShare(start, end, today) },
    byInstitution,
    byYear,
    byCategory,
    alerts,
    canWrite: {
      agreement: can(who, "agreement.write", project), payment: can(who, "payment.write", project),
      spending: can(who, "spending.write", project), settlement: can(who, "settlement.write", project),
    },
  };
}

export type ProjectGrants = Awaited<ReturnType<typeof getProjectGrants>>;

/**
 * The internal grant rows of the comparison: per project, awarded, paid, spent and returned, the
 * spend rate and each cost category's share of spending. Signed-in users only.
 * Permission: grant.read (and only projects the actor may read).
 */
export async function getComparisonGrantFigures(actor: Actor | null, projectIds: number[]) {
  const who = await authorize(actor, "grant.read");
  const readable = await db().project.findMany({ where: { AND: [{ id: { in: projectIds } }, readableProjectsWhere(who)] }, select: { id: true } });
  const ids = readable.map((p) => p.id);
  type Entry = { figures: GrantFigures; hasAgreement: boolean; spendRate: number | null; spentByCategory: Map<number, bigint>; categoryShares: Map<number, number> };
  if (ids.length === 0) return { categories: [], projects: new Map<number, Entry>() };
  const [rows, byCategoryRows, categories, withAgreement] = await Promise.all([
    rollUp(ids), spendingByCategory(ids), listCostCategories(who),
    db().agreement.groupBy({ by: ["projectId"], where: { projectId: { in: ids } }, _count: { _all: true } }),
  ]);
  const projects = new Map<number, Entry>();
  for (const id of ids) {
    const row = rows.find((r) => r.g_project === 0 && r.project_id === id && r.g_agreement === 1 && r.g_institution === 1 && r.g_year === 1);
    const f = row ? figures(row) : { ...figures({} as FigureRow), awardedWon: null };
    const spent = byCategoryRows.filter((r) => r.project_id === id);
    const shares = new Map<number, number>();
    for (const r of spent) {
      const share = ratio(r.spent, f.spentWon);
      if (share !== null) shares.set(r.cost_category_id, share);
    }
    projects.set(id, {
      figures: f, hasAgreement: withAgreement.some((w) => w.projectId === id), spendRate: ratio(f.spentWon, f.awardedWon),
      spentByCategory: new Map(spent.map((r) => [r.cost_category_id, r.spent])), categoryShares: shares,
    });
  }
  const used = new Set(byCategoryRows.map((r) => r.cost_category_id));
  return { categories: categories.filter((c) => used.has(c.id)), projects };
}

export type GrantAlertRow = {
  projectId: number; titleKo: string; titleEn: string | null; agreementId: number; stage: number | null; fiscalYear: number;
  code: GrantFlag["code"]; days: number | null; spentShare: number | null; elapsedShare: number | null;
};

/**
 * The data-check list's grant alerts across the portfolio the actor reads: spending far ahead of or
 * behind time, signed agreements without a payment, overdue settlements (the rules of
 * checkGrantAgreements, in SQL with the same thresholds), newest agreement years first, paginated.
 * Permission: grant.read (a program manager: published projects and own drafts).
 */
export async function listGrantAlerts(actor: Actor | null, options: { page?: number; pageSize?: number; today?: Date } = {}) {
  const who = await authorize(actor, "grant.read");
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 20), 100);
  const page = Math.max(1, options.page ?? 1);
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const readable = readableProjectsSql(who);
  const key = `grant-alerts:${readableScopeKey(who)}:${today}:${page}:${pageSize}`;
  return cachedAggregate(key, async () => {
    const rows = await db().$queryRaw<{
      project_id: number; title_ko: string; title_en: string | null; agreement_id: number; stage: number | null; fiscal_year: number;
      code: GrantFlag["code"]; days: number | null; spent_share: number | null; elapsed_share: number | null; total: bigint;
    }[]>`
      WITH a AS (
        SELECT ag.id, ag.project_id, ag.status, ag.signed_on, ag.period_start, ag.period_end, ag.stage, ag.fiscal_year
        FROM agreement ag JOIN project p ON p.id = ag.project_id
        WHERE ag.status IN ('SIGNED', 'AMENDED', 'TERMINATED') AND ${readable}
      ), f AS (
        SELECT fl.agreement_id, CASE WHEN bool_or(fl.government_won IS NULL) THEN NULL ELSE SUM(fl.government_won) END AS awarded,
          count(DISTINCT fl.institution_id) AS institutions
        FROM funding_line fl JOIN a ON a.id = fl.agreement_id GROUP BY 1
      ), pd AS (
        SELECT pm.agreement_id, SUM(pm.amount_won) AS paid FROM payment pm JOIN a ON a.id = pm.agreement_id GROUP BY 1
      ), sp AS (
        SELECT s.agreement_id, SUM(s.amount_won) AS spent FROM spending s JOIN a ON a.id = s.agreement_id GROUP BY 1
      ), st AS (
        SELECT se.agreement_id, count(*) AS settled FROM settlement se JOIN a ON a.id = se.agreement_id GROUP BY 1
      ), m AS (
        SELECT a.*, f.awarded, COALESCE(f.institutions, 0) AS institutions, COALESCE(pd.paid, 0) AS paid, COALESCE(sp.spent, 0) AS spent,
          COALESCE(st.settled, 0) AS settled,
          CASE WHEN a.period_start IS NOT NULL AND a.period_end IS NOT NULL
            THEN LEAST(1, GREATEST(0, (${today}::date - a.period_start)::float8 / ((a.period_end - a.period_start) + 1))) END AS elapsed,
          CASE WHEN f.awarded > 0 THEN COALESCE(sp.spent, 0)::float8 / f.awarded::float8 END AS spent_share
        FROM a LEFT JOIN f ON f.agreement_id = a.id LEFT JOIN pd ON pd.agreement_id = a.id
        LEFT JOIN sp ON sp.agreement_id = a.id LEFT JOIN st ON st.agreement_id = a.id
      ), flags AS (
        SELECT m.*, 'SPENDING_AHEAD' AS code, NULL::int AS days FROM m
          WHERE m.status IN ('SIGNED', 'AMENDED') AND m.elapsed IS NOT NULL AND m.spent_share IS NOT NULL AND m.spent_share - m.elapsed > ${GRANT_SPENDING_GAP}
        UNION ALL
        SELECT m.*, 'SPENDING_BEHIND', NULL FROM m
          WHERE m.status IN ('SIGNED', 'AMENDED') AND m.elapsed IS NOT NULL AND m.spent_share IS NOT NULL
            AND m.elapsed >= ${GRANT_BEHIND_AFTER} AND m.elapsed - m.spent_share > ${GRANT_SPENDING_GAP} AND m.spent_share - m.elapsed <= ${GRANT_SPENDING_GAP}
        UNION ALL
        SELECT m.*, 'SIGNED_WITHOUT_PAYMENT', (${today}::date - m.signed_on) FROM m
          WHERE m.status IN ('SIGNED', 'AMENDED') AND m.signed_on IS NOT NULL AND m.paid = 0 AND ${today}::date - m.signed_on > ${GRANT_PAYMENT_GRACE_DAYS}
        UNION ALL
        SELECT m.*, 'SETTLEMENT_OVERDUE', (${today}::date - m.period_end) FROM m
          WHERE m.period_end IS NOT NULL AND m.institutions > m.settled AND ${today}::date - m.period_end > ${GRANT_SETTLEMENT_DUE_DAYS}
      )
      SELECT fl.project_id, p.title_ko, p.title_en, fl.id AS agreement_id, fl.stage::int AS stage, fl.fiscal_year::int AS fiscal_year, fl.code,
        fl.days::int AS days, fl.spent_share, fl.elapsed AS elapsed_share, count(*) OVER () AS total
      FROM flags fl JOIN project p ON p.id = fl.project_id
      ORDER BY fl.fiscal_year DESC, fl.project_id, fl.id, fl.code
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    `;
    const total = Number(rows[0]?.total ?? 0);
    return {
      total,
      pageCount: Math.max(1, Math.ceil(total / pageSize)),
      items: rows.map((r): GrantAlertRow => ({
        projectId: r.project_id, titleKo: r.title_ko, titleEn: r.title_en, agreementId: r.agreement_id, stage: r.stage, fiscalYear: r.fiscal_year,
        code: r.code, days: r.days, spentShare: r.spent_share, elapsedShare: r.elapsed_share,
      })),
    };
  });
}

export type GrantDashboardRow = {
  programId: number | null; programNameKo: string | null; programNameEn: string | null; fiscalYear: number;
  awardedWon: bigint | null; paidWon: bigint; spentWon: bigint; agreements: number;
};
export type GrantDashboardYear = { fiscalYear: number; awardedWon: bigint | null; paidWon: bigint; spentWon: bigint; agreements: number };
export type GrantDashboard = {
  /** Every fiscal year, summed over the programmes the actor may read, in year order. */
  years: GrantDashboardYear[];
  /** Programme × fiscal year, ordered by programme name, then year. */
  rows: GrantDashboardRow[];
};

/**
 * Awarded, paid and spent by programme and fiscal year (internal). Permission: grant.read; a
 * program manager sees published projects and the drafts of their own programmes, as everywhere.
 * Reads the roll-up grant_rollup (a few rows per programme and year, kept exact by triggers on the
 * grant tables and the project; migration 20261129080000_grant_rollup) instead of summing the
 * grant rows (3.3M at 100k projects): `p` below is the roll-up, whose program_id and published
 * columns are what the scope filter reads.
 */
export async function getGrantDashboard(actor: Actor | null): Promise<GrantDashboard> {
  const who = await authorize(actor, "grant.read");
  const readable = who.role === "PROGRAM_MANAGER" ? Prisma.sql`(p.published OR ${editableProjectsSql(who)})` : Prisma.sql`TRUE`;
  const key = `grant-dashboard:${readableScopeKey(who)}`;
  return cachedAggregate(key, async () => {
    const rows = await db().$queryRaw<{
      by_year: boolean; program_id: number | null; name_ko: string | null; name_en: string | null; fiscal_year: number;
      awarded: bigint | null; unknown: boolean; paid: bigint; spent: bigint; agreements: bigint;
    }[]>`
      WITH s AS (
        SELECT grouping(p.program_id) = 1 AS by_year, p.program_id, p.fiscal_year::int AS fiscal_year,
          sum(p.awarded_won)::bigint AS awarded, bool_or(p.unknown_awarded) AS unknown,
          sum(p.paid_won)::bigint AS paid, sum(p.spent_won)::bigint AS spent, sum(p.agreements)::bigint AS agreements
        FROM grant_rollup p WHERE ${readable}
        GROUP BY GROUPING SETS ((p.fiscal_year), (p.program_id, p.fiscal_year))
      )
      SELECT s.*, pr.name_ko, pr.name_en FROM s LEFT JOIN program pr ON pr.id = s.program_id AND NOT s.by_year
      ORDER BY s.by_year DESC, pr.name_ko NULLS LAST, s.program_id, s.fiscal_year
    `;
    const figures = (r: (typeof rows)[number]) => ({
      fiscalYear: r.fiscal_year, awardedWon: r.unknown ? null : r.awarded, paidWon: r.paid, spentWon: r.spent, agreements: Number(r.agreements),
    });
    return {
      years: rows.filter((r) => r.by_year).map(figures),
      rows: rows.filter((r) => !r.by_year).map((r) => ({ programId: r.program_id, programNameKo: r.name_ko, programNameEn: r.name_en, ...figures(r) })),
    };
  });
}
