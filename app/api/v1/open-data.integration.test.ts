import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as get360Giving } from "@/app/api/v1/360giving.json/route";
import { GET as getChanges } from "@/app/api/v1/changes/route";
import { GET as getDownload } from "@/app/api/v1/downloads/projects/route";
import { GET as getProject } from "@/app/api/v1/projects/[slug]/route";
import { GET as listProjects } from "@/app/api/v1/projects/route";
import { db } from "@/lib/db";
import { pageOfIds, sortSpec, type Position } from "@/lib/data/open-data";
import { pageIdsSql } from "@/lib/data/public-portfolio";
import { pageShape } from "@/lib/data/page-shape";
import { checkGrant, type GrantLike } from "@/lib/open-data/three-sixty-giving-checks";
import { resetRateLimits } from "@/lib/server/api-http";
import { resetDatabase } from "@/lib/testing/reset-database";
import { createProjectGraph } from "@/prisma/factories";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { loadSyntheticPortfolio, syntheticProjectSpec } from "@/prisma/synthetic";
import { parseCsv } from "@/lib/testing/csv";
import { DEFAULT_QUERY, PAGE_SIZE, type PortfolioQuery } from "@/lib/validations/portfolio-query";

// The open-data route handlers, called as the server calls them, on a real PostgreSQL holding the
// published portfolio and 10,000 synthetic projects: 1,000 full ones from the synthetic generator
// (consortia, funding, milestones) and 9,000 plain project rows written in one statement, so
// that the suite does not spend ten minutes loading on a busy machine.

const SYNTHETIC = 10_000;
const FULL = 1_000;
const DRAFT_SLUG = "open-data-secret-draft";
const DRAFT_WORD = "비밀초안과제";

type Json = Record<string, unknown>;
const call = (handler: (r: Request, c: never) => Promise<Response>, url: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  handler(new Request(`http://127.0.0.1:3000${url}`, { headers: { "x-forwarded-for": "203.0.113.7", ...headers } }), { params: Promise.resolve(params) } as never);

async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}

beforeAll(async () => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "0";
  await resetDatabase();
  await seedPublishedPortfolio(db());
  await loadSyntheticPortfolio(db(), FULL);
  const areas = ["HYDROGEN", "SEMICONDUCTOR_DISPLAY", "ADVANCED_BIO", "QUANTUM", "ARTIFICIAL_INTELLIGENCE"];
  await db().$executeRaw`
    INSERT INTO project (slug, title_ko, title_en, period_start, period_end, start_year, status, publication, published_at, origin,
      area, government_total_won, search_text, updated_at)
    SELECT 'bulk-' || g, '(합성) 대량 시험 과제 ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'Bulk test project ' || g END,
      make_date(2015 + g % 11, 1 + g % 12, 1), make_date(2027 + g % 3, 1 + g % 12, 1), 2015 + g % 11,
      'ACTIVE', (CASE WHEN g % 10 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END)::"PublicationState", now(), 'SYNTHETIC',
      (${areas}::text[])[1 + g % 5]::"StrategicTechArea", CASE WHEN g % 7 = 0 THEN NULL ELSE (g::bigint * 1000000) % 5000000000 END,
      '합성 대량 시험 과제 ' || g, now()
    FROM generate_series(1, ${SYNTHETIC - FULL}) g`;
  await db().$transaction(async (tx) => {
    await createProjectGraph(tx, { ...syntheticProjectSpec(SYNTHETIC + 1), slug: DRAFT_SLUG, titleKo: `${DRAFT_WORD} 수소 트램`, publication: "DRAFT" });
  });
}, 900_000);

afterAll(() => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

async function walk(query: string, onPage: () => Promise<void>): Promise<{ slugs: string[]; total: number; pages: number }> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  let pages = 0;
  do {
    const response = await call(listProjects, `/api/v1/projects?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(response.status).toBe(200);
    const body = await json(response);
    if (total < 0) total = body.total as number;
    slugs.push(...(body.data as { slug: string }[]).map((p) => p.slug));
    cursor = body.nextCursor as string | null;
    pages++;
    await onPage();
  } while (cursor);
  return { slugs, total, pages };
}

describe("cursor paging over the whole portfolio", () => {
  it("returns every published project exactly once while projects are edited", async () => {
    const published = await db().project.findMany({ where: { publication: "PUBLISHED" }, select: { id: true, slug: true, origin: true } });
    expect(await db().project.count()).toBeGreaterThanOrEqual(SYNTHETIC);
    expect(published.length).toBeGreaterThanOrEqual(SYNTHETIC * 0.85);
    const synthetic = published.filter((p) => p.origin === "SYNTHETIC");
    let edits = 0;
    // Between pages, other writers change titles, summaries and funding (and with it the funding
    // totals), and add milestones: none of it may make the walk repeat or skip a project.
    const edit = async () => {
      const victims = synthetic.slice((edits * 97) % synthetic.length, ((edits * 97) % synthetic.length) + 25).map((p) => p.id);
      await db().$executeRaw`UPDATE project SET title_en = coalesce(title_en, '') || ' (edited)', summary_ko = 'edited ' || ${edits}, government_total_won = government_total_won + 1 WHERE id = ANY(${victims}::int[])`;
      await db().$executeRaw`UPDATE funding_line SET government_won = government_won + 1 WHERE project_id = ANY(${victims}::int[]) AND government_won IS NOT NULL`;
      edits++;
    };
    const { slugs, total, pages } = await walk("", edit);
    expect(pages).toBe(Math.ceil(published.length / 100));
    expect(edits).toBe(pages);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs.length).toBe(published.length);
    expect(total).toBe(published.length);
    expect(new Set(slugs)).toEqual(new Set(published.map((p) => p.slug)));
    expect(slugs).not.toContain(DRAFT_SLUG);
  }, 300_000);

  it("walks a filtered, title-sorted search exactly like the portfolio's count", async () => {
    const { slugs, total } = await walk("&area=HYDROGEN&sort=title-desc&locale=en", async () => {
      await db().$executeRaw`UPDATE project SET summary_en = 'touched' WHERE area = 'HYDROGEN' AND id % 7 = 0`;
    });
    const expected = await db().project.count({ where: { publication: "PUBLISHED", area: "HYDROGEN" } });
    expect(slugs.length).toBe(expected);
    expect(new Set(slugs).size).toBe(expected);
    expect(total).toBe(expected);
  }, 120_000);

  it("finds Korean two-syllable terms like the portfolio, and never drafts", async () => {
    const body = await json(await call(listProjects, `/api/v1/projects?q=${encodeURIComponent("트램")}`));
    expect((body.data as { slug: string }[]).map((p) => p.slug)).toContain("hydrogen-electric-tram");
    const secret = await json(await call(listProjects, `/api/v1/projects?q=${encodeURIComponent(DRAFT_WORD)}`));
    expect(secret.total).toBe(0);
    expect((await call(getProject, `/api/v1/projects/${DRAFT_SLUG}`, { slug: DRAFT_SLUG })).status).toBe(404);
    expect((await call(getProject, "/api/v1/projects/no-such-project", { slug: "no-such-project" })).status).toBe(404);
  });

  it("refuses a cursor of another search or a forged one", async () => {
    const first = await json(await call(listProjects, "/api/v1/projects?limit=5"));
    const cursor = first.nextCursor as string;
    const other = await call(listProjects, `/api/v1/projects?limit=5&sort=funding&cursor=${encodeURIComponent(cursor)}`);
    expect(other.status).toBe(400);
    expect((await json(other)).parameter).toBe("cursor");
    const [payload = ""] = cursor.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), i: 1 })).toString("base64url");
    const response = await call(listProjects, `/api/v1/projects?cursor=${forged}.${cursor.split(".")[1]}`);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });
});

describe("finding a page by walking the sort index or by collecting the matches", () => {
  // pageShape (lib/data/public-portfolio.ts) picks one by the exact count; both must give the same pages.
  const queries: [Partial<PortfolioQuery>, string][] = [
    [{}, "ko"], [{ area: ["HYDROGEN"] }, "ko"], [{ q: "센서" }, "ko"], [{ q: "양자센서" }, "en"],
    [{ area: ["QUANTUM"], sort: "funding", dir: "asc" }, "ko"], [{ sort: "funding", dir: "desc", page: 3 }, "ko"],
    [{ sort: "title", dir: "asc", page: 2 }, "en"], [{ sort: "title", dir: "desc", area: ["ADVANCED_BIO"] }, "ko"],
    [{ sort: "end", dir: "desc", status: ["ACTIVE"], page: 40 }, "ko"], [{ sort: "start", dir: "asc", year: [2020], page: 5 }, "en"],
  ];

  it("gives the same portfolio pages all three ways, for every sort, with filters, searches, unknown values and deep pages", async () => {
    for (const [q, locale] of queries) {
      const query = { ...DEFAULT_QUERY, ...q };
      const ordered = await db().$queryRaw<{ id: number }[]>(pageIdsSql(query, locale, "ordered"));
      expect(ordered, JSON.stringify(q)).toHaveLength(PAGE_SIZE);
      for (const shape of ["facets-first", "collect"] as const) {
        expect(await db().$queryRaw<{ id: number }[]>(pageIdsSql(query, locale, shape)), `${shape} ${JSON.stringify(q)}`).toEqual(ordered);
      }
    }
  });

  it("walks the open-data API's keyset pages to the same projects all three ways", async () => {
    for (const [q, locale] of queries.slice(0, 8)) {
      const filters = { query: { ...DEFAULT_QUERY, ...q }, locale };
      const spec = sortSpec(filters.query, locale);
      const walks: number[][] = [];
      for (const shape of ["ordered", "facets-first", "collect"] as const) {
        const ids: number[] = [];
        let after: Position | null = null;
        for (let pages = 0; pages < 4; pages++) {
          const page = await pageOfIds(filters, spec, after, 37, shape);
          ids.push(...page.ids);
          if (!page.hasMore || !page.last) break;
          after = page.last;
        }
        walks.push(ids);
      }
      expect(walks[0]?.length, JSON.stringify(q)).toBeGreaterThan(37);
      expect(walks[1], JSON.stringify(q)).toEqual(walks[0]);
      expect(walks[2], JSON.stringify(q)).toEqual(walks[0]);
    }
  });

  it("collects a rare match, walks for a common one, and checks facets first when a search has them", () => {
    // A search alone, a page of 26 among 100,000 projects: 562 matches are collected (the walk
    // would read about 4,600), 20,000 are walked.
    expect(pageShape(true, false, 562, 100_000, 26)).toBe("collect");
    expect(pageShape(true, false, 20_000, 100_000, 26)).toBe("ordered");
    // With facets matching 3,000 projects, 562 of them with the term: the walk looks up about 140.
    expect(pageShape(true, true, 562, 3_000, 26)).toBe("facets-first");
    expect(pageShape(true, true, 40, 3_000, 26)).toBe("collect");
    // A deep page needs more rows, and collecting becomes the cheaper way.
    expect(pageShape(true, false, 5_000, 100_000, 20)).toBe("ordered");
    expect(pageShape(true, false, 5_000, 100_000, 10_000)).toBe("collect");
    // No search: PostgreSQL's plan (the facets' estimates are good, the default order's index covers them).
    expect(pageShape(false, true, 10, 100_000, 20)).toBe("ordered");
    // No statistics yet (a new database) or nothing matches: the walk.
    expect(pageShape(true, false, 10, 0, 20)).toBe("ordered");
    expect(pageShape(true, true, 0, 100_000, 20)).toBe("facets-first");
  });
});

describe("the change feed", () => {
  it("lists publications, edits, unpublications and deletions in order, with tombstones, and nothing about drafts", async () => {
    const since = new Date(Date.now() - 1000);
    const client = db();
    const [a, b] = await client.project.findMany({ where: { publication: "PUBLISHED", origin: "SYNTHETIC" }, orderBy: { id: "asc" }, take: 2, select: { id: true, slug: true } });
    if (!a || !b) throw new Error("no synthetic projects");
    await client.project.update({ where: { id: a.id }, data: { titleEn: "Changed for the feed" } });
    await client.milestone.updateMany({ where: { projectId: b.id }, data: { evidenceKo: "피드 시험" } });
    await client.project.update({ where: { slug: DRAFT_SLUG }, data: { titleEn: "A draft edit nobody may see" } });
    await client.project.update({ where: { id: a.id }, data: { publication: "DRAFT" } });
    await client.project.delete({ where: { id: b.id } });

    const events: { event: string; slug: string; tombstone: boolean }[] = [];
    let cursor: string | null = null;
    let hasMore = true;
    while (hasMore) {
      const url: string = cursor ? `/api/v1/changes?limit=2&cursor=${encodeURIComponent(cursor)}` : `/api/v1/changes?limit=2&since=${since.toISOString()}`;
      const body = await json(await call(getChanges, url));
      events.push(...(body.data as typeof events));
      cursor = body.nextCursor as string;
      hasMore = body.hasMore as boolean;
    }
    const mine = events.filter((e) => e.slug === a.slug || e.slug === b.slug || e.slug === DRAFT_SLUG);
    expect(mine.map((e) => [e.slug, e.event, e.tombstone])).toEqual([
      [a.slug, "updated", false],
      [b.slug, "updated", false],
      [a.slug, "unpublished", true],
      [b.slug, "deleted", true],
    ]);
    // Polling with the last cursor later sees only what happened since.
    const later = await json(await call(getChanges, `/api/v1/changes?cursor=${encodeURIComponent(cursor as string)}`));
    expect(later.data).toEqual([]);
    await client.project.update({ where: { id: a.id }, data: { publication: "PUBLISHED", publishedAt: new Date() } });
    const again = await json(await call(getChanges, `/api/v1/changes?cursor=${encodeURIComponent(cursor as string)}`));
    expect((again.data as typeof events).map((e) => [e.slug, e.event])).toEqual([[a.slug, "published"]]);
  });

  it("wants since or a cursor, as an ISO date-time", async () => {
    for (const url of ["/api/v1/changes", "/api/v1/changes?since=yesterday", "/api/v1/changes?since=2026-11-01"]) {
      const response = await call(getChanges, url);
      expect(response.status).toBe(400);
      expect((await json(response)).parameter).toBe("since");
    }
  });
});

describe("downloads", () => {
  it("streams the whole search as CSV with a BOM and neutralised formulas, and nothing else", async () => {
    await db().project.update({ where: { slug: "multi-sensor-adas-soc" }, data: { productEn: "=HYPERLINK(\"http://evil\")" } });
    const response = await call(getDownload, "/api/v1/downloads/projects?format=csv&locale=en&area=SEMICONDUCTOR_DISPLAY");
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const expected = await db().project.count({ where: { publication: "PUBLISHED", area: "SEMICONDUCTOR_DISPLAY" } });
    const rows = parseCsv(text);
    expect(rows.length).toBe(expected + 1);
    expect(rows[0]?.[0]).toBe("ID");
    expect(text).toContain("'=HYPERLINK");
    expect(text).not.toContain(",=HYPERLINK");
    expect(text).not.toContain(DRAFT_SLUG);
  });

  it("streams the JSON download as full records", async () => {
    const response = await call(getDownload, `/api/v1/downloads/projects?format=json&q=${encodeURIComponent("트램")}`);
    const records = (await response.json()) as { slug: string; governmentTotal: { amount: string } | null }[];
    const tram = records.find((r) => r.slug === "hydrogen-electric-tram");
    expect(tram?.governmentTotal).toEqual({ amount: "28100000000", currency: "KRW" });
    expect(records.map((r) => r.slug)).not.toContain(DRAFT_SLUG);
  });
});

describe("360Giving", () => {
  const folder = path.resolve(import.meta.dirname, "../../../../shared/standards/360giving-1.4.3");
  const hasSchemas = existsSync(path.join(folder, "360-giving-package-schema.json"));

  it("exports a package that validates against the official 360Giving 1.4.3 schemas and passes the ported quality checks", async (context) => {
    // CI has this folder; on a machine without it the test cannot run, and says so.
    context.skip(!hasSchemas, `The official 360Giving schemas are not at ${folder}: copy ../shared/standards/360giving-1.4.3/ next to the project to run this test.`);
    const response = await call(get360Giving, "/api/v1/360giving.json");
    expect(response.status).toBe(200);
    const data = (await response.json()) as { grants: (GrantLike & { amountAwarded: number; additional_data: { keitProjectSlug: string } })[] };

    const load = (file: string) => {
      const schema = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as Record<string, unknown>;
      schema.$schema = "https://json-schema.org/draft/2020-12/schema";
      return schema;
    };
    const grantSchema = load("360-giving-schema.json");
    const packageSchema = load("360-giving-package-schema.json");
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    ajv.addVocabulary(["codelist", "openCodelist", "rollUp"]);
    ajv.addSchema(grantSchema);
    ajv.addSchema({ ...grantSchema, $id: "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json" });
    // uniqueItems over 10k grants is quadratic: validate the package on a slice and every grant on its own.
    const validatePackage = ajv.compile(packageSchema);
    const sample = { ...data, grants: data.grants.slice(0, 200) };
    expect(validatePackage(sample), JSON.stringify(validatePackage.errors?.slice(0, 3))).toBe(true);
    const validateGrant = ajv.getSchema(String(grantSchema.$id));
    if (!validateGrant) throw new Error("grant schema not registered");
    for (const grant of data.grants) expect(validateGrant(grant), JSON.stringify(validateGrant.errors?.slice(0, 3))).toBe(true);
    expect(new Set(data.grants.map((g) => g.id)).size).toBe(data.grants.length);

    const tram = data.grants.find((g) => g.additional_data.keitProjectSlug === "hydrogen-electric-tram");
    expect(tram?.amountAwarded).toBe(28_100_000_000);
    expect(tram?.awardDate).toBe("2021-07-01");
    expect(data.grants.some((g) => g.additional_data.keitProjectSlug === DRAFT_SLUG)).toBe(false);
    // Exactly the published projects with a known government contribution and a lead.
    const expected = await db().project.count({
      where: { publication: "PUBLISHED", governmentTotalWon: { not: null }, participations: { some: { role: "LEAD", subProjectId: null } } },
    });
    expect(data.grants.length).toBe(expected);
    expect(data.grants.flatMap((g) => checkGrant(g))).toEqual([]);
  }, 120_000);
});

describe("HTTP", () => {
  it("answers If-None-Match with 304 and rate-limits per client with 429 and Retry-After", async () => {
    const first = await call(getProject, "/api/v1/projects/hydrogen-electric-tram", { slug: "hydrogen-electric-tram" });
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const second = await call(getProject, "/api/v1/projects/hydrogen-electric-tram", { slug: "hydrogen-electric-tram" }, { "if-none-match": etag as string });
    expect(second.status).toBe(304);

    process.env.API_RATE_LIMIT_PER_MINUTE = "3";
    resetRateLimits();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(listProjects, "/api/v1/projects?limit=1", {}, { "x-forwarded-for": "198.51.100.9" })).status);
    const limited = await call(listProjects, "/api/v1/projects?limit=1", {}, { "x-forwarded-for": "198.51.100.9" });
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another client still gets answers.
    expect((await call(listProjects, "/api/v1/projects?limit=1", {}, { "x-forwarded-for": "198.51.100.10" })).status).toBe(200);
    process.env.API_RATE_LIMIT_PER_MINUTE = "0";
  });
});
