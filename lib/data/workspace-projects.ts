import "server-only";
import { db } from "@/lib/db";
import { recordAudit, recordRefusal, changedFields } from "@/lib/data/audit";
import { changedSince, conflictError, display, parseShown } from "@/lib/data/concurrency";
import { authorize } from "@/lib/data/guard";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { AppError, fieldError } from "@/lib/errors";
import { monthsInclusive } from "@/lib/format/period";
import { Prisma } from "@/lib/generated/prisma/client";
import { can, type Actor } from "@/lib/permissions";
import { inScope, isReadable, readableProjectsWhere, selectableProgramsWhere } from "@/lib/scope";
import { checkProjectQuality, type QualityFlag } from "@/lib/quality/checks";
import type { ProjectInput } from "@/lib/validations/project";

// Projects in the workspace: internal reads (drafts, quality flags, history) and writes with
// authorization, optimistic concurrency and an audit row in the same transaction.

const editableFields = {
  slug: true, titleKo: true, titleEn: true, summaryKo: true, summaryEn: true, productKo: true, productEn: true,
  programId: true, area: true, researchStage: true, periodStart: true, periodEnd: true, publishedDurationMonths: true,
  publishedSubProjectCount: true, status: true, consortiumIsPartial: true, researchersArePartial: true,
} as const;

type Editable = Prisma.ProjectGetPayload<{ select: typeof editableFields }>;

/** The values a project form shows, as strings, to tell the user what changed under them. */
export function shownProjectValues(p: Editable): Record<string, string> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 7) : display(v as string)]));
}

export type WorkspaceProjectRow = {
  id: number; slug: string; titleKo: string; titleEn: string | null; publication: string; status: string;
  programNameKo: string | null; periodStart: Date; periodEnd: Date; governmentTotalWon: bigint | null; qualityFlags: string[]; canEdit: boolean;
};

/**
 * Projects the actor may read, drafts included, newest first; `flagged` keeps those with open
 * data-quality flags. Permission: workspace.read.
 */
export async function listWorkspaceProjects(actor: Actor | null, options: { q?: string; page?: number; flagged?: boolean; pageSize?: number } = {}) {
  const who = await authorize(actor, "workspace.read");
  const pageSize = options.pageSize ?? 25;
  const q = options.q?.normalize("NFC").trim().slice(0, 100);
  const where: Prisma.ProjectWhereInput = {
    AND: [
      readableProjectsWhere(who),
      q ? { OR: [{ titleKo: { contains: q, mode: "insensitive" } }, { titleEn: { contains: q, mode: "insensitive" } }, { slug: { contains: q } }] } : {},
      options.flagged ? { NOT: { qualityFlags: { isEmpty: true } } } : {},
    ],
  };
  const [total, rows] = await Promise.all([
    db().project.count({ where }),
    db().project.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (Math.max(1, options.page ?? 1) - 1) * pageSize,
      take: pageSize,
      select: {
        id: true, slug: true, titleKo: true, titleEn: true, publication: true, status: true, periodStart: true, periodEnd: true,
        governmentTotalWon: true, qualityFlags: true, programId: true, program: { select: { nameKo: true } },
      },
    }),
  ]);
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    items: rows.map((r): WorkspaceProjectRow => ({
      id: r.id, slug: r.slug, titleKo: r.titleKo, titleEn: r.titleEn, publication: r.publication, status: r.status,
      programNameKo: r.program?.nameKo ?? null, periodStart: r.periodStart, periodEnd: r.periodEnd,
      governmentTotalWon: r.governmentTotalWon, qualityFlags: r.qualityFlags, canEdit: can(who, "project.update", r),
    })),
  };
}

/**
 * One project with everything the workspace shows: editable fields, milestones, live quality
 * flags and the project's history. Permission: workspace.read (a program manager: own drafts only).
 */
export async function getWorkspaceProject(actor: Actor | null, id: number, today: Date = new Date()) {
  const who = await authorize(actor, "workspace.read");
  const project = await db().project.findFirst({
    where: { AND: [{ id }, readableProjectsWhere(who)] },
    select: {
      ...editableFields, id: true, version: true, publication: true, publishedAt: true, updatedAt: true, origin: true,
      governmentTotalWon: true, privateCashTotalWon: true, privateInKindTotalWon: true,
      program: { select: { id: true, nameKo: true, nameEn: true } },
      subProjects: { select: { id: true, seq: true, titleKo: true, periodStart: true, periodEnd: true }, orderBy: { seq: "asc" } },
      participations: { select: { role: true, subProjectId: true, institution: { select: { id: true, nameKo: true, type: true } } }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] },
      fundingLines: { select: { subProjectId: true, fiscalYear: true, stage: true, governmentWon: true } },
      milestones: {
        select: {
          id: true, version: true, titleKo: true, titleEn: true, descriptionKo: true, descriptionEn: true, kind: true, status: true,
          dueDate: true, duePrecision: true, targetValue: true, actualValue: true, unitKo: true, unitEn: true,
          achievedDate: true, achievedPrecision: true, evidenceKo: true, evidenceEn: true, sortOrder: true,
        },
        orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      },
    },
  });
  if (!project) throw new AppError("NOT_FOUND");
  const flags: QualityFlag[] = checkProjectQuality(project, today);
  return {
    ...project,
    computedDurationMonths: monthsInclusive(project.periodStart, project.periodEnd),
    flags,
    canEdit: can(who, "project.update", project),
    canPublish: can(who, "project.publish", project),
    shown: shownProjectValues(project),
  };
}

export type WorkspaceProject = Awaited<ReturnType<typeof getWorkspaceProject>>;

/**
 * A project's history: every recorded change to it or anything under it, newest first.
 * Permission: workspace.read (and the project must be readable to the actor).
 */
export async function getProjectHistory(actor: Actor | null, projectId: number, take = 50) {
  const who = await authorize(actor, "workspace.read");
  const readable = await db().project.count({ where: { AND: [{ id: projectId }, readableProjectsWhere(who)] } });
  if (!readable) throw new AppError("NOT_FOUND");
  return db().auditLog.findMany({
    where: { projectId, outcome: "SUCCESS" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
    select: { id: true, at: true, actorEmail: true, action: true, entityType: true, entityId: true, before: true, after: true },
  });
}

/** The program a project is created in or moved to must be the actor's too; a refusal is audited like any other. */
async function programInScope(who: Actor, programId: number | null, projectId?: number) {
  if (inScope(who, programId)) return;
  await recordRefusal(who, { action: projectId === undefined ? "project.create" : "project.update", entityType: "project", entityId: projectId, projectId, reason: `${who.role} may not put a project into program ${programId ?? "none"}` }, "DENIED");
  throw new AppError("FORBIDDEN", "programOutOfScope");
}

function projectData(input: ProjectInput) {
  return {
    titleKo: input.titleKo, titleEn: input.titleEn, summaryKo: input.summaryKo, summaryEn: input.summaryEn,
    productKo: input.productKo, productEn: input.productEn, programId: input.programId, area: input.area,
    researchStage: input.researchStage, periodStart: input.periodStart, periodEnd: input.periodEnd,
    startYear: input.periodStart.getUTCFullYear(), publishedDurationMonths: input.publishedDurationMonths,
    publishedSubProjectCount: input.publishedSubProjectCount, status: input.status,
    consortiumIsPartial: input.consortiumIsPartial, researchersArePartial: input.researchersArePartial,
  };
}

/** Creates a draft project. Permission: project.create, in scope of the chosen program. */
export async function createProject(actor: Actor | null, input: ProjectInput): Promise<{ id: number }> {
  const who = await authorize(actor, "project.create", { programId: input.programId, entityType: "project" });
  await programInScope(who, input.programId);
  const slug = input.slug ?? "";
  return db().$transaction(async (tx) => {
    if (await tx.project.count({ where: { slug } })) throw fieldError("slug", "slugTaken");
    if (input.agencyNumber && (await tx.projectIdentifier.count({ where: { scheme: "AGENCY", value: input.agencyNumber } }))) {
      throw fieldError("agencyNumber", "agencyNumberTaken");
    }
    const created = await tx.project.create({ data: { ...projectData(input), slug, publication: "DRAFT", origin: "MANUAL" }, select: { id: true, ...editableFields } });
    const identifier = input.agencyNumber
      ? await tx.projectIdentifier.create({ data: { projectId: created.id, scheme: "AGENCY", value: input.agencyNumber }, select: { scheme: true, value: true } })
      : null;
    await refreshProjectDerived(tx, created.id);
    await recordAudit(tx, who, { action: "project.create", entityType: "project", entityId: created.id, projectId: created.id, after: { ...created, identifier } });
    return { id: created.id };
  });
}

/**
 * Edits a project's own fields from the version the user started from; a moved-on project is a
 * conflict. Permission: project.update, scoped to the project's current and new program.
 */
export async function updateProject(actor: Actor | null, input: ProjectInput): Promise<{ version: number }> {
  if (input.id === undefined || input.version === undefined) throw new AppError("VALIDATION");
  const target = await db().project.findUnique({ where: { id: input.id }, select: { id: true, programId: true } });
  if (!target) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, "project.update", { programId: target.programId, projectId: target.id, entityType: "project", entityId: target.id });
  await programInScope(who, input.programId, target.id);
  const result = await db().$transaction(async (tx) => {
    const current = await tx.project.findUniqueOrThrow({ where: { id: target.id }, select: { ...editableFields, version: true } });
    const conflict = () => conflictError(changedSince(parseShown(input.shown), shownProjectValues(current)), current.version);
    if (current.version !== input.version) throw conflict();
    const updated = await tx.project.updateMany({ where: { id: target.id, version: input.version }, data: { ...projectData(input), version: { increment: 1 } } });
    if (updated.count === 0) throw conflict();
    const after = await tx.project.findUniqueOrThrow({ where: { id: target.id }, select: { ...editableFields, version: true } });
    await refreshProjectDerived(tx, target.id);
    await recordAudit(tx, who, {
      action: "project.update", entityType: "project", entityId: target.id, projectId: target.id,
      ...changedFields(current, after, Object.keys(editableFields) as (keyof Editable)[]),
    });
    return { version: after.version };
  });
  invalidatePortfolioAggregates();
  return result;
}

/** Publishes or unpublishes a project. Permission: project.publish, scoped to its program. */
export async function setProjectPublication(actor: Actor | null, input: { id: number; version: number; publish: boolean }): Promise<{ version: number }> {
  const target = await db().project.findUnique({ where: { id: input.id }, select: { id: true, programId: true } });
  if (!target) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, "project.publish", { programId: target.programId, projectId: target.id, entityType: "project", entityId: target.id });
  const result = await db().$transaction(async (tx) => {
    const current = await tx.project.findUniqueOrThrow({ where: { id: target.id }, select: { publication: true, version: true } });
    const publication = input.publish ? "PUBLISHED" : "DRAFT";
    const updated = await tx.project.updateMany({
      where: { id: target.id, version: input.version },
      data: { publication, publishedAt: input.publish ? new Date() : null, version: { increment: 1 } },
    });
    if (updated.count === 0) throw conflictError([{ field: "publication", was: "", now: current.publication }], current.version);
    await recordAudit(tx, who, {
      action: input.publish ? "project.publish" : "project.unpublish", entityType: "project", entityId: target.id, projectId: target.id,
      before: { publication: current.publication }, after: { publication },
    });
    return { version: current.version + 1 };
  });
  invalidatePortfolioAggregates();
  return result;
}

/** Programs a form may offer the actor: all for admins, the assigned ones for program managers. */
export async function listSelectablePrograms(actor: Actor | null) {
  const who = await authorize(actor, "workspace.read");
  return db().program.findMany({
    where: selectableProgramsWhere(who),
    orderBy: { nameKo: "asc" },
    select: { id: true, nameKo: true, nameEn: true },
  });
}

/**
 * Whether a 과제번호 is already recorded, and on which project the actor may read, for the
 * new-project form's as-you-type check. Permission: project.create.
 */
export async function findAgencyNumber(actor: Actor | null, agencyNumber: string): Promise<{ taken: boolean; projectTitleKo: string | null }> {
  const who = await authorize(actor, "project.create");
  const row = await db().projectIdentifier.findUnique({
    where: { scheme_value: { scheme: "AGENCY", value: agencyNumber } },
    select: { project: { select: { titleKo: true, publication: true, programId: true } } },
  });
  if (!row) return { taken: false, projectTitleKo: null };
  const readable = isReadable(who, row.project);
  return { taken: true, projectTitleKo: readable ? row.project.titleKo : null };
}
