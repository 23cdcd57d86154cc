import "server-only";
import { db } from "@/lib/db";
import { cachedAggregate } from "@/lib/data/aggregate-cache";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PortfolioQuery } from "@/lib/validations/portfolio-query";

// How one page of a filtered, searched portfolio is read, shared by the portfolio page
// (lib/data/public-portfolio.ts) and the open-data API (lib/data/open-data.ts).

/**
 * How a page of a filtered set is found (docs/decisions/0033-uncached-portfolio-queries.md).
 * - "ordered": the plain query; PostgreSQL chooses (for facets alone, a walk of the sort index,
 *   index-only for the default order, `project_publication_period_start_id_idx` covers the facets).
 * - "facets-first" (a search with facets): walk the sort index checking the facets (index-only),
 *   and look up the search only for the projects that pass them. It reads about
 *   needed × facetMatching / matching projects.
 * - "collect": gather every match through the search's and filters' indexes and sort them: about
 *   `matching` projects, the cheaper way for a rare match.
 * PostgreSQL's own estimate of `matching` is often far off for a search with filters (it takes the
 * conditions as independent): the exact counts of the cached aggregates choose here. COLLECT_ADVANTAGE
 * weighs a bitmap scan's reads in table order against a walk's random ones.
 */
export type PageShape = "ordered" | "facets-first" | "collect";
const COLLECT_ADVANTAGE = 4;

/**
 * `matching`: projects of the whole query; `candidates`: those a walk looks the search up for (the
 * facets' matches, or every project when there are no facets); `needed`: rows up to the page's end.
 */
export function pageShape(search: boolean, facets: boolean, matching: number, candidates: number, needed: number): PageShape {
  if (!search) return "ordered";
  const walk = facets ? "facets-first" : "ordered";
  if (matching <= 0 || candidates <= 0 || matching >= candidates) return walk;
  return matching * matching <= COLLECT_ADVANTAGE * needed * candidates ? "collect" : walk;
}

/** The number of projects as the planner's statistics have it (no scan); cached with the aggregates. */
export function projectRowEstimate(): Promise<number> {
  return cachedAggregate(JSON.stringify(["project-row-estimate"]), async () => {
    const [row] = await db().$queryRaw<{ rows: number }[]>`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = 'project'::regclass`;
    // -1: never analysed or vacuumed (a new, small database): no estimate, so the walk.
    return Math.max(0, row?.rows ?? 0);
  });
}

export function hasFacets(query: PortfolioQuery): boolean {
  return query.program.length + query.area.length + query.status.length + query.year.length + query.instType.length > 0;
}

/**
 * Rows of `project p` matching `where` (the filters), then the search, in the given order, in the
 * given shape: the columns of every order are selected (PostgreSQL drops those not used).
 */
export function shapedSelect(shape: PageShape, where: Prisma.Sql, search: Prisma.Sql, searchAsS: Prisma.Sql, order: Prisma.Sql, limit: Prisma.Sql): Prisma.Sql {
  const columns = Prisma.sql`p.id, p.period_start, p.period_end, p.government_total_won, p.title_ko, p.title_en`;
  switch (shape) {
    case "ordered":
      return Prisma.sql`SELECT ${columns} FROM project p WHERE ${where} AND ${search} ORDER BY ${order} ${limit}`;
    case "facets-first":
      // OFFSET 0 keeps the walk of the facets a query of its own (an index-only scan in order);
      // the search is looked up by id for the rows it yields, and the page stops the walk.
      return Prisma.sql`
        SELECT ${columns} FROM (SELECT ${columns} FROM project p WHERE ${where} ORDER BY ${order} OFFSET 0) p
        WHERE EXISTS (SELECT FROM project s WHERE s.id = p.id AND ${searchAsS})
        ORDER BY ${order} ${limit}`;
    case "collect":
      // MATERIALIZED: the matches are gathered first (bitmap scans), never by walking a sort index.
      return Prisma.sql`
        WITH matching AS MATERIALIZED (SELECT ${columns} FROM project p WHERE ${where} AND ${search})
        SELECT ${columns} FROM matching p ORDER BY ${order} ${limit}`;
  }
}

