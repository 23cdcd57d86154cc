import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetDatabase } from "@/lib/testing/reset-database";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { loadSyntheticPortfolio, syntheticProjectSpec, syntheticSearchDocument } from "@/prisma/synthetic";

// The COPY loader on a real PostgreSQL: what the skipped triggers would have written is there, the
// derived columns are the app's, and a second run extends the portfolio instead of repeating it.

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
}, 120_000);

describe("loadSyntheticPortfolio", () => {
  it("loads, extends, and leaves the change feed and the award rule as the triggers would", { timeout: 180_000 }, async () => {
    const lines: string[] = [];
    expect((await loadSyntheticPortfolio(db(), 200, { log: (l) => lines.push(l) })).loaded).toBe(200);
    expect((await loadSyntheticPortfolio(db(), 260)).loaded).toBe(60);
    expect((await loadSyntheticPortfolio(db(), 260)).loaded).toBe(0);
    const synthetic = await db().project.findMany({ where: { origin: "SYNTHETIC" }, orderBy: { id: "asc" }, select: { id: true, slug: true, publication: true, searchText: true, searchGrams: true } });
    expect(synthetic.map((p) => p.slug)).toEqual(Array.from({ length: 260 }, (_, n) => `synthetic-${n}`));
    // The change feed: exactly one PUBLISHED row per published synthetic project, none for drafts.
    const feed = await db().publicationChange.findMany({ where: { projectId: { in: synthetic.map((p) => p.id) } }, select: { projectId: true, kind: true } });
    const published = synthetic.filter((p) => p.publication === "PUBLISHED").map((p) => p.id);
    expect(published.length).toBeGreaterThan(200);
    expect(feed.map((f) => f.kind).every((k) => k === "PUBLISHED")).toBe(true);
    expect(feed.map((f) => f.projectId).sort((a, b) => a - b)).toEqual(published);
    // Derived columns as the app computes them.
    for (const p of synthetic.slice(0, 50)) {
      const doc = syntheticSearchDocument(syntheticProjectSpec(Number(p.slug.slice("synthetic-".length))));
      expect({ searchText: p.searchText, searchGrams: p.searchGrams }).toEqual(doc);
    }
    // The payment trigger's rule holds, and foreign keys point at real rows.
    const [check] = await db().$queryRaw<{ over: number; orphans: number }[]>`
      SELECT
        (SELECT count(*)::int FROM (SELECT pm.agreement_id, pm.institution_id, SUM(pm.amount_won) AS paid FROM payment pm GROUP BY 1, 2) x
           WHERE x.paid > (SELECT COALESCE(SUM(f.government_won), 0) FROM funding_line f WHERE f.agreement_id = x.agreement_id AND f.institution_id = x.institution_id)) AS over,
        (SELECT count(*)::int FROM participation pa WHERE NOT EXISTS (SELECT 1 FROM institution i WHERE i.id = pa.institution_id))
          + (SELECT count(*)::int FROM funding_line f WHERE f.agreement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agreement a WHERE a.id = f.agreement_id))
          + (SELECT count(*)::int FROM spending s WHERE NOT EXISTS (SELECT 1 FROM cost_category c WHERE c.id = s.cost_category_id)) AS orphans`;
    expect(check).toEqual({ over: 0, orphans: 0 });
    // A new project written by the app afterwards gets a fresh id from the same sequences.
    const program = await db().program.findFirstOrThrow({ where: { code: "synthetic-program-0" }, select: { id: true } });
    const created = await db().project.create({ data: { slug: "after-load", titleKo: "적재 뒤 과제", periodStart: new Date("2025-01-01"), periodEnd: new Date("2025-12-01"), startYear: 2025, status: "ACTIVE", programId: program.id } });
    expect(created.id).toBeGreaterThan(Math.max(...synthetic.map((p) => p.id)));
  });
});
