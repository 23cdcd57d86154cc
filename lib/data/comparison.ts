import "server-only";
import { db } from "@/lib/db";
import { latestVerdicts } from "@/lib/data/evaluations";
import { getComparisonGrantFigures } from "@/lib/data/grants/read";
import { readableProjectsWhere } from "@/lib/scope";
import { compareProjects, type CompareCategory, type CompareInput, type Row } from "@/lib/compare/comparison";
import type { Prisma } from "@/lib/generated/prisma/client";
import { can, type Actor } from "@/lib/permissions";

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 6;

export type Comparison = {
  projects: { slug: string; titleKo: string; titleEn: string | null; isPublished: boolean }[];
  rows: Row[];
  /** Requested slugs that are unknown or not visible to the viewer (the same answer for both). */
  missing: string[];
  internal: boolean;
};

// Public fields only: this select is all an anonymous comparison ever reads.
const publicSelect = {
  id: true, slug: true, titleKo: true, titleEn: true, area: true, researchStage: true, status: true, publication: true,
  periodStart: true, periodEnd: true, publishedDurationMonths: true,
  governmentTotalWon: true, privateCashTotalWon: true, privateInKindTotalWon: true,
  program: { select: { nameKo: true, nameEn: true } },
  participations: { select: { role: true, institution: { select: { id: true, type: true } } } },
  milestones: { select: { status: true, dueDate: true, duePrecision: true, achievedDate: true, achievedPrecision: true, targetValue: true, actualValue: true } },
} satisfies Prisma.ProjectSelect;

/** Parses the `p` parameters of a comparison URL: 2–6 distinct, well-formed slugs in order. */
export function parseCompareSlugs(raw: string | string[] | undefined): string[] {
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((v) => v.split(","));
  return [...new Set(list.map((s) => s.trim()).filter((s) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(s) && s.length <= 120))].slice(0, MAX_COMPARE);
}

/**
 * The comparison of the given projects, in the order asked for.
 * Permission: public for published projects and public fields; signed-in users with
 * workspace.read also see the projects they may read internally, their data-quality flags and,
 * with evaluation.read, the latest evaluation verdict.
 */
export async function getComparison(actor: Actor | null, slugs: string[], today: Date = new Date()): Promise<Comparison> {
  const internal = actor !== null && can(actor, "workspace.read");
  const where: Prisma.ProjectWhereInput = internal ? { AND: [{ slug: { in: slugs } }, readableProjectsWhere(actor)] } : { slug: { in: slugs }, publication: "PUBLISHED" };
  // Quality flags are internal: read only for workspace users, in the same query.
  const found = await db().project.findMany({ where, select: { ...publicSelect, qualityFlags: internal } });
  // Payments, spending and settlements are internal: read only for signed-in users with grant.read.
  // The verdicts and the grant figures are independent: read side by side, not one after the other.
  const [verdicts, grants] = await Promise.all([
    internal && can(actor, "evaluation.read") ? latestVerdicts(actor, found.map((p) => p.id)) : new Map<number, string>(),
    internal && can(actor, "grant.read") ? getComparisonGrantFigures(actor, found.map((p) => p.id)) : null,
  ]);
  const categoryCode = new Map((grants?.categories ?? []).map((c) => [c.id, c.code]));
  const categories: CompareCategory[] = (grants?.categories ?? []).map((c) => ({ code: c.code, nameKo: c.nameKo, nameEn: c.nameEn }));
  const bySlug = new Map(found.map((p) => [p.slug, p]));
  const ordered = slugs.map((s) => bySlug.get(s)).filter((p): p is (typeof found)[number] => p !== undefined);
  const inputs: CompareInput[] = ordered.map((p) => ({
    slug: p.slug, titleKo: p.titleKo, titleEn: p.titleEn,
    programNameKo: p.program?.nameKo ?? null, programNameEn: p.program?.nameEn ?? null,
    area: p.area, researchStage: p.researchStage, status: p.status, periodStart: p.periodStart, periodEnd: p.periodEnd,
    publishedDurationMonths: p.publishedDurationMonths,
    governmentWon: p.governmentTotalWon, privateCashWon: p.privateCashTotalWon, privateInKindWon: p.privateInKindTotalWon,
    institutions: p.participations.map((x) => ({ id: x.institution.id, type: x.institution.type, role: x.role })),
    milestones: p.milestones.map((m) => ({ ...m, targetValue: m.targetValue?.toString() ?? null, actualValue: m.actualValue?.toString() ?? null })),
    qualityFlagCount: internal ? (p.qualityFlags?.length ?? 0) : null,
    latestVerdict: verdicts.get(p.id) ?? null,
    grant: grants === null ? undefined : grantInput(grants.projects.get(p.id), categoryCode),
  }));
  return {
    projects: ordered.map((p) => ({ slug: p.slug, titleKo: p.titleKo, titleEn: p.titleEn, isPublished: p.publication === "PUBLISHED" })),
    rows: compareProjects(inputs, today, { internal, categories }),
    missing: slugs.filter((s) => !bySlug.has(s)),
    internal,
  };
}

type GrantFiguresOf = Awaited<ReturnType<typeof getComparisonGrantFigures>>["projects"] extends Map<number, infer V> ? V : never;

/** A project's grant figures for the comparison; null when it has no agreement at all. */
function grantInput(figures: GrantFiguresOf | undefined, categoryCode: Map<number, string>): CompareInput["grant"] {
  if (!figures || !figures.hasAgreement) return null;
  const f = figures.figures;
  return {
    awardedWon: f.awardedWon, paidWon: f.paidWon, spentWon: f.spentWon, returnedWon: f.returnedWon,
    spentByCategory: Object.fromEntries([...figures.spentByCategory].map(([id, won]) => [categoryCode.get(id) ?? String(id), won])),
  };
}
