// What the worker does for each queue. A feature adds its handler here (and its queue in queues.ts).
import { importJobHandler } from "./import";
import type { QueueName } from "./queues";
import { REMINDER_JOB_HANDLERS, reminderSchedules } from "./reminders";

export type JobContext = {
  /** Aborted when the worker stops: a handler stops between steps and rolls back what is open. */
  signal: AbortSignal;
};

export type JobHandler = {
  queue: QueueName;
  /** Jobs of this queue one worker process runs at the same time. */
  concurrency: number;
  run(job: { id: string; data: unknown }, context: JobContext): Promise<unknown>;
};

export type JobSchedule = { queue: string; cron: string; tz: string };

export const JOB_HANDLERS: JobHandler[] = [importJobHandler, ...REMINDER_JOB_HANDLERS];

/** Cron schedules the worker registers at start (pg-boss sends a job to the queue at each tick). */
export function jobSchedules(): JobSchedule[] {
  return [...reminderSchedules()];
}
