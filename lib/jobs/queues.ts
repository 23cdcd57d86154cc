// The job queues of the app. pg-boss 10 keeps every queue in its own partition table, so creating
// a queue is DDL: every queue named here is created at migration time by the owner role
// (installJobQueue), never by the app at run time. A feature that adds a queue adds it here.
import type PgBoss from "pg-boss";

export const JOB_SCHEMA = "pgboss";

export const QUEUES = {
  /** Dry run and apply of an uploaded import file (lib/jobs/import.ts). */
  import: "import",
  /** Fires the milestone reminders that are due (lib/jobs/reminders.ts), hourly by default. */
  reminderScan: "reminder-scan",
  /** The weekly digest, Monday 09:00 Asia/Seoul by default. */
  weeklyDigest: "weekly-digest",
  /** Sends the e-mail outbox's due messages, every minute. */
  emailDelivery: "email-delivery",
} as const;

/** pg-boss's internal queue of its cron clock (src/timekeeper.js QUEUES.SEND_IT), created at migration time too. */
export const CRON_QUEUE = "__pgboss__send-it";

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Per-queue policy: how often a failed job is retried and how long one run may take. */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, "name">> = {
  // An import is retried by the person who started it (the page's retry button, or the CLI again),
  // not automatically: a failed apply left nothing behind and may fail the same way again.
  import: { retryLimit: 0, expireInSeconds: 60 * 60, retentionDays: 30 },
  // Scheduled runs repeat by themselves and are safe to repeat: no retries of their own, short expiry.
  "reminder-scan": { retryLimit: 1, retryDelay: 60, expireInSeconds: 30 * 60, retentionDays: 7 },
  "weekly-digest": { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 30 * 60, retentionDays: 30 },
  "email-delivery": { retryLimit: 0, expireInSeconds: 10 * 60, retentionDays: 1 },
};
