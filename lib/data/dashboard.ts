import "server-only";
import { db } from "@/lib/db";
import { facetConditions, searchCondition } from "@/lib/data/public-portfolio";
import { cachedAggregate } from "@/lib/data/aggregate-cache";
import { authorize } from "@/lib/data/guard";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import { readableProjectsSql, readableScopeKey } from "@/lib/scope";
import { parseQueryTerms } from "@/lib/search/normalize";
import type { PortfolioQuery } from "@/lib/validations/portfolio-query";

// Portfolio statistics, computed in SQL, with the same filters as the portfolio search. The public
// statistics page sees published projects only; the workspace dashboard sees every project the
// actor may read (drafts of their own programs for a program manager) plus milestone health and
// data-quality flags.

export type Slice = { key: string; nameKo: string | null; nameEn: string | null; projects: number; governmentWon: bigint; unknownFunding: number };

export type PortfolioStatistics = {
  projects: number;
  governmentWon: bigint;
  unknownFunding: number;
  byProgram: Slice[];
  byArea: Slice[];
  byYear: Slice[];
  topInstitutions: Slice[];
  /** Workspace only. */
  milestones: { overdue: number; dueWithin30Days: number; achievedThisQuarter: number } | null;
  flaggedProjects: number | null;
};

type Visibility = { kind: "public" } | { kind: "internal"; actor: Actor };

function visibilitySql(v: Visibility): Prisma.Sql {
  if (v.kind === "public") return Prisma.sql`p.publication = 'PUBLISHED'`;
  return readableProjectsSql(v.actor);
}

async function statistics(v: Visibility, query: PortfolioQuery, today: Date): Promise<PortfolioStatistics> {
  const f = facetConditions(query);
  const where = Prisma.sql`${visibilitySql(v)} AND ${searchCondition(query.q)} AND ${Prisma.join(Object.values(f), " AND ")}`;
  const client = db();
  const groups = await client.$queryRaw<{ g: number; programId: number | null; area: string | null; startYear: number | null; projects: bigint; government: bigint | null; unknown: bigint }[]>`
    SELECT grouping(p.program_id, p.area, p.start_year) AS g, p.program_id AS "programId", p.area::text AS area, p.start_year AS "startYear",
      count(*) AS projects, sum(p.government_total_won)::bigint AS government, count(*) FILTER (WHERE p.government_total_won IS NULL) AS unknown
    FROM project p WHERE ${where}
    GROUP BY GROUPING SETS ((p.program_id), (p.area), (p.start_year), ())`;
  const institutions = await client.$queryRaw<{ id: number; nameKo: string; nameEn: string | null; projects: bigint; government: bigint | null; unknown: bigint }[]>`
    SELECT i.id, i.name_ko AS "nameKo", i.name_en AS "nameEn", count(*) AS projects,
      sum(x.government_total_won)::bigint AS government, count(*) FILTER (WHERE x.government_total_won IS NULL) AS unknown
    FROM (SELECT DISTINCT pa.institution_id, p.id, p.government_total_won
          FROM participation pa JOIN project p ON p.id = pa.project_id WHERE ${where}) x
    JOIN institution i ON i.id = x.institution_id
    GROUP BY i.id ORDER BY sum(x.government_total_won) DESC NULLS LAST, count(*) DESC, i.id LIMIT 15`;
  // grouping() sets one bit per column left out of a row's set (program, area, year = 4, 2, 1):
  // 3 = by program, 5 = by area, 6 = by start year, 7 = the total.
  const programIds = groups.filter((r) => Number(r.g) === 3 && r.programId !== null).map((r) => r.programId as number);
  const programs = new Map((await client.program.findMany({ where: { id: { in: programIds } }, select: { id: true, nameKo: true, nameEn: true } })).map((p) => [p.id, p]));
  const slice = (r: (typeof groups)[number], key: string, nameKo: string | null, nameEn: string | null): Slice => ({
    key, nameKo, nameEn, projects: Number(r.projects), governmentWon: r.government ?? 0n, unknownFunding: Number(r.unknown),
  });
  const bySet = (g: number) => groups.filter((r) => Number(r.g) === g);
  const total = bySet(7)[0];

  let milestones: PortfolioStatistics["milestones"] = null;
  let flaggedProjects: number | null = null;
  if (v.kind === "internal") {
    const quarterStart = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
    // One pass over the milestones that can count at all (open and due by today + 30 days, or
    // achieved since the quarter began); the due date's precision decides its last day.
    const dueEnd = Prisma.sql`CASE ms.due_precision
      WHEN 'YEAR' THEN (date_trunc('year', ms.due_date) + interval '1 year - 1 day')::date
      WHEN 'MONTH' THEN (date_trunc('month', ms.due_date) + interval '1 month - 1 day')::date
      ELSE ms.due_date END`;
    const [health] = await client.$queryRaw<{ overdue: bigint; soon: bigint; achieved: bigint }[]>`
      SELECT
        count(*) FILTER (WHERE ms.status IN ('PLANNED', 'IN_PROGRESS') AND ${dueEnd} < ${today}::date) AS overdue,
        count(*) FILTER (WHERE ms.status IN ('PLANNED', 'IN_PROGRESS') AND ${dueEnd} >= ${today}::date AND ${dueEnd} <= ${today}::date + 30) AS soon,
        count(*) FILTER (WHERE ms.status = 'ACHIEVED') AS achieved
      FROM milestone ms JOIN project p ON p.id = ms.project_id
      WHERE ((ms.status IN ('PLANNED', 'IN_PROGRESS') AND ms.due_date <= ${today}::date + 30)
          OR (ms.status = 'ACHIEVED' AND ms.achieved_date >= ${quarterStart}::date AND ms.achieved_date <= ${today}::date))
        AND ${where}`;
    const [flagged] = await client.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM project p WHERE ${where} AND cardinality(p.quality_flags) > 0`;
    milestones = { overdue: Number(health?.overdue ?? 0n), dueWithin30Days: Number(health?.soon ?? 0n), achievedThisQuarter: Number(health?.achieved ?? 0n) };
    flaggedProjects = Number(flagged?.count ?? 0n);
  }

  return {
    projects: Number(total?.projects ?? 0n),
    governmentWon: total?.government ?? 0n,
    unknownFunding: Number(total?.unknown ?? 0n),
    byProgram: bySet(3).map((r) => {
      const p = r.programId === null ? null : programs.get(r.programId);
      return slice(r, String(r.programId ?? "none"), p?.nameKo ?? null, p?.nameEn ?? null);
    }).sort((a, b) => (b.governmentWon > a.governmentWon ? 1 : b.governmentWon < a.governmentWon ? -1 : b.projects - a.projects)),
    byArea: bySet(5).map((r) => slice(r, r.area ?? "none", null, null)).sort((a, b) => (b.governmentWon > a.governmentWon ? 1 : -1)),
    byYear: bySet(6).map((r) => slice(r, String(r.startYear), null, null)).sort((a, b) => Number(a.key) - Number(b.key)),
    topInstitutions: institutions.map((r) => ({ key: String(r.id), nameKo: r.nameKo, nameEn: r.nameEn, projects: Number(r.projects), governmentWon: r.government ?? 0n, unknownFunding: Number(r.unknown) })),
    milestones,
    flaggedProjects,
  };
}

const filterKey = (q: PortfolioQuery) => [parseQueryTerms(q.q), q.program, q.area, q.status, q.year, q.instType];

/** Public: aggregates over published projects only. */
export function getPublicStatistics(query: PortfolioQuery): Promise<PortfolioStatistics> {
  return cachedAggregate(JSON.stringify(["statistics", ...filterKey(query)]), () => statistics({ kind: "public" }, query, new Date()));
}

/** The workspace dashboard. Permission: workspace.read (a program manager: published + own drafts). */
export async function getDashboard(actor: Actor | null, query: PortfolioQuery, today: Date = new Date()): Promise<PortfolioStatistics> {
  const who = await authorize(actor, "workspace.read");
  const key = JSON.stringify(["dashboard", readableScopeKey(who), today.toISOString().slice(0, 10), ...filterKey(query)]);
  return cachedAggregate(key, () => statistics({ kind: "internal", actor: who }, query, today));
}
