import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyMigrations } from "@/prisma/migrate";
import { startBoss } from "./boss";
import { CRON_QUEUE, QUEUES } from "./queues";
import { startWorker, type RunningWorker } from "./worker";

const databaseUrl = inject("databaseUrl");
const workers: RunningWorker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

describe("job queue (pg-boss)", () => {
  it("is installed by the migration runner with every queue, and starts without DDL (migrate: false)", async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>("SELECT name FROM pgboss.queue ORDER BY name");
      expect(rows.map((r) => r.name)).toEqual([CRON_QUEUE, ...Object.values(QUEUES)].sort());
    } finally {
      await client.end();
    }
    // Applying the migrations again is a no-op for pg-boss as well.
    await applyMigrations(databaseUrl);
    const boss = await startBoss(databaseUrl);
    try {
      expect(await boss.isInstalled()).toBe(true);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it("runs a job sent to a queue on a worker and records its result", async () => {
    // A queue of this test only: created here (the test database's role may run DDL).
    const setup = await startBoss(databaseUrl);
    await setup.createQueue("test-echo");
    const seen: unknown[] = [];
    const worker = await startWorker(databaseUrl, [{
      queue: "test-echo" as never,
      concurrency: 1,
      async run(job) {
        seen.push(job.data);
        return { doubled: (job.data as { n: number }).n * 2 };
      },
    }]);
    workers.push(worker);
    const id = await setup.send("test-echo", { n: 21 });
    expect(id).toBeTruthy();
    let state = "";
    let output: unknown = null;
    for (let i = 0; i < 100 && state !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const job = await setup.getJobById("test-echo", id!);
      state = job?.state ?? "";
      output = job?.output;
    }
    await setup.stop({ graceful: false, wait: true });
    expect(state).toBe("completed");
    expect(seen).toEqual([{ n: 21 }]);
    expect(output).toEqual({ doubled: 42 });
  });
});
