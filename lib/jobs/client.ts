import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { startBoss } from "./boss";
import type { QueueName } from "./queues";

// The web server's (or a script's) handle on the queue, for sending and cancelling jobs. It runs
// no handlers and no maintenance: the worker does.
type Holder = { boss?: Promise<PgBoss>; url?: string };
const holder: Holder = ((globalThis as { __keitBoss?: Holder }).__keitBoss ??= {});

export function jobs(): Promise<PgBoss> {
  const url = env().DATABASE_URL;
  if (!holder.boss || holder.url !== url) {
    holder.url = url;
    holder.boss = startBoss(url, { max: 2 });
    holder.boss.catch(() => { holder.boss = undefined; });
  }
  return holder.boss;
}

export async function sendJob(queue: QueueName, data: object): Promise<string> {
  const id = await (await jobs()).send(queue, data);
  if (!id) throw new Error(`The job queue ${queue} refused the job.`);
  return id;
}

export async function stopJobsClient(): Promise<void> {
  const boss = holder.boss;
  holder.boss = undefined;
  if (boss) await (await boss).stop({ graceful: false, wait: true });
}
