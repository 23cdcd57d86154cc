import "server-only";
import { db } from "@/lib/db";
import { AppError, fieldError } from "@/lib/errors";
import { type Actor } from "@/lib/permissions";
import type { IdentifierInput, RemoveRowInput } from "@/lib/validations/project-structure";
import { authorizeProjectChange, claimProjectVersion, refreshAndAudit, writeRetryingDuplicate } from "./write-path";

// Identifiers of a project (과제번호, NTIS, DOI …) (write path: ./write-path.ts).

// ---------------------------------------------------------------------------------------------
// Identifiers

/** Adds an identifier (NTIS 과제고유번호, the agency's number, another); unique within its scheme. Permission: project.update, scoped to the project's program. */
export async function addIdentifier(actor: Actor | null, input: IdentifierInput): Promise<{ id: number; version: number }> {
  const { who, project } = await authorizeProjectChange(actor, input.projectId, "identifier");
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    if (await tx.projectIdentifier.count({ where: { scheme: input.scheme, value: input.value } })) throw fieldError("value", "identifierTaken");
    const created = await tx.projectIdentifier.create({ data: { projectId: project.id, scheme: input.scheme, value: input.value }, select: { id: true } });
    await refreshAndAudit(tx, who, project.id, { action: "identifier.create", entityType: "identifier", entityId: created.id, after: { scheme: input.scheme, value: input.value } });
    return { id: created.id, version };
  }, { field: "value", key: "identifierTaken" });
}

/** Removes an identifier. Permission: project.update, scoped to the project's program. */
export async function removeIdentifier(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().projectIdentifier.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await authorizeProjectChange(actor, row.projectId, "identifier", input.id);
  return writeRetryingDuplicate(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.projectIdentifier.findUnique({ where: { id: input.id }, select: { scheme: true, value: true } });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.projectIdentifier.delete({ where: { id: input.id } });
    await refreshAndAudit(tx, who, project.id, { action: "identifier.delete", entityType: "identifier", entityId: input.id, before: current });
    return { version };
  }, { field: "form", key: "invalid" });
}
