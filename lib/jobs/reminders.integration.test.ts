import { rm } from "node:fs/promises";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { resetDatabase } from "@/lib/testing/reset-database";
import { makeMilestone, makeProgram, makeProject, makeUser } from "@/lib/testing/reminder-fixtures";
import { startBoss } from "./boss";
import { QUEUES } from "./queues";
import { REMINDER_JOB_HANDLERS, reminderSchedules } from "./reminders";
import { startWorker, type RunningWorker } from "./worker";

// The reminder jobs on the real queue: the worker registers their cron schedules in Asia/Seoul, and
// a job sent to the scan queue fires today's reminders and delivers their e-mails.

const databaseUrl = inject("databaseUrl");
const workers: RunningWorker[] = [];
const outbox = `.data/test-outbox-${process.pid}`;
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await rm(outbox, { recursive: true, force: true });
  delete process.env.OUTBOX_DIR;
});

beforeEach(async () => {
  await resetDatabase();
});

describe("reminder jobs", () => {
  it("are scheduled in Asia/Seoul and a scan job fires today's reminders and sends their e-mails", async () => {
    process.env.OUTBOX_DIR = outbox;
    const program = await makeProgram("alpha", "알파 사업", "Alpha");
    await makeUser("pm.alpha@keit.example", "PROGRAM_MANAGER", { programIds: [program.id] });
    const project = await makeProject(program.id);
    // Due in three days from the real today in Seoul.
    const seoulToday = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const due = new Date(new Date(`${seoulToday}T00:00:00Z`).getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    await makeMilestone(project.id, due);

    const worker = await startWorker(databaseUrl, REMINDER_JOB_HANDLERS, () => {}, reminderSchedules());
    workers.push(worker);
    const schedules = await worker.boss.getSchedules();
    expect(schedules.map((s) => ({ name: s.name, cron: s.cron, tz: s.options?.tz })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: QUEUES.emailDelivery, cron: "* * * * *", tz: "Asia/Seoul" },
      { name: QUEUES.reminderScan, cron: "0 * * * *", tz: "Asia/Seoul" },
      { name: QUEUES.weeklyDigest, cron: "0 9 * * 1", tz: "Asia/Seoul" },
    ]);

    const sender = await startBoss(databaseUrl);
    const id = await sender.send(QUEUES.reminderScan, {});
    let state = "";
    let output: unknown = null;
    for (let i = 0; i < 150 && state !== "completed" && state !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const job = await sender.getJobById(QUEUES.reminderScan, id!);
      state = job?.state ?? "";
      output = job?.output;
    }
    await sender.stop({ graceful: false, wait: true });
    expect(state).toBe("completed");
    expect(output).toEqual({ fired: 1, notifications: 1, emails: 1, delivered: { sent: 1, retrying: 0, dead: 0 } });
    const mail = await db().emailMessage.findFirstOrThrow({ select: { status: true, transport: true, deliveredRef: true } });
    expect(mail).toMatchObject({ status: "SENT", transport: "file" });
  });
});
