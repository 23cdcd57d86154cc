// The scheduled jobs of reminders and the weekly digest (issue 12, docs/decisions/0015): pg-boss
// cron schedules in Asia/Seoul send a job to each queue; whichever worker takes it runs the scan,
// the digest or the delivery. Running one twice (two workers, a retry) sends nothing twice: the
// reminder and digest rows carry unique keys and the outbox claims each message once.
import { deliverPendingEmails } from "@/lib/data/email-outbox";
import { runReminderScan, runWeeklyDigest } from "@/lib/data/reminders";
import { env } from "@/lib/env";
import type { JobHandler } from "./handlers";
import { QUEUES } from "./queues";

export const REMINDER_TIME_ZONE = "Asia/Seoul";

export const REMINDER_JOB_HANDLERS: JobHandler[] = [
  {
    queue: QUEUES.reminderScan,
    concurrency: 1,
    async run() {
      const fired = await runReminderScan();
      // Deliver right away rather than at the next minute's delivery run.
      const delivered = await deliverPendingEmails();
      return { ...fired, delivered };
    },
  },
  {
    queue: QUEUES.weeklyDigest,
    concurrency: 1,
    async run() {
      const digest = await runWeeklyDigest();
      const delivered = await deliverPendingEmails();
      return { ...digest, delivered };
    },
  },
  {
    queue: QUEUES.emailDelivery,
    concurrency: 1,
    async run() {
      return deliverPendingEmails();
    },
  },
];

/** The cron schedules the worker registers (pg-boss keeps one per queue; re-registering updates it). */
export function reminderSchedules(): { queue: string; cron: string; tz: string }[] {
  const e = env();
  return [
    { queue: QUEUES.reminderScan, cron: e.REMINDER_SCAN_CRON, tz: REMINDER_TIME_ZONE },
    { queue: QUEUES.weeklyDigest, cron: e.DIGEST_CRON, tz: REMINDER_TIME_ZONE },
    // Retries of failed e-mails come due at their own times: look every minute.
    { queue: QUEUES.emailDelivery, cron: "* * * * *", tz: REMINDER_TIME_ZONE },
  ];
}
