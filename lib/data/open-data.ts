import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { cachedAggregate } from "@/lib/data/aggregate-cache";
import { getPublicStatistics } from "@/lib/data/dashboard";
import {
  choosePageShape, facetConditions, getPortfolioSummary, searchCondition,
} from "@/lib/data/public-portfolio";
import { pageShape, projectRowEstimate, shapedSelect, type PageShape } from "@/lib/data/page-shape";
import { getPublishedProjectsByIds, type PublicProject } from "@/lib/data/public-projects";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, encodeCursor } from "@/lib/open-data/cursor";
import { knownMoney, projectSummary, type SummaryRow } from "@/lib/open-data/serialize";
import { parseQueryTerms } from "@/lib/search/normalize";
import type { ApiInstitutionSummary, ApiProjectSummary, ApiStatistics } from "@/lib/validations/open-data";
import type { PortfolioQuery } from "@/lib/validations/portfolio-query";

// The open-data API's reads. Public: published projects only, public fields only (the same
// filters, search and sorts as the portfolio page, lib/data/public-portfolio.ts), paged by keyset
// cursors so that a walk over 100k projects and beyond is stable and never repeats or skips a
// project whose sort key does not change. See docs/decisions/0017-open-data-api.md.

/** A cursor's content was not handed out by this server for this request. */
export class BadCursorError extends Error {
  constructor() {
    super("bad cursor");
    this.name = "BadCursorError";
  }
}

export type Position = { key: string | null; id: number };
type SortSpec = { column: Prisma.Sql; nullable: boolean; cast: "date" | "bigint" | "text"; dir: "asc" | "desc" };

export function sortSpec(query: PortfolioQuery, locale: string): SortSpec {
  const dir = query.dir;
  switch (query.sort) {
    case "funding": return { column: Prisma.sql`p.government_total_won`, nullable: true, cast: "bigint", dir };
    case "end": return { column: Prisma.sql`p.period_end`, nullable: false, cast: "date", dir };
    case "title": return locale === "en"
      ? { column: Prisma.sql`p.title_en`, nullable: true, cast: "text", dir }
      : { column: Prisma.sql`p.title_ko`, nullable: false, cast: "text", dir };
    case "start": return { column: Prisma.sql`p.period_start`, nullable: false, cast: "date", dir };
  }
}

// The same order as the portfolio page (NULLS LAST in both directions), with the id as tie-breaker.
function orderSql(s: SortSpec): Prisma.Sql {
  const dir = s.dir === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  return s.nullable ? Prisma.sql`${s.column} ${dir} NULLS LAST, p.id ${dir}` : Prisma.sql`${s.column} ${dir}, p.id ${dir}`;
}

/** Rows strictly after the position in the order above. */
function afterSql(s: SortSpec, after: Position | null): Prisma.Sql {
  if (!after) return Prisma.sql`TRUE`;
  const cmp = s.dir === "asc" ? Prisma.sql`>` : Prisma.sql`<`;
  if (after.key === null) return Prisma.sql`(${s.column} IS NULL AND p.id ${cmp} ${after.id})`;
  const key = Prisma.sql`CAST(${after.key} AS ${Prisma.raw(s.cast)})`;
  const tuple = Prisma.sql`(${s.column}, p.id) ${cmp} (${key}, ${after.id})`;
  return s.nullable ? Prisma.sql`(${tuple} OR ${s.column} IS NULL)` : tuple;
}

function keyText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** What a cursor is bound to: the filters, the search, the order and (for title order) the language. */
function queryFingerprint(query: PortfolioQuery, locale: string, scope: string): string {
  const canonical = JSON.stringify([scope, parseQueryTerms(query.q), [...query.program].sort(), [...query.area].sort(), [...query.status].sort(),
    [...query.year].sort(), [...query.instType].sort(), query.sort, query.dir, query.sort === "title" ? locale : ""]);
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 16);
}

const projectCursorSchema = z.strictObject({ f: z.string().max(32), k: z.string().max(600).nullable(), i: z.number().int().min(0).max(2_147_483_647) });

function readProjectCursor(cursor: string | undefined, fingerprint: string, spec: SortSpec): Position | null {
  if (cursor === undefined) return null;
  const parsed = projectCursorSchema.safeParse(decodeCursor(cursor));
  if (!parsed.success || parsed.data.f !== fingerprint) throw new BadCursorError();
  const { k, i } = parsed.data;
  if (k !== null && spec.cast === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(k)) throw new BadCursorError();
  if (k !== null && spec.cast === "bigint" && !/^\d{1,19}$/.test(k)) throw new BadCursorError();
  if (k === null && !spec.nullable) throw new BadCursorError();
  return { key: k, id: i };
}

type Filters = { query: PortfolioQuery; locale: string; institutionId?: number };

/** The filters of a request as SQL over `project p`; with the search unless `withSearch` is false. */
function whereSql({ query, institutionId }: Filters, withSearch = true): Prisma.Sql {
  const f = facetConditions(query);
  const institution = institutionId === undefined
    ? Prisma.sql`TRUE`
    : Prisma.sql`EXISTS (SELECT 1 FROM participation pa WHERE pa.project_id = p.id AND pa.institution_id = ${institutionId})`;
  const search = withSearch ? searchCondition(query.q) : Prisma.sql`TRUE`;
  return Prisma.sql`p.publication = 'PUBLISHED' AND ${search} AND ${Prisma.join([f.program, f.area, f.status, f.year, f.instType], " AND ")} AND ${institution}`;
}

/**
 * One keyset page of the ids in order, and whether more follow. `shape` says how to find it
 * (pageShape in lib/data/page-shape.ts): walking the sort index (checking the facets first
 * when there is a search), or collecting the matches first, for a rare match.
 */
export async function pageOfIds(filters: Filters, spec: SortSpec, after: Position | null, limit: number, shape: PageShape = "ordered"): Promise<{ ids: number[]; last: Position | null; hasMore: boolean }> {
  const where = Prisma.sql`${whereSql(filters, false)} AND ${afterSql(spec, after)}`;
  const rows = await db().$queryRaw<{ id: number; k: unknown }[]>`
    SELECT page.id, page.k FROM (
      SELECT p.id, ${spec.column} AS k FROM (
        ${shapedSelect(shape, where, searchCondition(filters.query.q), searchCondition(filters.query.q, "s"), orderSql(spec), Prisma.sql`LIMIT ${limit + 1}`)}
      ) p
    ) page`;
  const page = rows.slice(0, limit);
  const lastRow = page.at(-1);
  return { ids: page.map((r) => r.id), last: lastRow ? { key: keyText(lastRow.k), id: lastRow.id } : null, hasMore: rows.length > limit };
}

async function summariesOf(ids: number[]): Promise<ApiProjectSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db().$queryRaw<(Omit<SummaryRow, "institutionCount"> & { id: number; institutionCount: bigint })[]>`
    SELECT p.id, p.slug, p.title_ko AS "titleKo", p.title_en AS "titleEn", p.product_ko AS "productKo", p.product_en AS "productEn",
      pr.code AS "programCode", pr.name_ko AS "programNameKo", pr.name_en AS "programNameEn", p.area::text AS area, p.status::text AS status,
      p.period_start AS "periodStart", p.period_end AS "periodEnd", p.published_duration_months AS "publishedDurationMonths",
      p.government_total_won AS "governmentTotalWon", lead.id AS "leadId", lead.name_ko AS "leadNameKo", lead.name_en AS "leadNameEn",
      lead.type::text AS "leadType", p.origin = 'SYNTHETIC' AS "isSynthetic",
      (SELECT count(DISTINCT pa.institution_id) FROM participation pa WHERE pa.project_id = p.id) AS "institutionCount"
    FROM project p
    LEFT JOIN program pr ON pr.id = p.program_id
    LEFT JOIN LATERAL (
      SELECT i.id, i.name_ko, i.name_en, i.type FROM participation pa JOIN institution i ON i.id = pa.institution_id
      WHERE pa.project_id = p.id AND pa.role = 'LEAD' AND pa.sub_project_id IS NULL
      ORDER BY pa.sort_order, pa.id LIMIT 1
    ) lead ON TRUE
    WHERE p.id = ANY(${ids}::int[]) AND p.publication = 'PUBLISHED'`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [projectSummary({ ...r, institutionCount: Number(r.institutionCount) })] : [];
  });
}

async function countProjects(filters: Filters): Promise<number> {
  if (filters.institutionId === undefined) return (await getPortfolioSummary(filters.query)).total;
  const key = JSON.stringify(["api-institution-count", filters.institutionId]);
  return cachedAggregate(key, async () => {
    const [row] = await db().$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM project p WHERE ${whereSql(filters)}`;
    return Number(row?.count ?? 0n);
  });
}

export type ProjectPage = { data: ApiProjectSummary[]; nextCursor: string | null; total: number };

/** Public: a page of published projects matching the portfolio's filters. Throws BadCursorError. */
export async function listApiProjects(filters: Filters, limit: number, cursor: string | undefined): Promise<ProjectPage> {
  const spec = sortSpec(filters.query, filters.locale);
  const fingerprint = queryFingerprint(filters.query, filters.locale, filters.institutionId === undefined ? "projects" : `institution:${filters.institutionId}`);
  const after = readProjectCursor(cursor, fingerprint, spec);
  // The count first (cached with the aggregates): it decides how the page is found. An
  // institution's projects are a condition like a search's.
  const total = await countProjects(filters);
  const shape = filters.institutionId === undefined
    ? await choosePageShape(filters.query, limit + 1, total)
    : pageShape(true, false, total, await projectRowEstimate(), limit + 1);
  const page = await pageOfIds(filters, spec, after, limit, shape);
  const data = await summariesOf(page.ids);
  const nextCursor = page.hasMore && page.last ? encodeCursor({ f: fingerprint, k: page.last.key, i: page.last.id }) : null;
  return { data, nextCursor, total };
}

/**
 * Public: every published project of the search, full public records, in batches (downloads).
 * Constant memory: one keyset batch at a time.
 */
export async function* publishedProjectBatches(query: PortfolioQuery, locale: string, batchSize = 500): AsyncGenerator<PublicProject[]> {
  const filters = { query, locale };
  const spec = sortSpec(query, locale);
  let after: Position | null = null;
  for (;;) {
    const page = await pageOfIds(filters, spec, after, batchSize);
    if (page.ids.length > 0) yield await getPublishedProjectsByIds(page.ids);
    if (!page.hasMore || !page.last) return;
    after = page.last;
  }
}

/** Public: the number of published projects of a search (for the download links). */
export async function countApiProjects(query: PortfolioQuery): Promise<number> {
  return (await getPortfolioSummary(query)).total;
}

// ------------------------------------------------------------------------------------------------
// Institutions: those taking part in at least one published project.

const idCursorSchema = z.strictObject({ f: z.literal("institutions"), i: z.number().int().min(0).max(2_147_483_647) });

/** Public: a page of institutions that take part in published projects, by id. Throws BadCursorError. */
export async function listApiInstitutions(limit: number, cursor: string | undefined): Promise<{ data: ApiInstitutionSummary[]; nextCursor: string | null; total: number }> {
  let afterId = 0;
  if (cursor !== undefined) {
    const parsed = idCursorSchema.safeParse(decodeCursor(cursor));
    if (!parsed.success) throw new BadCursorError();
    afterId = parsed.data.i;
  }
  const client = db();
  const rows = await client.$queryRaw<{ id: number; nameKo: string; nameEn: string | null; type: ApiInstitutionSummary["type"]; projectCount: bigint }[]>`
    SELECT i.id, i.name_ko AS "nameKo", i.name_en AS "nameEn", i.type::text AS type,
      (SELECT count(DISTINCT pa.project_id) FROM participation pa JOIN project p ON p.id = pa.project_id
       WHERE pa.institution_id = i.id AND p.publication = 'PUBLISHED') AS "projectCount"
    FROM institution i
    WHERE i.id > ${afterId}
      AND EXISTS (SELECT 1 FROM participation pa JOIN project p ON p.id = pa.project_id WHERE pa.institution_id = i.id AND p.publication = 'PUBLISHED')
    ORDER BY i.id
    LIMIT ${limit + 1}`;
  const total = await cachedAggregate(JSON.stringify(["api-institutions-total"]), async () => {
    const [row] = await client.$queryRaw<{ count: bigint }[]>`
      SELECT count(DISTINCT pa.institution_id) AS count FROM participation pa JOIN project p ON p.id = pa.project_id WHERE p.publication = 'PUBLISHED'`;
    return Number(row?.count ?? 0n);
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => ({
      id: r.id, nameKo: r.nameKo, nameEn: r.nameEn, type: r.type, projectCount: Number(r.projectCount),
      links: { self: `/api/v1/institutions/${r.id}`, page: `/ko/institutions/${r.id}` },
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ f: "institutions", i: last.id }) : null,
    total,
  };
}

/** Public: an institution with a page of its published projects; null when it takes part in none. */
export async function getApiInstitution(id: number, limit: number, cursor: string | undefined) {
  const client = db();
  const institution = await client.institution.findUnique({ where: { id }, select: { id: true, nameKo: true, nameEn: true, type: true } });
  if (!institution) return null;
  const [summary] = await client.$queryRaw<{ count: bigint; government: bigint | null; unknown: bigint }[]>`
    SELECT count(*) AS count, sum(p.government_total_won)::bigint AS government, count(*) FILTER (WHERE p.government_total_won IS NULL) AS unknown
    FROM project p
    WHERE p.publication = 'PUBLISHED' AND EXISTS (SELECT 1 FROM participation pa WHERE pa.project_id = p.id AND pa.institution_id = ${id})`;
  const projectCount = Number(summary?.count ?? 0n);
  if (projectCount === 0) return null;
  const query: PortfolioQuery = { q: "", program: [], area: [], status: [], year: [], instType: [], sort: "start", dir: "desc", page: 1 };
  const projects = await listApiProjects({ query, locale: "ko", institutionId: id }, limit, cursor);
  return {
    ...institution, projectCount,
    links: { self: `/api/v1/institutions/${id}`, page: `/ko/institutions/${id}` },
    governmentTotal: knownMoney(summary?.government ?? 0n),
    unknownFundingCount: Number(summary?.unknown ?? 0n),
    projects,
  };
}

// ------------------------------------------------------------------------------------------------
// Statistics

/** Public: the statistics page's aggregates, with the same filters. */
export async function getApiStatistics(query: PortfolioQuery): Promise<ApiStatistics> {
  const s = await getPublicStatistics(query);
  const slice = (x: (typeof s.byArea)[number]) => ({
    key: x.key, nameKo: x.nameKo, nameEn: x.nameEn, projects: x.projects, governmentTotal: knownMoney(x.governmentWon), unknownFundingCount: x.unknownFunding,
  });
  return {
    projects: s.projects, governmentTotal: knownMoney(s.governmentWon), unknownFundingCount: s.unknownFunding,
    byProgramme: s.byProgram.map(slice), byArea: s.byArea.map(slice), byStartYear: s.byYear.map(slice), topInstitutions: s.topInstitutions.map(slice),
  };
}
