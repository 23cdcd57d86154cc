import "server-only";
import { db } from "@/lib/db";
import { changedFields } from "@/lib/data/audit";
import { changedSince, display, parseShown } from "@/lib/data/concurrency";
import { AppError, fieldError } from "@/lib/errors";
import { monthIndex, toIsoMonth } from "@/lib/format/period";
import { Prisma } from "@/lib/generated/prisma/client";
import { type Actor } from "@/lib/permissions";
import type { RemoveRowInput, SubProjectInput } from "@/lib/validations/project-structure";
import { authorizeProjectChange, claimProjectVersion, refreshAndAudit, resolveInstitution, authorizeNewInstitution, writeRetryingDuplicate } from "./write-path";

// Sub-projects (세부과제) (write path: ./write-path.ts).

// ---------------------------------------------------------------------------------------------
// Sub-projects

const subProjectFields = { seq: true, titleKo: true, titleEn: true, leadInstitutionId: true, periodStart: true, periodEnd: true } as const;

type SubProjectRow = Prisma.SubProjectGetPayload<{ select: typeof subProjectFields }>;

/** The values a sub-project's form shows, as strings. */
export function shownSubProjectValues(s: SubProjectRow): Record<string, string> {
  return {
    seq: String(s.seq), titleKo: s.titleKo, titleEn: display(s.titleEn), leadInstitutionId: display(s.leadInstitutionId),
    periodStart: s.periodStart ? toIsoMonth(s.periodStart) : "", periodEnd: s.periodEnd ? toIsoMonth(s.periodEnd) : "",
  };
}

/**
 * Adds or edits a sub-project: its number (unique in the project), titles, lead institution and
 * period, which must lie within the project's. Permission: project.update, scoped to the project's program.
 */
export async function saveSubProject(actor: Actor | null, input: SubProjectInput): Promise<{ id: number; version: number }> {
  const existing = input.id === undefined ? null : await db().subProject.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (input.id !== undefined && existing?.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, input.projectId, "subProject", input.id);
  await authorizeNewInstitution(who, project, input.institution);
  return writeRetryingDuplicate(async (tx) => {
    const current = input.id === undefined ? null : await tx.subProject.findUnique({ where: { id: input.id }, select: { ...subProjectFields, leadInstitution: { select: { nameKo: true } } } });
    if (input.id !== undefined && !current) throw new AppError("NOT_FOUND");
    const version = await claimProjectVersion(tx, project.id, input.version, () => (current ? changedSince(parseShown(input.shown), shownSubProjectValues(current)) : []));
    const period = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { periodStart: true, periodEnd: true } });
    if (input.periodStart && monthIndex(input.periodStart) < monthIndex(period.periodStart)) throw fieldError("periodStart", "periodOutsideProject");
    if (input.periodEnd && monthIndex(input.periodEnd) > monthIndex(period.periodEnd)) throw fieldError("periodEnd", "periodOutsideProject");
    if (await tx.subProject.count({ where: { projectId: project.id, seq: input.seq, ...(input.id === undefined ? {} : { NOT: { id: input.id } }) } })) {
      throw fieldError("seq", "seqTaken");
    }
    const lead = await resolveInstitution(tx, who, project.id, input.institution);
    const data = {
      seq: input.seq, titleKo: input.titleKo, titleEn: input.titleEn, leadInstitutionId: lead?.id ?? null,
      periodStart: input.periodStart, periodEnd: input.periodEnd,
    };
    const audited = (row: typeof data, leadName: string | null) => ({
      ...row, leadInstitution: leadName,
      periodStart: row.periodStart ? toIsoMonth(row.periodStart) : null, periodEnd: row.periodEnd ? toIsoMonth(row.periodEnd) : null,
    });
    if (current === null) {
      const created = await tx.subProject.create({ data: { ...data, projectId: project.id }, select: { id: true } });
      await refreshAndAudit(tx, who, project.id, { action: "subProject.create", entityType: "subProject", entityId: created.id, after: audited(data, lead?.nameKo ?? null) });
      return { id: created.id, version };
    }
    await tx.subProject.update({ where: { id: input.id }, data });
    const { leadInstitution: currentLead, ...currentFields } = current;
    await refreshAndAudit(tx, who, project.id, {
      action: "subProject.update", entityType: "subProject", entityId: input.id,
      ...changedFields<Record<string, unknown>>(audited(currentFields, currentLead?.nameKo ?? null), audited(data, lead?.nameKo ?? null)),
    });
    return { id: input.id as number, version };
  }, { field: "seq", key: "seqTaken" });
}

/**
 * Deletes a sub-project that nothing refers to; one with funding lines, institutions or milestones
 * is refused (deleting it would silently take them along). Permission: project.update, scoped to the project's program.
 */
export async function deleteSubProject(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().subProject.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, row.projectId, "subProject", input.id);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.subProject.findUnique({
      where: { id: input.id },
      select: { ...subProjectFields, _count: { select: { fundingLines: true, participations: true, milestones: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND");
    const { _count: uses, ...fields } = current;
    if (uses.fundingLines + uses.participations + uses.milestones > 0) throw fieldError("form", "subProjectInUse");
    await tx.subProject.delete({ where: { id: input.id } });
    await refreshAndAudit(tx, who, project.id, {
      action: "subProject.delete", entityType: "subProject", entityId: input.id,
      before: { ...fields, periodStart: fields.periodStart ? toIsoMonth(fields.periodStart) : null, periodEnd: fields.periodEnd ? toIsoMonth(fields.periodEnd) : null },
    });
    return { version };
  }, { field: "form", key: "invalid" });
}
