import "server-only";
import type { ConflictChange } from "@/lib/action-state";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/data/db-errors";
import { recordAudit } from "@/lib/data/audit";
import { conflictError } from "@/lib/data/concurrency";
import { authorize } from "@/lib/data/guard";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { type Actor } from "@/lib/permissions";
import { normalizeInstitutionName } from "@/lib/search/normalize";
import type { InstitutionChoice } from "@/lib/validations/project-structure";

// The write path shared by everything under a project (funding lines, consortium, researchers,
// sub-projects, identifiers; grants use claimProjectVersion too). The project's `version` is the
// concurrency token for all of them: each write names the version its page showed and moves it
// on in the same transaction (updateMany on id + version, first thing in the transaction, so of
// two saves from one version the second waits for the first and then finds nothing to update: a
// conflict). Each write recomputes the project's derived columns and records its audit row in the
// same transaction. In order of use: authorizeProjectChange → writeRetryingDuplicate(tx →
// claimProjectVersion → … → refreshAndAudit).

export type Tx = Prisma.TransactionClient;

export const institutionSummary = { id: true, nameKo: true, nameEn: true, type: true } satisfies Prisma.InstitutionSelect;

export type InstitutionOption = { id: number; nameKo: string; nameEn: string | null; type: string };



/** The project a change belongs to, and the actor allowed to change it (project.update in its program). */
export async function authorizeProjectChange(actor: Actor | null, projectId: number, entityType: string, entityId?: number) {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { id: true, programId: true } });
  if (!project) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, "project.update", { programId: project.programId, projectId: project.id, entityType, entityId });
  return { who, project };
}

/**
 * Moves the project on from the version the form showed. Run first in the transaction: the row
 * lock it takes makes a concurrent save from the same version wait, then update nothing.
 */
export async function claimProjectVersion(tx: Tx, projectId: number, version: number, changes: () => ConflictChange[] = () => []): Promise<number> {
  const claimed = await tx.project.updateMany({ where: { id: projectId, version }, data: { version: { increment: 1 } } });
  if (claimed.count === 0) {
    const now = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { version: true } });
    throw conflictError(changes(), now.version);
  }
  return version + 1;
}

/** Finishes a write: derived columns, then the audit row, both in the caller's transaction. */
export async function refreshAndAudit(tx: Tx, who: Actor, projectId: number, entry: Parameters<typeof recordAudit>[2]) {
  await refreshProjectDerived(tx, projectId);
  await recordAudit(tx, who, { ...entry, projectId });
}

export async function assertSubProjectOf(tx: Tx, projectId: number, subProjectId: number | null) {
  if (subProjectId === null) return null;
  const sub = await tx.subProject.findFirst({ where: { id: subProjectId, projectId }, select: { id: true, seq: true } });
  if (!sub) throw fieldError("subProjectId", "subProjectUnknown");
  return sub;
}

/**
 * The chosen institution, or a new one added to the shared register. A new name that normalises to
 * a registered one ("(주) 넥스트칩" and "㈜넥스트칩") reuses it rather than creating a duplicate.
 */
export async function resolveInstitution(tx: Tx, who: Actor, projectId: number, choice: InstitutionChoice | null) {
  if (choice === null) return null;
  if (choice.kind === "existing") {
    const found = await tx.institution.findUnique({ where: { id: choice.id }, select: institutionSummary });
    if (!found) throw fieldError("institutionName", "institutionUnknown");
    return found;
  }
  const normalizedName = normalizeInstitutionName(choice.nameKo);
  const same = await tx.institution.findUnique({ where: { normalizedName }, select: institutionSummary });
  if (same) return same;
  if (choice.businessRegistrationNumber !== null) {
    const taken = await tx.institution.count({ where: { businessRegistrationNumber: choice.businessRegistrationNumber } });
    if (taken) throw fieldError("businessRegistrationNumber", "brnTaken");
  }
  const created = await tx.institution.create({
    data: {
      nameKo: choice.nameKo, nameEn: choice.nameEn, normalizedName, type: choice.type,
      businessRegistrationNumber: choice.businessRegistrationNumber, origin: "MANUAL",
    },
    select: institutionSummary,
  });
  await recordAudit(tx, who, {
    action: "institution.create", entityType: "institution", entityId: created.id, projectId,
    after: { nameKo: created.nameKo, nameEn: created.nameEn, type: created.type, businessRegistrationNumber: choice.businessRegistrationNumber },
  });
  return created;
}

/** Adding an institution to the register needs its own permission, checked before the transaction. */
export async function authorizeNewInstitution(who: Actor, project: { id: number; programId: number | null }, choice: InstitutionChoice | null) {
  if (choice?.kind === "new") await authorize(who, "institution.create", { programId: project.programId, projectId: project.id, entityType: "institution" });
}

/**
 * Runs a write transaction. Writes to one project queue behind its version, but two projects may
 * add the same new institution (or identifier) at once: the one that loses the unique index is
 * run once more, when its checks find the other's row (and reuse it, or name the field).
 */
export async function writeRetryingDuplicate<T>(run: (tx: Tx) => Promise<T>, onDuplicate: { field: string; key: string }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db().$transaction(run);
      invalidatePortfolioAggregates();
      return result;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= 2) throw fieldError(onDuplicate.field, onDuplicate.key);
    }
  }
}
