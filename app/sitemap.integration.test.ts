import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as sitemapIndex } from "@/app/sitemap.xml/route";
import { GET as sitemapFile } from "@/app/sitemaps/[file]/route";
import robots from "@/app/robots";
import { db } from "@/lib/db";
import { listSitemapChunks, listSitemapEntries, SITEMAP_ID_SPAN } from "@/lib/data/sitemap";
import { resetDatabase } from "@/lib/testing/reset-database";
import { createProjectGraph } from "@/prisma/factories";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { syntheticProjectSpec } from "@/prisma/synthetic";

const ORIGIN = "https://portfolio.example.kr";
const SECRET_INSTITUTION = { nameKo: "비공개전용연구소", nameEn: "Draft-only Institute", type: "GOVERNMENT_RESEARCH_INSTITUTE" as const };

async function text(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
  return response.text();
}
const file = (name: string) => sitemapFile(new Request(`${ORIGIN}/sitemaps/${name}`), { params: Promise.resolve({ file: name }) });

let farProjectId = 0;

beforeAll(async () => {
  process.env.PUBLIC_ORIGIN = ORIGIN;
  await resetDatabase();
  await seedPublishedPortfolio(db());
  await db().$transaction(async (tx) => {
    // A draft, with an institution that takes part in nothing else: neither may appear.
    await createProjectGraph(tx, {
      ...syntheticProjectSpec(1), slug: "secret-draft", publication: "DRAFT",
      participations: [{ institution: SECRET_INSTITUTION, role: "LEAD" }],
    });
    // Ids far apart, as at a million projects: the next project lands in the third id range.
    await tx.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('project', 'id'), ${2 * SITEMAP_ID_SPAN + 7})`);
    farProjectId = await createProjectGraph(tx, { ...syntheticProjectSpec(2), slug: "far-published", publication: "PUBLISHED" });
    await createProjectGraph(tx, { ...syntheticProjectSpec(3), slug: "far-draft", publication: "DRAFT" });
  }, { timeout: 60_000 });
});

afterAll(() => {
  delete process.env.PUBLIC_ORIGIN;
});

describe("sitemap data", () => {
  it("lists only the id ranges that hold a published project", async () => {
    expect(farProjectId).toBe(2 * SITEMAP_ID_SPAN + 8);
    expect(await listSitemapChunks("projects")).toEqual([0, 2]);
  });

  it("lists published projects with their last change, never a draft", async () => {
    const first = await listSitemapEntries("projects", 0);
    expect(first.map((e) => e.path)).toEqual(["/projects/hydrogen-electric-tram", "/projects/multi-sensor-adas-soc", "/projects/meta-soft-organ-modules"]);
    for (const entry of first) expect(entry.lastModified).toBeInstanceOf(Date);
    expect((await listSitemapEntries("projects", 2)).map((e) => e.path)).toEqual(["/projects/far-published"]);
    expect(await listSitemapEntries("projects", 1)).toEqual([]);
    expect(await listSitemapEntries("projects", -1)).toEqual([]);
  });

  it("lists the institutions of published projects only", async () => {
    const chunks = await listSitemapChunks("institutions");
    expect(chunks).toEqual([0]);
    const paths = (await listSitemapEntries("institutions", 0)).map((e) => e.path);
    const hyundai = await db().institution.findFirstOrThrow({ where: { nameKo: "현대로템㈜" } });
    const secret = await db().institution.findFirstOrThrow({ where: { nameKo: SECRET_INSTITUTION.nameKo } });
    expect(paths).toContain(`/institutions/${hyundai.id}`);
    expect(paths).not.toContain(`/institutions/${secret.id}`);
  });
});

describe("GET /sitemap.xml and its children", () => {
  it("indexes the fixed pages and each non-empty range, with absolute URLs", async () => {
    const xml = await text(await sitemapIndex());
    expect(xml).toContain("<sitemapindex");
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual([
      `${ORIGIN}/sitemaps/pages.xml`, `${ORIGIN}/sitemaps/projects-0.xml`, `${ORIGIN}/sitemaps/projects-2.xml`, `${ORIGIN}/sitemaps/institutions-0.xml`,
    ]);
  });

  it("lists every published project in both languages with alternates and lastmod", async () => {
    const xml = await text(await file("projects-0.xml"));
    expect(xml).toContain(`<loc>${ORIGIN}/ko/projects/hydrogen-electric-tram</loc>`);
    expect(xml).toContain(`<loc>${ORIGIN}/en/projects/hydrogen-electric-tram</loc>`);
    expect(xml).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${ORIGIN}/en/projects/hydrogen-electric-tram"/>`);
    expect(xml).toMatch(/<lastmod>\d{4}-\d{2}-\d{2}T[0-9:.]+Z<\/lastmod>/);
    expect(xml).not.toContain("secret-draft");
    expect([...xml.matchAll(/<url>/g)]).toHaveLength(6);
    const far = await text(await file("projects-2.xml"));
    expect(far).toContain("/ko/projects/far-published");
    expect(far).not.toContain("far-draft");
    const pages = await text(await file("pages.xml"));
    expect(pages).toContain(`<loc>${ORIGIN}/ko</loc>`);
    expect(pages).toContain(`<loc>${ORIGIN}/en/statistics</loc>`);
  });

  it("answers 404 for a name that is not one of its files", async () => {
    for (const name of ["projects-x.xml", "projects-01.xml", "secrets.xml", "projects-0.xml.bak"]) {
      expect((await file(name)).status).toBe(404);
    }
  });
});

describe("GET /robots.txt", () => {
  it("keeps crawlers out of the workspace and the bulk endpoints and names the sitemap", () => {
    const rules = robots();
    const disallowed = [rules.rules].flat().flatMap((r) => [r.disallow ?? []].flat());
    for (const path of ["/ko/manage", "/en/manage", "/ko/admin", "/en/admin", "/ko/login", "/en/login", "/api/v1/downloads/", "/api/v1/360giving.json", "/api/v1/changes"]) {
      expect(disallowed).toContain(path);
    }
    expect(disallowed.some((p) => p === "/" || p === "/ko" || p.startsWith("/ko/projects"))).toBe(false);
    expect(rules.sitemap).toBe(`${ORIGIN}/sitemap.xml`);
  });
});
