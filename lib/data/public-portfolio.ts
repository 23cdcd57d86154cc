import "server-only";
import { db } from "@/lib/db";
import { cachedAggregate } from "@/lib/data/aggregate-cache";
import { Prisma } from "@/lib/generated/prisma/client";
import { INSTITUTION_TYPES, type InstitutionType, type ProjectStatus, type StrategicTechArea } from "@/lib/domain/enums";
import { parseQueryTerms } from "@/lib/search/normalize";
import { PAGE_SIZE, type PortfolioQuery } from "@/lib/validations/portfolio-query";
import { hasFacets, pageShape, projectRowEstimate, shapedSelect, type PageShape } from "@/lib/data/page-shape";

// The public portfolio: published projects only, public fields only. Aggregates (counts, totals,
// facet counts) are computed in SQL in one pass; the list is one indexed, paginated query.

export type ProjectListItem = {
  slug: string;
  titleKo: string;
  titleEn: string | null;
  productKo: string | null;
  productEn: string | null;
  programNameKo: string | null;
  programNameEn: string | null;
  area: StrategicTechArea | null;
  status: ProjectStatus;
  periodStart: Date;
  periodEnd: Date;
  governmentTotalWon: bigint | null;
  leadNameKo: string | null;
  leadNameEn: string | null;
  institutionCount: number;
  isSynthetic: boolean;
};

export type FacetCount<T extends string | number> = { value: T; count: number };

export type PortfolioFacets = {
  program: (FacetCount<number> & { nameKo: string; nameEn: string | null })[];
  area: FacetCount<StrategicTechArea>[];
  status: FacetCount<ProjectStatus>[];
  year: FacetCount<number>[];
  instType: FacetCount<InstitutionType>[];
};

export type PortfolioResult = {
  items: ProjectListItem[];
  total: number;
  /** Sum of the known government contributions of the filtered set. */
  governmentTotalWon: bigint;
  /** Projects of the filtered set whose government contribution is unknown (left out of the sum). */
  unknownFundingCount: number;
  page: number;
  pageCount: number;
  facets: PortfolioFacets;
};

type FacetKey = "program" | "area" | "status" | "year" | "instType";

/** The search terms of a query as SQL over `project p` (or another alias; shared with the dashboards). */
export function searchCondition(q: string, alias: "p" | "s" = "p"): Prisma.Sql {
  const terms = parseQueryTerms(q);
  if (terms.length === 0) return Prisma.sql`TRUE`;
  const a = Prisma.raw(alias);
  return Prisma.join(
    terms.map((t) =>
      t.kind === "grams"
        ? Prisma.sql`${a}.search_grams @> ARRAY[${t.text}]::text[]`
        : Prisma.sql`${a}.search_text LIKE ${`%${t.text}%`}`,
    ),
    " AND ",
  );
}

/** One SQL condition per facet; a facet without a selection matches everything. */
export function facetConditions(query: PortfolioQuery): Record<FacetKey, Prisma.Sql> {
  return {
    program: query.program.length ? Prisma.sql`p.program_id = ANY(${query.program}::int[])` : Prisma.sql`TRUE`,
    area: query.area.length ? Prisma.sql`p.area = ANY(${query.area}::text[]::"StrategicTechArea"[])` : Prisma.sql`TRUE`,
    status: query.status.length ? Prisma.sql`p.status = ANY(${query.status}::text[]::"ProjectStatus"[])` : Prisma.sql`TRUE`,
    year: query.year.length ? Prisma.sql`p.start_year = ANY(${query.year}::int[])` : Prisma.sql`TRUE`,
    instType: query.instType.length
      ? Prisma.sql`p.institution_types && ${query.instType}::text[]::"InstitutionType"[]`
      : Prisma.sql`TRUE`,
  };
}

function orderBy(query: PortfolioQuery, locale: string): Prisma.Sql {
  const dir = query.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  switch (query.sort) {
    case "funding":
      return Prisma.sql`p.government_total_won ${dir} NULLS LAST, p.id ${dir}`;
    case "end":
      return Prisma.sql`p.period_end ${dir}, p.id ${dir}`;
    case "title":
      return locale === "en"
        ? Prisma.sql`p.title_en ${dir} NULLS LAST, p.id ${dir}`
        : Prisma.sql`p.title_ko ${dir}, p.id ${dir}`;
    case "start":
      return Prisma.sql`p.period_start ${dir}, p.id ${dir}`;
  }
}

type FacetRow = {
  g: number; programId: number | null; area: string | null; status: string | null; startYear: number | null;
  byProgram: bigint; byArea: bigint; byStatus: bigint; byYear: bigint; total: bigint; government: bigint | null; unknown: bigint; byType: bigint[];
};
type FacetOut = { facet: string; value: string | null; count: bigint; government?: bigint | null; unknown?: bigint };

export type PortfolioSummary = Pick<PortfolioResult, "total" | "governmentTotalWon" | "unknownFundingCount" | "facets">;

/**
 * The filtered set's count, government funding and facet counts (no list): shared by the
 * portfolio and the workspace dashboard's filters, kept in the aggregate cache.
 * Public: published projects only.
 */
export function getPortfolioSummary(query: PortfolioQuery): Promise<PortfolioSummary> {
  const key = JSON.stringify(["portfolio", parseQueryTerms(query.q), query.program, query.area, query.status, query.year, query.instType]);
  return cachedAggregate(key, async () => {
    const facetRows = await aggregate(query, searchCondition(query.q), facetConditions(query));
    const totalRow = facetRows.find((r) => r.facet === "total");
    const programIds = facetRows.filter((r) => r.facet === "program").map((r) => Number(r.value));
    const programs = programIds.length
      ? await db().program.findMany({ where: { id: { in: programIds } }, select: { id: true, nameKo: true, nameEn: true } })
      : [];
    const programNames = new Map(programs.map((p) => [p.id, p]));
    const counts = (facet: FacetKey) =>
      facetRows.filter((r) => r.facet === facet).map((r) => ({ value: r.value ?? "", count: Number(r.count) }));
    return {
      total: Number(totalRow?.count ?? 0n),
      governmentTotalWon: totalRow?.government ?? 0n,
      unknownFundingCount: Number(totalRow?.unknown ?? 0n),
      facets: {
        program: counts("program")
          .map((c) => {
            const id = Number(c.value);
            const names = programNames.get(id);
            return { value: id, count: c.count, nameKo: names?.nameKo ?? String(id), nameEn: names?.nameEn ?? null };
          })
          .sort((a, b) => b.count - a.count || a.nameKo.localeCompare(b.nameKo)),
        area: counts("area").map((c) => ({ value: c.value as StrategicTechArea, count: c.count })),
        status: counts("status").map((c) => ({ value: c.value as ProjectStatus, count: c.count })),
        year: counts("year").map((c) => ({ value: Number(c.value), count: c.count })).sort((a, b) => b.value - a.value),
        instType: counts("instType").map((c) => ({ value: c.value as InstitutionType, count: c.count })),
      },
    };
  });
}

/**
 * The shape for a query: with a search, from the exact count of its matches and of its facets'
 * matches (both cached), else PostgreSQL's plan.
 */
export async function choosePageShape(query: PortfolioQuery, needed: number, matching: number): Promise<PageShape> {
  const search = parseQueryTerms(query.q).length > 0;
  if (!search) return "ordered";
  // Only the default order's index carries the facets: another order's walk would fetch every
  // row to test them, so there the choice is between the plain walk and collecting.
  const facetsFirst = hasFacets(query) && query.sort === "start";
  const candidates = facetsFirst ? await facetMatchCount(query) : await projectRowEstimate();
  return pageShape(search, facetsFirst, matching, candidates, needed);
}

/**
 * Published projects matching the facets alone (no search): a plain count, an index-only scan of
 * the default order's index, cheaper than the facets' full aggregate; cached with the aggregates.
 */
function facetMatchCount(query: PortfolioQuery): Promise<number> {
  const key = JSON.stringify(["facet-count", query.program, query.area, query.status, query.year, query.instType]);
  return cachedAggregate(key, async () => {
    const f = facetConditions(query);
    const [row] = await db().$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM project p WHERE p.publication = 'PUBLISHED' AND ${Prisma.join([f.program, f.area, f.status, f.year, f.instType], " AND ")}`;
    return Number(row?.count ?? 0n);
  });
}

/** The ids of one page of the portfolio in order, found the given way; see pageShape. */
export function pageIdsSql(query: PortfolioQuery, locale: string, shape: PageShape): Prisma.Sql {
  const f = facetConditions(query);
  const where = Prisma.sql`p.publication = 'PUBLISHED' AND ${Prisma.join([f.program, f.area, f.status, f.year, f.instType], " AND ")}`;
  const offset = (query.page - 1) * PAGE_SIZE;
  const rows = shapedSelect(shape, where, searchCondition(query.q), searchCondition(query.q, "s"), orderBy(query, locale), Prisma.sql`LIMIT ${PAGE_SIZE} OFFSET ${offset}`);
  return Prisma.sql`SELECT page.id FROM (${rows}) page`;
}

/** Public: published projects only. */
export async function listPublishedProjects(query: PortfolioQuery, locale: string): Promise<PortfolioResult> {
  const summary = await getPortfolioSummary(query);
  const pageCount = Math.max(1, Math.ceil(summary.total / PAGE_SIZE));
  const offset = (query.page - 1) * PAGE_SIZE;
  const shape = offset >= summary.total ? "ordered" : await choosePageShape(query, offset + PAGE_SIZE, summary.total);

  const items =
    offset >= summary.total
      ? []
      : await db().$queryRaw<(Omit<ProjectListItem, "institutionCount"> & { institutionCount: bigint })[]>`
    SELECT p.slug, p.title_ko AS "titleKo", p.title_en AS "titleEn", p.product_ko AS "productKo", p.product_en AS "productEn",
      pr.name_ko AS "programNameKo", pr.name_en AS "programNameEn", p.area::text AS area, p.status::text AS status,
      p.period_start AS "periodStart", p.period_end AS "periodEnd", p.government_total_won AS "governmentTotalWon",
      lead.name_ko AS "leadNameKo", lead.name_en AS "leadNameEn", p.origin = 'SYNTHETIC' AS "isSynthetic",
      (SELECT count(DISTINCT pa.institution_id) FROM participation pa WHERE pa.project_id = p.id) AS "institutionCount"
    FROM (
      -- Pick the page first, so that the joins below run for its 20 rows only, not for the offset.
      ${pageIdsSql(query, locale, shape)}
    ) page
    JOIN project p ON p.id = page.id
    LEFT JOIN program pr ON pr.id = p.program_id
    LEFT JOIN LATERAL (
      SELECT i.name_ko, i.name_en FROM participation pa JOIN institution i ON i.id = pa.institution_id
      WHERE pa.project_id = p.id AND pa.role = 'LEAD' AND pa.sub_project_id IS NULL
      ORDER BY pa.sort_order, pa.id LIMIT 1
    ) lead ON TRUE
    ORDER BY ${orderBy(query, locale)}`;

  return {
    ...summary,
    items: items.map((i) => ({ ...i, institutionCount: Number(i.institutionCount) })),
    page: query.page,
    pageCount,
  };
}

/** Counts, totals and facet counts of a query in one SQL pass; see listPublishedProjects. */
async function aggregate(query: PortfolioQuery, search: Prisma.Sql, f: Record<FacetKey, Prisma.Sql>): Promise<FacetOut[]> {
  // Disjunctive facets, totals and counts in one pass over the (index-only) facet columns: each
  // facet's counts apply every filter except its own, so a visitor can widen a selection within a
  // facet. Each filter is evaluated once per row (m_*), GROUPING SETS make one row per facet value,
  // and the FILTERed counts pick, per set, the filters that apply to it. Institution types are
  // counted with one FILTER per type on the total row.
  const m = { program: Prisma.sql`m_program`, area: Prisma.sql`m_area`, status: Prisma.sql`m_status`, year: Prisma.sql`m_year`, instType: Prisma.sql`m_inst` };
  const others = (skip: FacetKey) =>
    Prisma.join((Object.keys(m) as FacetKey[]).filter((k) => k !== skip).map((k) => m[k]), " AND ");
  const everything = Prisma.join(Object.values(m), " AND ");
  const typeCounts = Prisma.join(
    // Our own constants, written as literals so that the cast is folded once, not done per row.
    INSTITUTION_TYPES.map((type) => Prisma.sql`count(*) FILTER (WHERE ${others("instType")} AND institution_types @> ${Prisma.raw(`'{${type}}'::"InstitutionType"[]`)})`),
    ", ",
  );
  const rows = await db().$queryRaw<FacetRow[]>`
    SELECT grouping(program_id, area, status, start_year) AS g,
      program_id AS "programId", area::text AS area, status::text AS status, start_year AS "startYear",
      count(*) FILTER (WHERE ${others("program")}) AS "byProgram",
      count(*) FILTER (WHERE ${others("area")}) AS "byArea",
      count(*) FILTER (WHERE ${others("status")}) AS "byStatus",
      count(*) FILTER (WHERE ${others("year")}) AS "byYear",
      count(*) FILTER (WHERE ${everything}) AS total,
      (sum(government_total_won) FILTER (WHERE ${everything}))::bigint AS government,
      count(*) FILTER (WHERE ${everything} AND government_total_won IS NULL) AS unknown,
      ARRAY[${typeCounts}] AS "byType"
    FROM (
      SELECT p.program_id, p.area, p.status, p.start_year, p.government_total_won, p.institution_types,
        ${f.program} AS m_program, ${f.area} AS m_area, ${f.status} AS m_status, ${f.year} AS m_year, ${f.instType} AS m_inst
      FROM project p
      WHERE p.publication = 'PUBLISHED' AND ${search}
    ) p
    GROUP BY GROUPING SETS ((program_id), (area), (status), (start_year), ())`;
  // grouping() has one bit per column, set when the column is not part of the row's set.
  const setOf = (g: number) => ({ 7: "program", 11: "area", 13: "status", 14: "year", 15: "total" })[g];
  return rows.flatMap((r): FacetOut[] => {
    switch (setOf(Number(r.g))) {
      case "program": return r.programId === null ? [] : [{ facet: "program", value: String(r.programId), count: r.byProgram }];
      case "area": return r.area === null ? [] : [{ facet: "area", value: r.area, count: r.byArea }];
      case "status": return [{ facet: "status", value: r.status ?? "", count: r.byStatus }];
      case "year": return [{ facet: "year", value: String(r.startYear), count: r.byYear }];
      case "total": return [
        { facet: "total", value: null, count: r.total, government: r.government, unknown: r.unknown },
        ...INSTITUTION_TYPES.map((type, i) => ({ facet: "instType", value: type, count: r.byType[i] ?? 0n })),
      ];
      default: return [];
    }
  }).filter((r) => r.facet === "total" || r.count > 0n);
}
