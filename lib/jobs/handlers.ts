// What the worker does for each queue. A feature adds its handler here (and its queue in queues.ts).
import type { QueueName } from "./queues";

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

export const JOB_HANDLERS: JobHandler[] = [];
