// The job queues of the app. pg-boss 10 keeps every queue in its own partition table, so creating
// a queue is DDL: every queue named here is created at migration time by the owner role
// (installJobQueue), never by the app at run time. A feature that adds a queue adds it here.
import type PgBoss from "pg-boss";

export const JOB_SCHEMA = "pgboss";

export const QUEUES = {
  /** Dry run and apply of an uploaded import file (lib/jobs/import.ts). */
  import: "import",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Per-queue policy: how often a failed job is retried and how long one run may take. */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, "name">> = {
  // An import is retried by the person who started it (the page's retry button, or the CLI again),
  // not automatically: a failed apply left nothing behind and may fail the same way again.
  import: { retryLimit: 0, expireInSeconds: 60 * 60, retentionDays: 30 },
};
