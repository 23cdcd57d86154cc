import "server-only";
import { db } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { type Actor } from "@/lib/permissions";
import type { ParticipationInput, RemoveRowInput } from "@/lib/validations/project-structure";
import { authorizeProjectChange, claimProjectVersion, refreshAndAudit, assertSubProjectOf, resolveInstitution, authorizeNewInstitution, writeRetryingDuplicate } from "./write-path";

// The consortium: institutions taking part in a project (write path: ./write-path.ts).

// ---------------------------------------------------------------------------------------------
// Participations (consortium)

/**
 * Adds an institution in a role to the project or one of its sub-projects; a new institution is
 * added to the register (institution.create), or the registered one with the same normalised name
 * reused. Permission: project.update, scoped to the project's program (and institution.create for a new one).
 */
export async function addParticipation(actor: Actor | null, input: ParticipationInput): Promise<{ id: number; institutionId: number; version: number }> {
  const { who, project } = await authorizeProjectChange(actor, input.projectId, "participation");
  await authorizeNewInstitution(who, project, input.institution);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const sub = await assertSubProjectOf(tx, project.id, input.subProjectId);
    const institution = await resolveInstitution(tx, who, project.id, input.institution);
    if (!institution) throw fieldError("institutionName", "required");
    const duplicate = await tx.participation.count({ where: { projectId: project.id, subProjectId: input.subProjectId, institutionId: institution.id, role: input.role } });
    if (duplicate) throw fieldError("institutionName", "participationDuplicate");
    const last = await tx.participation.aggregate({ where: { projectId: project.id }, _max: { sortOrder: true } });
    const created = await tx.participation.create({
      data: { projectId: project.id, subProjectId: input.subProjectId, institutionId: institution.id, role: input.role, sortOrder: (last._max.sortOrder ?? -1) + 1 },
      select: { id: true },
    });
    await refreshAndAudit(tx, who, project.id, {
      action: "participation.create", entityType: "participation", entityId: created.id,
      after: { institution: institution.nameKo, institutionId: institution.id, role: input.role, subProjectSeq: sub?.seq ?? null },
    });
    return { id: created.id, institutionId: institution.id, version };
  }, { field: "institutionName", key: "participationDuplicate" });
}

/** Removes an institution's role from the project; the institution stays in the register. Permission: project.update, scoped to the project's program. */
export async function removeParticipation(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().participation.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, row.projectId, "participation", input.id);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.participation.findUnique({
      where: { id: input.id },
      select: { role: true, institutionId: true, institution: { select: { nameKo: true } }, subProject: { select: { seq: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.participation.delete({ where: { id: input.id } });
    await refreshAndAudit(tx, who, project.id, {
      action: "participation.delete", entityType: "participation", entityId: input.id,
      before: { institution: current.institution.nameKo, institutionId: current.institutionId, role: current.role, subProjectSeq: current.subProject?.seq ?? null },
    });
    return { version };
  }, { field: "form", key: "invalid" });
}
