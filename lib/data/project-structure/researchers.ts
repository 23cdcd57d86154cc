import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type Actor } from "@/lib/permissions";
import type { ProjectPersonInput, RemoveRowInput } from "@/lib/validations/project-structure";
import { authorizeProjectChange, claimProjectVersion, refreshAndAudit, resolveInstitution, authorizeNewInstitution, writeRetryingDuplicate } from "./write-path";

// Researchers of a project (write path: ./write-path.ts).

// ---------------------------------------------------------------------------------------------
// Researchers

/** Adds a researcher (a new person record) in a role, with affiliation and position. Permission: project.update, scoped to the project's program. */
export async function addProjectPerson(actor: Actor | null, input: ProjectPersonInput): Promise<{ id: number; version: number }> {
  const { who, project } = await authorizeProjectChange(actor, input.projectId, "projectPerson");
  await authorizeNewInstitution(who, project, input.institution);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const institution = await resolveInstitution(tx, who, project.id, input.institution);
    const person = await tx.person.create({ data: { nameKo: input.nameKo, nameEn: input.nameEn, institutionId: institution?.id ?? null, origin: "MANUAL" }, select: { id: true } });
    const last = await tx.projectPerson.aggregate({ where: { projectId: project.id }, _max: { sortOrder: true } });
    const created = await tx.projectPerson.create({
      data: {
        projectId: project.id, personId: person.id, role: input.role, institutionId: institution?.id ?? null,
        positionKo: input.positionKo, positionEn: input.positionEn, sortOrder: (last._max.sortOrder ?? -1) + 1,
      },
      select: { id: true },
    });
    await refreshAndAudit(tx, who, project.id, {
      action: "projectPerson.create", entityType: "projectPerson", entityId: created.id,
      after: { nameKo: input.nameKo, nameEn: input.nameEn, role: input.role, institution: institution?.nameKo ?? null, positionKo: input.positionKo, positionEn: input.positionEn },
    });
    return { id: created.id, version };
  }, { field: "institutionName", key: "invalid" });
}

/**
 * Removes a researcher from the project; the person record goes too when no other project names
 * them. Permission: project.update, scoped to the project's program.
 */
export async function removeProjectPerson(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().projectPerson.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, row.projectId, "projectPerson", input.id);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.projectPerson.findUnique({
      where: { id: input.id },
      select: { personId: true, role: true, positionKo: true, positionEn: true, person: { select: { nameKo: true, nameEn: true } }, institution: { select: { nameKo: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.projectPerson.delete({ where: { id: input.id } });
    if ((await tx.projectPerson.count({ where: { personId: current.personId } })) === 0) await tx.person.delete({ where: { id: current.personId } });
    await refreshAndAudit(tx, who, project.id, {
      action: "projectPerson.delete", entityType: "projectPerson", entityId: input.id,
      before: { nameKo: current.person.nameKo, nameEn: current.person.nameEn, role: current.role, institution: current.institution?.nameKo ?? null, positionKo: current.positionKo, positionEn: current.positionEn },
    });
    return { version };
  }, { field: "form", key: "invalid" });
}
