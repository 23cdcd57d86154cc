import "server-only";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { AppError } from "@/lib/errors";
import { can, type Actor } from "@/lib/permissions";
import { checkGrantAgreements, type GrantFlag } from "@/lib/quality/checks";
import { readableProjectsWhere } from "@/lib/scope";
import { agreementHeader } from "./write-path";

// Reading one project's grants (the grant tab) and a few projects' figures (the comparison): the
// figures are rolled up in SQL (GROUPING SETS), not summed here. The portfolio-wide reads (the
// dashboard, the data-check alerts) are in ./dashboard.ts.

export type GrantFigures = {
  /** 정부출연금 awarded; null when any part is unknown. */
  awardedWon: bigint | null;
  paidWon: bigint;
  spentWon: bigint;
  recognisedWon: bigint;
  disallowedWon: bigint;
  toReturnWon: bigint;
  /** Returned: the to-return amounts of settlements with a return date. */
  returnedWon: bigint;
};

type FigureRow = {
  awarded: bigint | null; awarded_unknown: boolean | null; paid: bigint | null; spent: bigint | null;
  recognised: bigint | null; disallowed: bigint | null; to_return: bigint | null; returned: bigint | null;
};

function figures(r: FigureRow): GrantFigures {
  return {
    awardedWon: r.awarded_unknown ? null : r.awarded, paidWon: r.paid ?? 0n, spentWon: r.spent ?? 0n, recognisedWon: r.recognised ?? 0n,
    disallowedWon: r.disallowed ?? 0n, toReturnWon: r.to_return ?? 0n, returnedWon: r.returned ?? 0n,
  };
}

/**
 * The grant figures of the given projects' agreements per agreement × institution, rolled up in one
 * query by GROUPING SETS: per agreement, per institution, per fiscal year, per project and overall.
 * Awarded is the government contribution of the agreements' funding lines.
 */
async function rollUp(projectIds: number[]) {
  const rows = await db().$queryRaw<(FigureRow & {
    project_id: number | null; agreement_id: number | null; institution_id: number | null; fiscal_year: number | null;
    g_project: number; g_agreement: number; g_institution: number; g_year: number;
  })[]>`
    WITH a AS (
      SELECT id, project_id, fiscal_year FROM agreement WHERE project_id = ANY(${projectIds}::int[])
    ), awarded AS (
      SELECT f.agreement_id, f.institution_id, SUM(f.government_won) AS gov, bool_or(f.government_won IS NULL) AS unknown
      FROM funding_line f JOIN a ON a.id = f.agreement_id GROUP BY 1, 2
    ), paid AS (
      SELECT p.agreement_id, p.institution_id, SUM(p.amount_won) AS paid FROM payment p JOIN a ON a.id = p.agreement_id GROUP BY 1, 2
    ), spent AS (
      SELECT s.agreement_id, s.institution_id, SUM(s.amount_won) AS spent FROM spending s JOIN a ON a.id = s.agreement_id GROUP BY 1, 2
    ), settled AS (
      SELECT st.agreement_id, st.institution_id, st.recognised_won, st.disallowed_won, st.to_return_won, st.returned_on
      FROM settlement st JOIN a ON a.id = st.agreement_id
    ), keys AS (
      SELECT agreement_id, institution_id FROM awarded UNION SELECT agreement_id, institution_id FROM paid
      UNION SELECT agreement_id, institution_id FROM spent UNION SELECT agreement_id, institution_id FROM settled
    ), base AS (
      SELECT a.project_id, k.agreement_id, k.institution_id, a.fiscal_year,
        aw.gov, (aw.gov IS NULL OR aw.unknown) AS unknown, pd.paid, sp.spent,
        st.recognised_won, st.disallowed_won, st.to_return_won, CASE WHEN st.returned_on IS NOT NULL THEN st.to_return_won END AS returned
      FROM keys k JOIN a ON a.id = k.agreement_id
      LEFT JOIN awarded aw ON aw.agreement_id = k.agreement_id AND aw.institution_id IS NOT DISTINCT FROM k.institution_id
      LEFT JOIN paid pd ON pd.agreement_id = k.agreement_id AND pd.institution_id IS NOT DISTINCT FROM k.institution_id
      LEFT JOIN spent sp ON sp.agreement_id = k.agreement_id AND sp.institution_id IS NOT DISTINCT FROM k.institution_id
      LEFT JOIN settled st ON st.agreement_id = k.agreement_id AND st.institution_id IS NOT DISTINCT FROM k.institution_id
    )
    SELECT project_id, agreement_id, institution_id, fiscal_year::int AS fiscal_year,
      GROUPING(project_id)::int AS g_project, GROUPING(agreement_id)::int AS g_agreement,
      GROUPING(institution_id)::int AS g_institution, GROUPING(fiscal_year)::int AS g_year,
      SUM(gov)::bigint AS awarded, bool_or(unknown) AS awarded_unknown, SUM(paid)::bigint AS paid, SUM(spent)::bigint AS spent,
      SUM(recognised_won)::bigint AS recognised, SUM(disallowed_won)::bigint AS disallowed, SUM(to_return_won)::bigint AS to_return,
      SUM(returned)::bigint AS returned
    FROM base
    GROUP BY GROUPING SETS ((project_id), (project_id, agreement_id), (project_id, institution_id), (project_id, fiscal_year), ())
  `;
  return rows;
}

/** Spending per cost category of the given projects, one row per project and category. */
async function spendingByCategory(projectIds: number[]) {
  return db().$queryRaw<{ project_id: number; cost_category_id: number; spent: bigint }[]>`
    SELECT a.project_id, s.cost_category_id, SUM(s.amount_won)::bigint AS spent
    FROM spending s JOIN agreement a ON a.id = s.agreement_id
    WHERE a.project_id = ANY(${projectIds}::int[])
    GROUP BY 1, 2
  `;
}

/** The cost categories (비목), in the order of the rules. Permission: grant.read. */
export async function listCostCategories(actor: Actor | null) {
  await authorize(actor, "grant.read");
  return db().costCategory.findMany({
    select: { id: true, code: true, nameKo: true, nameEn: true, kind: true, validFrom: true, validTo: true },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
}

export type CostCategoryRow = Awaited<ReturnType<typeof listCostCategories>>[number];

/** Share of the period elapsed on a day, 0..1; null without a period. */
export function elapsedShare(start: Date | null, end: Date | null, today: Date): number | null {
  if (!start || !end) return null;
  // The end day is inclusive.
  const total = end.getTime() + 86_400_000 - start.getTime();
  if (total <= 0) return null;
  return Math.min(1, Math.max(0, (today.getTime() - start.getTime()) / total));
}

/** a ÷ b as a number for display and checks (not money); null when b is unknown or zero. */
export function ratio(a: bigint, b: bigint | null): number | null {
  if (b === null || b === 0n) return null;
  return Number((a * 1_000_000n) / b) / 1_000_000;
}

/**
 * Everything the grant tab shows for a project: agreements with their amendment history, awarded
 * amounts per institution, payments, settlements, and the roll-ups (per agreement, institution,
 * year, cost category and the project) with the burn rate.
 * Permission: grant.read (a program manager: published projects and own drafts).
 */
export async function getProjectGrants(actor: Actor | null, projectId: number, today: Date = new Date()) {
  const who = await authorize(actor, "grant.read");
  const project = await db().project.findFirst({
    where: { AND: [{ id: projectId }, readableProjectsWhere(who)] },
    select: {
      id: true, version: true, programId: true, titleKo: true, titleEn: true, periodStart: true, periodEnd: true,
      subProjects: { select: { id: true, seq: true, titleKo: true, titleEn: true }, orderBy: { seq: "asc" } },
      participations: { select: { institution: { select: { id: true, nameKo: true, nameEn: true } } }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] },
      agreements: {
        select: {
          ...agreementHeader,
          revisions: { select: { id: true, version: true, header: true, amounts: true, reason: true, createdAt: true }, orderBy: { version: "desc" } },
          fundingLines: {
            select: { id: true, institutionId: true, governmentWon: true, privateCashWon: true, privateInKindWon: true, institution: { select: { nameKo: true, nameEn: true } } },
            orderBy: [{ institutionId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
          },
          payments: { select: { id: true, institutionId: true, paidOn: true, amountWon: true, noteKo: true }, orderBy: [{ paidOn: "asc" }, { id: "asc" }] },
          settlements: {
            select: { id: true, institutionId: true, settledOn: true, recognisedWon: true, disallowedWon: true, disallowedReason: true, toReturnWon: true, returnedOn: true },
            orderBy: { institutionId: "asc" },
          },
        },
        orderBy: [{ fiscalYear: "asc" }, { stage: { sort: "asc", nulls: "first" } }, { subProjectId: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      },
    },
  });
  if (!project) throw new AppError("NOT_FOUND");
  const [rows, byCategoryRows, categories] = await Promise.all([rollUp([project.id]), spendingByCategory([project.id]), listCostCategories(who)]);
  const totalRow = rows.find((r) => r.g_project === 0 && r.g_agreement === 1 && r.g_institution === 1 && r.g_year === 1);
  const total = totalRow ? figures(totalRow) : figures({} as FigureRow);
  if (!totalRow) total.awardedWon = null;
  const perAgreement = new Map(rows.filter((r) => r.g_agreement === 0).map((r) => [r.agreement_id as number, figures(r)]));
  const institutions = new Map<number, { id: number; nameKo: string; nameEn: string | null }>();
  for (const p of project.participations) institutions.set(p.institution.id, p.institution);
  for (const a of project.agreements) for (const l of a.fundingLines) if (l.institutionId !== null && l.institution) institutions.set(l.institutionId, { id: l.institutionId, ...l.institution });
  const byInstitution = rows.filter((r) => r.g_institution === 0 && r.g_project === 0).map((r) => ({
    institutionId: r.institution_id, name: r.institution_id === null ? null : (institutions.get(r.institution_id) ?? null), ...figures(r),
  }));
  const byYear = rows.filter((r) => r.g_year === 0 && r.g_project === 0).map((r) => ({ fiscalYear: r.fiscal_year as number, ...figures(r) }))
    .sort((x, y) => x.fiscalYear - y.fiscalYear);
  const byCategory = categories
    .map((c) => ({ ...c, spentWon: byCategoryRows.find((r) => r.cost_category_id === c.id)?.spent ?? 0n }))
    .filter((c) => c.spentWon > 0n || ((c.validTo === null || c.validTo >= project.periodStart) && (c.validFrom === null || c.validFrom <= project.periodEnd)));

  const agreements = project.agreements.map((a) => {
    const f = perAgreement.get(a.id) ?? { ...figures({} as FigureRow), awardedWon: null };
    return {
      ...a,
      figures: f,
      elapsed: elapsedShare(a.periodStart, a.periodEnd, today),
      spentOfPaid: ratio(f.spentWon, f.paidWon),
      spentOfAwarded: ratio(f.spentWon, f.awardedWon),
    };
  });
  const alerts: GrantFlag[] = checkGrantAgreements(agreements.map((a) => ({
    id: a.id, status: a.status, signedOn: a.signedOn, periodStart: a.periodStart, periodEnd: a.periodEnd,
    awardedWon: a.figures.awardedWon, paidWon: a.figures.paidWon, spentWon: a.figures.spentWon,
    awardedInstitutions: new Set(a.fundingLines.map((l) => l.institutionId)).size,
    settledInstitutions: a.settlements.length,
  })), today);
  const periods = agreements.filter((a) => a.periodStart && a.periodEnd && a.status !== "TERMINATED");
  const start = periods.length ? new Date(Math.min(...periods.map((a) => (a.periodStart as Date).getTime()))) : null;
  const end = periods.length ? new Date(Math.max(...periods.map((a) => (a.periodEnd as Date).getTime()))) : null;
  return {
    project: { id: project.id, version: project.version, titleKo: project.titleKo, titleEn: project.titleEn, periodStart: project.periodStart, periodEnd: project.periodEnd },
    subProjects: project.subProjects,
    institutions: [...institutions.values()],
    categories,
    agreements,
    total,
    burn: { spentOfPaid: ratio(total.spentWon, total.paidWon), spentOfAwarded: ratio(total.spentWon, total.awardedWon), elapsed: elapsedShare(start, end, today) },
    byInstitution,
    byYear,
    byCategory,
    alerts,
    canWrite: {
      agreement: can(who, "agreement.write", project), payment: can(who, "payment.write", project),
      spending: can(who, "spending.write", project), settlement: can(who, "settlement.write", project),
    },
  };
}

export type ProjectGrants = Awaited<ReturnType<typeof getProjectGrants>>;

/**
 * The internal grant rows of the comparison: per project, awarded, paid, spent and returned, the
 * spend rate and each cost category's share of spending. Signed-in users only.
 * Permission: grant.read (and only projects the actor may read).
 */
export async function getComparisonGrantFigures(actor: Actor | null, projectIds: number[]) {
  const who = await authorize(actor, "grant.read");
  const readable = await db().project.findMany({ where: { AND: [{ id: { in: projectIds } }, readableProjectsWhere(who)] }, select: { id: true } });
  const ids = readable.map((p) => p.id);
  type Entry = { figures: GrantFigures; hasAgreement: boolean; spendRate: number | null; spentByCategory: Map<number, bigint>; categoryShares: Map<number, number> };
  if (ids.length === 0) return { categories: [], projects: new Map<number, Entry>() };
  const [rows, byCategoryRows, categories, withAgreement] = await Promise.all([
    rollUp(ids), spendingByCategory(ids), listCostCategories(who),
    db().agreement.groupBy({ by: ["projectId"], where: { projectId: { in: ids } }, _count: { _all: true } }),
  ]);
  const projects = new Map<number, Entry>();
  for (const id of ids) {
    const row = rows.find((r) => r.g_project === 0 && r.project_id === id && r.g_agreement === 1 && r.g_institution === 1 && r.g_year === 1);
    const f = row ? figures(row) : { ...figures({} as FigureRow), awardedWon: null };
    const spent = byCategoryRows.filter((r) => r.project_id === id);
    const shares = new Map<number, number>();
    for (const r of spent) {
      const share = ratio(r.spent, f.spentWon);
      if (share !== null) shares.set(r.cost_category_id, share);
    }
    projects.set(id, {
      figures: f, hasAgreement: withAgreement.some((w) => w.projectId === id), spendRate: ratio(f.spentWon, f.awardedWon),
      spentByCategory: new Map(spent.map((r) => [r.cost_category_id, r.spent])), categoryShares: shares,
    });
  }
  const used = new Set(byCategoryRows.map((r) => r.cost_category_id));
  return { categories: categories.filter((c) => used.has(c.id)), projects };
}
