import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { InstitutionType, ParticipationRole, ProjectStatus } from "@/lib/domain/enums";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import { monthsInclusive } from "@/lib/format/period";
import { PAGE_SIZE } from "@/lib/validations/portfolio-query";

// Public project and institution pages. Named `select` objects list every field that may reach a
// public page; anything else (drafts, internal notes, evaluations, quality flags) cannot leak into
// the page or its RSC payload because it is never read (house style rule 5).

const publicInstitution = { id: true, nameKo: true, nameEn: true, type: true } satisfies Prisma.InstitutionSelect;

const publicSource = {
  titleKo: true, titleEn: true, publisherKo: true, publisherEn: true, publishedOn: true, publishedPrecision: true, url: true,
} satisfies Prisma.SourceSelect;

const publicProjectSelect = {
  id: true,
  slug: true, titleKo: true, titleEn: true, summaryKo: true, summaryEn: true, productKo: true, productEn: true,
  area: true, researchStage: true, periodStart: true, periodEnd: true, publishedDurationMonths: true,
  publishedSubProjectCount: true, status: true, consortiumIsPartial: true, researchersArePartial: true,
  governmentTotalWon: true, privateCashTotalWon: true, privateInKindTotalWon: true, publishedAt: true, updatedAt: true, origin: true,
  program: { select: { code: true, nameKo: true, nameEn: true, ministryKo: true, ministryEn: true, agencyKo: true, agencyEn: true, kind: true } },
  identifiers: { select: { scheme: true, value: true }, orderBy: [{ scheme: "asc" }, { value: "asc" }] },
  subProjects: {
    select: { id: true, seq: true, titleKo: true, titleEn: true, periodStart: true, periodEnd: true, leadInstitution: { select: publicInstitution } },
    orderBy: { seq: "asc" },
  },
  participations: {
    select: { role: true, subProjectId: true, institution: { select: publicInstitution } },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  },
  people: {
    select: {
      role: true, positionKo: true, positionEn: true,
      person: { select: { nameKo: true, nameEn: true } },
      institution: { select: { id: true, nameKo: true, nameEn: true } },
    },
    orderBy: [{ role: "asc" }, { sortOrder: "asc" }, { id: "asc" }],
  },
  fundingLines: {
    select: {
      subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true,
      // Awarded amounts are public per institution; payments, spending and settlements never are.
      noteKo: true, noteEn: true, source: { select: publicSource }, institution: { select: publicInstitution },
    },
    orderBy: [{ subProjectId: { sort: "asc", nulls: "first" } }, { fiscalYear: { sort: "asc", nulls: "first" } }, { stage: "asc" }, { institutionId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  },
  milestones: {
    select: {
      id: true, titleKo: true, titleEn: true, descriptionKo: true, descriptionEn: true, kind: true, status: true,
      dueDate: true, duePrecision: true, targetValue: true, actualValue: true, unitKo: true, unitEn: true,
      achievedDate: true, achievedPrecision: true, evidenceKo: true, evidenceEn: true, subProjectId: true,
      source: { select: publicSource },
    },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  },
  sources: { select: { locatorKo: true, locatorEn: true, source: { select: publicSource } } },
} satisfies Prisma.ProjectSelect;

type ProjectRow = Prisma.ProjectGetPayload<{ select: typeof publicProjectSelect }>;

export type PublicMilestone = Omit<ProjectRow["milestones"][number], "targetValue" | "actualValue"> & {
  targetValue: string | null;
  actualValue: string | null;
  /** actual / target in percent, when both are known and the target is not zero. */
  achievementPercent: number | null;
};

export type PublicProject = Omit<ProjectRow, "id" | "milestones" | "subProjects"> & {
  computedDurationMonths: number;
  milestones: PublicMilestone[];
  subProjects: (ProjectRow["subProjects"][number] & { governmentWon: bigint | null })[];
};

function achievementPercent(target: Prisma.Decimal | null, actual: Prisma.Decimal | null): number | null {
  if (!target || !actual || target.isZero()) return null;
  return actual.div(target).mul(100).toDecimalPlaces(0).toNumber();
}

/** Public: published projects only; an unknown and an unpublished slug give the same null. */
export async function getPublishedProject(slug: string): Promise<PublicProject | null> {
  if (slug.length > 120) return null;
  const row = await db().project.findFirst({ where: { slug, publication: "PUBLISHED" }, select: publicProjectSelect });
  return row ? toPublicProject(row) : null;
}

/** Public: the published ones among these projects, in the order of `ids` (open-data downloads). */
export async function getPublishedProjectsByIds(ids: number[]): Promise<PublicProject[]> {
  if (ids.length === 0) return [];
  const rows = await db().project.findMany({ where: { id: { in: ids }, publication: "PUBLISHED" }, select: publicProjectSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toPublicProject(row)] : [];
  });
}

function toPublicProject(row: ProjectRow): PublicProject {
  const { id: _id, milestones, subProjects, ...rest } = row;
  return {
    ...rest,
    computedDurationMonths: monthsInclusive(row.periodStart, row.periodEnd),
    subProjects: subProjects.map((s) => ({
      ...s,
      governmentWon: rollUpFunding(row.fundingLines.filter((l) => l.subProjectId === s.id).map((l) => ({ ...l, subProjectId: null }))).governmentWon,
    })),
    milestones: milestones.map((m) => ({
      ...m,
      targetValue: m.targetValue?.toString() ?? null,
      actualValue: m.actualValue?.toString() ?? null,
      achievementPercent: achievementPercent(m.targetValue, m.actualValue),
    })),
  };
}

export type PublicInstitution = {
  id: number;
  nameKo: string;
  nameEn: string | null;
  type: InstitutionType;
  projects: {
    slug: string; titleKo: string; titleEn: string | null; status: ProjectStatus; periodStart: Date; periodEnd: Date;
    governmentTotalWon: bigint | null; roles: ParticipationRole[];
  }[];
  projectCount: number;
  /** Sum of the known government contributions of the published projects it takes part in. */
  governmentTotalWon: bigint;
  unknownFundingCount: number;
  page: number;
  pageCount: number;
};

/** Public: an institution appears only through its published projects. */
export async function getPublicInstitution(id: number, page = 1): Promise<PublicInstitution | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  const client = db();
  const institution = await client.institution.findUnique({ where: { id }, select: publicInstitution });
  if (!institution) return null;
  // One aggregate over the distinct published projects, then one page of them with their roles.
  const [summary] = await client.$queryRaw<{ count: bigint; government: bigint | null; unknown: bigint }[]>`
    SELECT count(*) AS count, sum(p.government_total_won)::bigint AS government,
      count(*) FILTER (WHERE p.government_total_won IS NULL) AS unknown
    FROM project p
    WHERE p.publication = 'PUBLISHED' AND EXISTS (SELECT 1 FROM participation pa WHERE pa.project_id = p.id AND pa.institution_id = ${id})`;
  const projectCount = Number(summary?.count ?? 0n);
  if (projectCount === 0) return null;
  const pageCount = Math.max(1, Math.ceil(projectCount / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const projects = await client.$queryRaw<PublicInstitution["projects"]>`
    SELECT p.slug, p.title_ko AS "titleKo", p.title_en AS "titleEn", p.status::text AS status,
      p.period_start AS "periodStart", p.period_end AS "periodEnd", p.government_total_won AS "governmentTotalWon",
      array_agg(DISTINCT pa.role::text ORDER BY pa.role::text) AS roles
    FROM participation pa JOIN project p ON p.id = pa.project_id
    WHERE pa.institution_id = ${id} AND p.publication = 'PUBLISHED'
    GROUP BY p.id
    ORDER BY p.period_start DESC, p.id DESC
    LIMIT ${PAGE_SIZE} OFFSET ${(current - 1) * PAGE_SIZE}`;
  return {
    ...institution,
    projects,
    projectCount,
    governmentTotalWon: summary?.government ?? 0n,
    unknownFundingCount: Number(summary?.unknown ?? 0n),
    page: current,
    pageCount,
  };
}
