import "server-only";
import { db } from "@/lib/db";
import { changedFields } from "@/lib/data/audit";
import { changedSince, display, parseShown } from "@/lib/data/concurrency";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { type Actor } from "@/lib/permissions";
import type { FundingLineInput, RemoveRowInput } from "@/lib/validations/project-structure";
import { authorizeProjectChange, claimProjectVersion, refreshAndAudit, assertSubProjectOf, writeRetryingDuplicate } from "./write-path";

// Funding lines of a project or a sub-project (write path: ./write-path.ts).

// ---------------------------------------------------------------------------------------------
// Funding lines

const fundingFields = {
  subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true,
  noteKo: true, noteEn: true, sourceId: true, agreementId: true,
} as const;

type FundingRow = Prisma.FundingLineGetPayload<{ select: typeof fundingFields }>;

/** The values a funding line's form shows, as strings, to tell the user what changed under them. */
export function shownFundingLineValues(line: Omit<FundingRow, "sourceId">): Record<string, string> {
  return {
    subProjectId: display(line.subProjectId), fiscalYear: display(line.fiscalYear), stage: display(line.stage),
    governmentWon: display(line.governmentWon), privateCashWon: display(line.privateCashWon), privateInKindWon: display(line.privateInKindWon),
    noteKo: display(line.noteKo), noteEn: display(line.noteEn),
  };
}


/**
 * Adds a funding line to a project or one of its sub-projects, or edits one. Changing the figures
 * or the scope of a line taken from a source drops the source link: the figure is no longer the
 * source's. Permission: project.update, scoped to the project's program.
 */
export async function saveFundingLine(actor: Actor | null, input: FundingLineInput): Promise<{ id: number; version: number }> {
  const existing = input.id === undefined ? null : await db().fundingLine.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (input.id !== undefined && existing?.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, input.projectId, "fundingLine", input.id);
  const data = {
    subProjectId: input.subProjectId, fiscalYear: input.fiscalYear, stage: input.stage,
    governmentWon: input.governmentWon, privateCashWon: input.privateCashWon, privateInKindWon: input.privateInKindWon,
    noteKo: input.noteKo, noteEn: input.noteEn,
  };
  return writeRetryingDuplicate(async (tx) => {
    const current = input.id === undefined ? null : await tx.fundingLine.findUnique({ where: { id: input.id }, select: fundingFields });
    if (input.id !== undefined && !current) throw new AppError("NOT_FOUND");
    // An agreement's awarded amounts are kept (and amended, with history) on the grant tab.
    if (current?.agreementId) throw fieldError("form", "fundingLineInAgreement");
    const version = await claimProjectVersion(tx, project.id, input.version, () => (current ? changedSince(parseShown(input.shown), shownFundingLineValues(current)) : []));
    const sub = await assertSubProjectOf(tx, project.id, input.subProjectId);
    // Two lines for the same scope would be added together in the totals: one line per scope.
    const duplicate = await tx.fundingLine.count({
      where: { projectId: project.id, subProjectId: input.subProjectId, fiscalYear: input.fiscalYear, stage: input.stage, ...(input.id === undefined ? {} : { NOT: { id: input.id } }) },
    });
    if (duplicate) throw fieldError(input.fiscalYear !== null ? "fiscalYear" : input.stage !== null ? "stage" : "subProjectId", "fundingLineDuplicate");
    const audited = (row: typeof data & { sourceId: number | null }) => ({ ...row, subProjectSeq: row.subProjectId === null ? null : (sub?.seq ?? null) });
    if (current === null) {
      const created = await tx.fundingLine.create({ data: { ...data, projectId: project.id }, select: { id: true, ...fundingFields } });
      await refreshAndAudit(tx, who, project.id, { action: "fundingLine.create", entityType: "fundingLine", entityId: created.id, after: audited({ ...data, sourceId: null }) });
      return { id: created.id, version };
    }
    const figuresChanged = (["subProjectId", "fiscalYear", "stage", "governmentWon", "privateCashWon", "privateInKindWon"] as const)
      .some((k) => display(current[k]) !== display(data[k]));
    const sourceId = figuresChanged ? null : current.sourceId;
    await tx.fundingLine.update({ where: { id: input.id }, data: { ...data, sourceId } });
    await refreshAndAudit(tx, who, project.id, { action: "fundingLine.update", entityType: "fundingLine", entityId: input.id, ...changedFields<Record<string, unknown>>(current, { ...data, sourceId }) });
    return { id: input.id as number, version };
  }, { field: "governmentWon", key: "fundingLineDuplicate" });
}

/** Deletes a funding line. Permission: project.update, scoped to the project's program. */
export async function deleteFundingLine(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const line = await db().fundingLine.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!line || line.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, line.projectId, "fundingLine", input.id);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.fundingLine.findUnique({ where: { id: input.id }, select: fundingFields });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.agreementId) throw fieldError("form", "fundingLineInAgreement");
    await tx.fundingLine.delete({ where: { id: input.id } });
    await refreshAndAudit(tx, who, project.id, { action: "fundingLine.delete", entityType: "fundingLine", entityId: input.id, before: current });
    return { version };
  }, { field: "form", key: "invalid" });
}
