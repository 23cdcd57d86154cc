import "server-only";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { readableProjectsWhere } from "@/lib/scope";
import { AppError } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import { normalizeInstitutionName, normalizeText } from "@/lib/search/normalize";
import { institutionSummary, type InstitutionOption } from "./write-path";

// Reading what sits under a project, for the project editor.

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Everything the project editor shows under a project: sub-projects, consortium, researchers,
 * funding lines with the rolled-up totals, identifiers.
 * Permission: workspace.read (a program manager: published projects and own drafts).
 */
export async function getProjectStructure(actor: Actor | null, projectId: number) {
  const who = await authorize(actor, "workspace.read");
  const project = await db().project.findFirst({
    where: { AND: [{ id: projectId }, readableProjectsWhere(who)] },
    select: {
      id: true, version: true, programId: true, periodStart: true, periodEnd: true, publishedSubProjectCount: true,
      consortiumIsPartial: true, researchersArePartial: true,
      governmentTotalWon: true, privateCashTotalWon: true, privateInKindTotalWon: true,
      subProjects: {
        select: {
          id: true, seq: true, titleKo: true, titleEn: true, periodStart: true, periodEnd: true, leadInstitution: { select: institutionSummary },
          _count: { select: { fundingLines: true, participations: true, milestones: true } },
        },
        orderBy: { seq: "asc" },
      },
      participations: {
        select: { id: true, role: true, subProjectId: true, institution: { select: institutionSummary } },
        orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      },
      people: {
        select: {
          id: true, role: true, positionKo: true, positionEn: true, person: { select: { nameKo: true, nameEn: true } },
          institution: { select: institutionSummary },
        },
        orderBy: [{ role: "asc" }, { sortOrder: "asc" }, { id: "asc" }],
      },
      fundingLines: {
        select: {
          id: true, subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true,
          noteKo: true, noteEn: true, source: { select: { titleKo: true, titleEn: true } }, agreementId: true, institution: { select: { nameKo: true, nameEn: true } },
        },
        orderBy: [{ subProjectId: { sort: "asc", nulls: "first" } }, { fiscalYear: { sort: "asc", nulls: "first" } }, { stage: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      },
      identifiers: { select: { id: true, scheme: true, value: true }, orderBy: [{ scheme: "asc" }, { value: "asc" }] },
    },
  });
  if (!project) throw new AppError("NOT_FOUND");
  const { subProjects, ...rest } = project;
  return {
    ...rest,
    subProjects: subProjects.map(({ _count, ...s }) => ({ ...s, isInUse: _count.fundingLines + _count.participations + _count.milestones > 0 })),
    hasWholePeriodLine: project.fundingLines.some((l) => l.subProjectId === null && l.fiscalYear === null && l.stage === null),
    canEdit: can(who, "project.update", project),
    canCreateInstitution: can(who, "institution.create"),
  };
}

export type ProjectStructure = Awaited<ReturnType<typeof getProjectStructure>>;

/**
 * Registered institutions whose name contains what the user typed (legal-form marks, spaces and
 * punctuation ignored: "넥스트" finds ㈜넥스트칩), exact and prefix matches first; at most 10.
 * Permission: workspace.read.
 */
export async function searchInstitutions(actor: Actor | null, query: string): Promise<InstitutionOption[]> {
  await authorize(actor, "workspace.read");
  const compact = normalizeInstitutionName(query.slice(0, 200));
  const spaced = normalizeText(query.slice(0, 200));
  if (compact === "") return [];
  // normalizeText leaves letters, digits and spaces only, so no LIKE wildcard reaches the pattern.
  const rows = await db().$queryRaw<{ id: number; nameKo: string; nameEn: string | null; type: string }[]>`
    SELECT i.id, i.name_ko AS "nameKo", i.name_en AS "nameEn", i.type::text AS type
    FROM institution i
    WHERE i.normalized_name LIKE ${`%${compact}%`} OR lower(i.name_en) LIKE ${`%${spaced}%`}
    ORDER BY (i.normalized_name = ${compact}) DESC, (i.normalized_name LIKE ${`${compact}%`}) DESC, length(i.normalized_name), i.name_ko, i.id
    LIMIT 10`;
  return rows;
}
