// The job worker: one PgBoss (no DDL, with maintenance) that runs every handler of handlers.ts.
// Runs beside the web server under `npm start` (scripts/start.ts spawns scripts/worker.ts) or as
// its own process (`npm run worker`); several workers may share one database, pg-boss hands each
// job to exactly one of them (SKIP LOCKED).
import type PgBoss from "pg-boss";
import { startBoss } from "./boss";
import { JOB_HANDLERS, jobSchedules, type JobHandler, type JobSchedule } from "./handlers";

export type RunningWorker = {
  boss: PgBoss;
  /** Aborts running handlers (their transactions roll back), waits for them, closes the pool. */
  stop(): Promise<void>;
};

export async function startWorker(
  databaseUrl: string,
  handlers: JobHandler[] = JOB_HANDLERS,
  log: (line: string) => void = () => {},
  schedules: JobSchedule[] = handlers === JOB_HANDLERS ? jobSchedules() : [],
): Promise<RunningWorker> {
  const boss = await startBoss(databaseUrl, { supervise: true, schedule: true, max: 2 + handlers.reduce((n, h) => n + h.concurrency, 0) });
  // A schedule is a row (DML): registering it again at every start updates its cron and time zone.
  for (const s of schedules) {
    await boss.schedule(s.queue, s.cron, {}, { tz: s.tz });
    log(`${s.queue} scheduled: ${s.cron} (${s.tz})`);
  }
  const abort = new AbortController();
  for (const handler of handlers) {
    for (let i = 0; i < handler.concurrency; i++) {
      await boss.work(handler.queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        if (!job) return null;
        log(`${handler.queue} job ${job.id} started`);
        try {
          const output = await handler.run({ id: job.id, data: job.data }, { signal: abort.signal });
          log(`${handler.queue} job ${job.id} done`);
          return output; // pg-boss stores it as the job's output
        } catch (error) {
          log(`${handler.queue} job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
          throw error; // pg-boss records the failure (and retries per the queue's policy)
        }
      });
    }
  }
  let stopping: Promise<void> | null = null;
  return {
    boss,
    stop() {
      stopping ??= (async () => {
        abort.abort();
        await boss.stop({ graceful: true, wait: true, timeout: 8_000 });
      })();
      return stopping;
    },
  };
}
