import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { entryFor, PageCache, projectTag } from "@/lib/server/page-cache";
import { listenForInvalidations } from "@/lib/server/page-cache-listener";
import { resetDatabase } from "@/lib/testing/reset-database";
import { seedPublishedPortfolio } from "@/prisma/seed";

// Migration 20261129030000_page_cache_notify and the LISTEN connection of every server: a
// committed change of what public pages show drops exactly the entries that show it.

const TRAM = "hydrogen-electric-tram";
const ADAS = "multi-sensor-adas-soc";
const log = pino({ level: "silent" });
let cache: PageCache;
let listener: { stop: () => Promise<void> };

async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

async function fill(): Promise<void> {
  const page = async (tag: string) => {
    const entry = await entryFor({ status: 200, headers: { "content-type": "text/html" }, body: Buffer.from("<p>page</p>") }, [tag]);
    if (!entry) throw new Error("not cacheable");
    return entry;
  };
  expect(cache.set("/ko", await page("portfolio"), cache.generation)).toBe(true);
  expect(cache.set(`/ko/projects/${TRAM}`, await page(projectTag(TRAM)), cache.generation)).toBe(true);
  expect(cache.set(`/en/projects/${ADAS}`, await page(projectTag(ADAS)), cache.generation)).toBe(true);
}

const cached = () => ["/ko", `/ko/projects/${TRAM}`, `/en/projects/${ADAS}`].filter((key) => cache.get(key) !== undefined);

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  cache = new PageCache({ maxBytes: 1 << 20, maxAgeMs: 60_000, sharedMaxAgeSeconds: 10, staleWhileRevalidateSeconds: 60 });
  listener = listenForInvalidations(cache, process.env.DATABASE_URL ?? "", log);
  await until(() => cache.enabled);
});

afterAll(async () => {
  await listener.stop();
});

describe("page cache invalidation through LISTEN/NOTIFY", () => {
  it("an edit of a published project drops its pages and the portfolio, and no other project's", async () => {
    await fill();
    await db().project.update({ where: { slug: TRAM }, data: { titleEn: "Hydrogen tram (edited)" } });
    await until(() => cached().length === 1);
    expect(cached()).toEqual([`/en/projects/${ADAS}`]);
  });

  it("so does an edit of a public part (a milestone), unpublishing, and a rolled-back edit does nothing", async () => {
    await fill();
    const milestone = await db().milestone.findFirstOrThrow({ where: { project: { slug: TRAM } } });
    await db().milestone.update({ where: { id: milestone.id }, data: { evidenceEn: "checked" } });
    await until(() => cached().length === 1);
    expect(cached()).toEqual([`/en/projects/${ADAS}`]);

    await fill();
    await db().$transaction(async (tx) => {
      await tx.project.update({ where: { slug: ADAS }, data: { titleEn: "never committed" } });
      throw new Error("roll back");
    }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cached()).toHaveLength(3);

    await db().project.update({ where: { slug: ADAS }, data: { publication: "DRAFT" } });
    await until(() => cached().length === 1);
    expect(cached()).toEqual([`/ko/projects/${TRAM}`]);
    await db().project.update({ where: { slug: ADAS }, data: { publication: "PUBLISHED" } });
  });

  it("a renamed institution drops every page", async () => {
    await new Promise((resolve) => setTimeout(resolve, 300)); // the republication's notification
    await fill();
    const institution = await db().institution.findFirstOrThrow({ where: { participations: { some: { project: { slug: TRAM } } } } });
    await db().institution.update({ where: { id: institution.id }, data: { nameEn: `${institution.nameEn ?? "x"} ` } });
    await until(() => cached().length === 0);
  });

  it("a lost connection turns the cache off until the listener is back, which starts empty", async () => {
    await fill();
    await db().$executeRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'keit-page-cache'`);
    await until(() => !cache.enabled);
    expect(cached()).toEqual([]);
    await until(() => cache.enabled, 10_000);
    expect(cache.size).toBe(0);
    await fill();
    await db().project.update({ where: { slug: TRAM }, data: { titleEn: "Hydrogen tram (again)" } });
    await until(() => cached().length === 1);
  });
});
