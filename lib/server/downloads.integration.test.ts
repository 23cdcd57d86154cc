import { beforeAll, describe, expect, it } from "vitest";
import { publishedProjectBatches } from "@/lib/data/open-data";
import type { PublicProject } from "@/lib/data/public-projects";
import { db } from "@/lib/db";
import { csvDownload, type BatchSource } from "@/lib/server/downloads";
import { resetDatabase } from "@/lib/testing/reset-database";
import type { PortfolioQuery } from "@/lib/validations/portfolio-query";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { loadSyntheticPortfolio } from "@/prisma/synthetic";

// Downloads are streamed: the projects are read batch by batch as the client takes the bytes, so a
// client that reads slowly (or stops) holds at most a batch or two in the server, never the whole
// search (issue 8: 100,000 projects in constant memory, first bytes within a second).

const PROJECTS = 2_000;
const BATCH = 100;
const ALL: PortfolioQuery = { q: "", program: [], area: [], status: [], year: [], instType: [], sort: "start", dir: "desc", page: 1 };

/** The database source with small batches, counting the batches read so far. */
function countingSource() {
  const counter = { batches: 0, projects: 0 };
  const source: BatchSource = async function* (query, locale) {
    for await (const batch of publishedProjectBatches(query, locale, BATCH)) {
      counter.batches++;
      counter.projects += batch.length;
      yield batch as PublicProject[];
    }
  };
  return { counter, source };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let published = 0;

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  await loadSyntheticPortfolio(db(), PROJECTS);
  published = await db().project.count({ where: { publication: "PUBLISHED" } });
}, 900_000);

describe("CSV download", () => {
  it("reads the next batch only when the client has taken the previous one", async () => {
    expect(published).toBeGreaterThan(10 * BATCH);
    const { counter, source } = countingSource();
    const reader = csvDownload(ALL, "ko", "http://127.0.0.1:3000", source).getReader();
    // The header row leaves before any project is read: the first bytes do not wait for the query.
    const header = await reader.read();
    expect(header.value?.subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf])); // the UTF-8 byte-order mark
    expect(counter.batches).toBeLessThanOrEqual(1);
    const first = await reader.read();
    expect(first.done).toBe(false);
    // A client that stops reading: the stream may hold one batch ahead, nothing more.
    await pause(1_500);
    expect(counter.batches).toBeLessThanOrEqual(3);
    let lines = new TextDecoder().decode(first.value).split("\r\n").length - 1;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      lines += new TextDecoder().decode(next.value).split("\r\n").length - 1;
    }
    expect(counter.projects).toBe(published);
    expect(counter.batches).toBe(Math.ceil(published / BATCH));
    // One line per project (no project of the synthetic portfolio has a line break in a field).
    expect(lines).toBeGreaterThanOrEqual(published);
  });

  it("stops reading the database when the client goes away", async () => {
    const { counter, source } = countingSource();
    const reader = csvDownload(ALL, "ko", "http://127.0.0.1:3000", source).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const after = counter.batches;
    await pause(500);
    expect(counter.batches).toBe(after);
    expect(after).toBeLessThan(Math.ceil(published / BATCH));
  });
});
