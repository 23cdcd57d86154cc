// One place that knows how to open pg-boss on our PostgreSQL (docs/decisions/0013-job-queue.md).
// The app and the worker never run DDL: installJobQueue (called by the migration runner, owner
// role) creates and upgrades pg-boss's schema and our queues; everyone else starts with
// `migrate: false`, which only checks that the schema is there and current.
import PgBoss from "pg-boss";
import { CRON_QUEUE, JOB_SCHEMA, QUEUES, QUEUE_OPTIONS } from "./queues";

export type BossOptions = {
  /** Run pg-boss's maintenance (expire, archive, delete): the worker does, a web server need not. */
  supervise?: boolean;
  /** Connection pool size. */
  max?: number;
  /** Run pg-boss's cron clock (send a job at each tick of a schedule): the worker does. */
  schedule?: boolean;
};

function settings(databaseUrl: string, options: BossOptions & { migrate: boolean }): PgBoss.ConstructorOptions {
  return {
    connectionString: databaseUrl,
    schema: JOB_SCHEMA,
    application_name: "keit-jobs",
    migrate: options.migrate,
    supervise: options.supervise ?? false,
    schedule: options.schedule ?? false,
    max: options.max ?? 4,
  };
}

/** Starts a PgBoss on an installed schema (no DDL). Stop it with `boss.stop()`. */
export async function startBoss(databaseUrl: string, options: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss(settings(databaseUrl, { ...options, migrate: false }));
  // pg-boss reports background errors (lost connections during maintenance) as events; without a
  // listener Node would treat them as unhandled. They are logged and the next poll retries.
  boss.on("error", (error: Error) => console.error(`[jobs] ${error.message}`));
  await boss.start();
  return boss;
}

/**
 * Creates or upgrades pg-boss's schema and creates our queues. DDL: only the process that applies
 * the migrations (the database owner) calls it, right after our own migrations.
 */
export async function installJobQueue(databaseUrl: string): Promise<void> {
  const boss = new PgBoss(settings(databaseUrl, { migrate: true, max: 1 }));
  boss.on("error", (error: Error) => console.error(`[jobs] ${error.message}`));
  await boss.start();
  try {
    // pg-boss's cron clock hands scheduled jobs through this internal queue and creates it when a
    // scheduling instance starts (DDL, which the app's role may not run): create it here instead.
    if (!(await boss.getQueue(CRON_QUEUE))) await boss.createQueue(CRON_QUEUE);
    for (const name of Object.values(QUEUES)) {
      const existing = await boss.getQueue(name);
      if (existing) await boss.updateQueue(name, { name, ...QUEUE_OPTIONS[name] });
      else await boss.createQueue(name, { name, ...QUEUE_OPTIONS[name] });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
