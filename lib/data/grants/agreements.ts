import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { claimProjectVersion } from "@/lib/data/project-structure/write-path";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { fieldError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import type { AgreementAmountsInput, AgreementInput } from "@/lib/validations/grants";
import { agreementHeader, agreementOf, gate, isConstraintError, SIGNED_STATUSES, write, writeUnderAgreement, type AgreementHeader, type Tx } from "./write-path";

// Agreements (협약) per stage and year, and their awarded amounts per institution (funding lines
// linked to the agreement). A signed agreement's change is an amendment (변경 협약) that keeps the
// version it replaces in agreement_revision. Write path: ./write-path.ts.

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
  try {
    return await writeUnderAgreement(actor, input, { permission: "agreement.write", entityType: "agreement", entityId: input.agreementId }, async (tx, { who, project, agreement, version }) => {
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
