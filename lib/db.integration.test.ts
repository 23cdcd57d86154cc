import { describe, expect, inject, it } from "vitest";
import { db, withDatabase } from "@/lib/db";
import { env } from "@/lib/env";

// withDatabase(url, fn): how scripts pass the database they chose instead of rewriting
// process.env.DATABASE_URL (issue 11).
describe("withDatabase", () => {
  it("binds db() to the given URL inside fn, across awaits and timers, and closes its pool after", async () => {
    // The test database under a URL of its own (another application_name), so that "which URL" shows.
    const base = inject("databaseUrl");
    const url = `${base}${base.includes("?") ? "&" : "?"}application_name=keit-scoped`;
    expect(env().DATABASE_URL).not.toBe(url);
    const outside = db();
    let scoped: ReturnType<typeof db> | null = null;
    // Connections to this database, counted through the process's own client.
    const connections = async () => Number((await outside.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()`)[0]?.n);
    const before = await connections();
    let connectionsInside = 0;
    const seen = await withDatabase(url, async (client) => {
      scoped = client;
      expect(db()).toBe(client);
      // Settings read through lib/env name the same database as db().
      expect(env().DATABASE_URL).toBe(url);
      // Work started inside (a job handler's timer, a promise chain) still sees the scoped client.
      const fromTimer = await new Promise<ReturnType<typeof db>>((resolve) => setTimeout(() => resolve(db()), 5));
      expect(fromTimer).toBe(client);
      const [row] = await client.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
      connectionsInside = await connections();
      return row?.name;
    });
    expect(seen).toBe(new URL(url).pathname.slice(1));
    expect(scoped).not.toBe(outside);
    expect(db()).toBe(outside); // outside the call: the process's one client again
    expect(env().DATABASE_URL).not.toBe(url);
    expect(connectionsInside).toBeGreaterThan(before);
    // The scoped pool's connections are closed (a backend may take a moment to leave the view).
    let after = await connections();
    for (let i = 0; i < 40 && after > before; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await connections();
    }
    expect(after).toBeLessThanOrEqual(before);
  });

  it("closes the pool also when fn throws", async () => {
    await expect(withDatabase(inject("databaseUrl"), async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await db().user.count()).toBeGreaterThanOrEqual(0);
  });
});
