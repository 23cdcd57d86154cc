import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deliverPendingEmails, listEmails, retryEmail } from "@/lib/data/email-outbox";
import { saveNotificationPreferences } from "@/lib/data/notifications";
import { runReminderScan } from "@/lib/data/reminders";
import type { Actor } from "@/lib/permissions";
import { DEFAULT_REMINDER_SETTINGS } from "@/lib/reminders/plan";
import { createMailTransport } from "@/lib/reminders/transport";
import { resetDatabase } from "@/lib/testing/reset-database";
import { makeMilestone, makeProgram, makeProject, makeUser, seoulMorning } from "@/lib/testing/reminder-fixtures";

// E-mail delivery against a real SMTP server running in this process (smtp-server): the right
// recipients, Korean and English subjects, links; an outage leads to retries with growing delays
// and the dead-letter list, and nothing is lost once the server is back.

type Received = { envelopeTo: string[]; mail: ParsedMail };
let received: Received[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let admin: Actor;
let milestoneId: number;

beforeEach(async () => {
  received = [];
  await resetDatabase();
  process.env.PUBLIC_ORIGIN = "https://portfolio.example.kr";
  const program = await makeProgram("alpha", "알파 사업", "Alpha programme");
  const ko = await makeUser("pm.ko@keit.example", "PROGRAM_MANAGER", { programIds: [program.id], name: "김담당" });
  const en = await makeUser("pm.en@keit.example", "PROGRAM_MANAGER", { programIds: [program.id], name: "Jane Park" });
  admin = await makeUser("admin@keit.example", "ADMIN");
  await saveNotificationPreferences(en, { emailReminders: true, emailDigest: true, locale: "en" });
  expect(ko.role).toBe("PROGRAM_MANAGER");
  const project = await makeProject(program.id, { titleKo: "수소전기트램 실증", titleEn: "Hydrogen tram demonstration" });
  milestoneId = (await makeMilestone(project.id, "2026-05-20", { titleKo: "주행 시험", titleEn: "Road test" })).id;
  await runReminderScan({ now: seoulMorning("2026-05-17"), settings: DEFAULT_REMINDER_SETTINGS });
});

afterAll(() => {
  delete process.env.PUBLIC_ORIGIN;
});

describe("e-mail over SMTP", () => {
  it("reaches each recipient in their language, with a text and an HTML part linking to the milestone", async () => {
    const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      expect(await deliverPendingEmails({ now: seoulMorning("2026-05-17"), transport })).toEqual({ sent: 2, retrying: 0, dead: 0 });
    } finally {
      transport.close();
    }
    const byRecipient = Object.fromEntries(received.map((r) => [r.envelopeTo.join(","), r.mail]));
    expect(Object.keys(byRecipient).sort()).toEqual(["pm.en@keit.example", "pm.ko@keit.example"]);
    const ko = byRecipient["pm.ko@keit.example"]!;
    const en = byRecipient["pm.en@keit.example"]!;
    expect(ko.subject).toBe("[KEIT] 3일 후 마일스톤 기한: 주행 시험");
    expect(en.subject).toBe("[KEIT] Milestone due in 3 days: Road test");
    expect(ko.text).toContain("김담당 님,");
    expect(ko.text).toContain(`https://portfolio.example.kr/ko/manage/milestones/${milestoneId}`);
    expect(en.text).toContain(`https://portfolio.example.kr/en/manage/milestones/${milestoneId}`);
    expect(en.text).toContain("Hydrogen tram demonstration");
    expect(ko.html).toContain('<html lang="ko">');
    expect(ko.html).toContain(`<a href="https://portfolio.example.kr/ko/manage/milestones/${milestoneId}">진행 상황 기록하기</a>`);
    expect(en.html).toContain('<html lang="en">');
    expect(ko.from?.text).toContain("no-reply@keit.example");
    const rows = await db().emailMessage.findMany({ select: { status: true, attempts: true, transport: true, sentAt: true } });
    expect(rows.every((r) => r.status === "SENT" && r.attempts === 1 && r.transport === "smtp" && r.sentAt !== null)).toBe(true);
  });

  it("retries through an outage with growing delays, ends in the dead-letter list, and sends everything once the server is back", async () => {
    // A port nobody listens on: every attempt is refused.
    const closed = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], logger: false });
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${deadPort}` });
    const start = seoulMorning("2026-05-17").getTime();
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    try {
      expect(await deliverPendingEmails({ now: at(0), transport: down, maxAttempts: 3 })).toEqual({ sent: 0, retrying: 2, dead: 0 });
      // Not due again before the delay (1 minute after the first failure).
      expect(await deliverPendingEmails({ now: at(0.5), transport: down, maxAttempts: 3 })).toEqual({ sent: 0, retrying: 0, dead: 0 });
      expect(await deliverPendingEmails({ now: at(1), transport: down, maxAttempts: 3 })).toEqual({ sent: 0, retrying: 2, dead: 0 });
      // The second delay is 4 minutes.
      expect(await deliverPendingEmails({ now: at(4), transport: down, maxAttempts: 3 })).toEqual({ sent: 0, retrying: 0, dead: 0 });
      expect(await deliverPendingEmails({ now: at(5), transport: down, maxAttempts: 3 })).toEqual({ sent: 0, retrying: 0, dead: 2 });
    } finally {
      down.close();
    }
    const dead = await listEmails(admin, { deadOnly: true });
    expect(dead.total).toBe(2);
    expect(dead.items.every((e) => e.attempts === 3 && /ECONNREFUSED|connect/i.test(e.lastError ?? ""))).toBe(true);
    expect(received).toEqual([]);

    // An administrator sends the dead letters again once the server is back: nothing was lost.
    for (const e of dead.items) await retryEmail(admin, e.id, at(60));
    const up = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      expect(await deliverPendingEmails({ now: at(60), transport: up, maxAttempts: 3 })).toEqual({ sent: 2, retrying: 0, dead: 0 });
    } finally {
      up.close();
    }
    expect(received.map((r) => r.envelopeTo.join(",")).sort()).toEqual(["pm.en@keit.example", "pm.ko@keit.example"]);
    expect(await db().auditLog.count({ where: { action: "email.retry", outcome: "SUCCESS" } })).toBe(2);
    expect((await listEmails(admin, { deadOnly: true })).total).toBe(0);
  });

  it("never sends one message twice when two deliveries run at once", async () => {
    const a = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}` });
    const b = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}` });
    try {
      const [x, y] = await Promise.all([
        deliverPendingEmails({ now: seoulMorning("2026-05-17"), transport: a }),
        deliverPendingEmails({ now: seoulMorning("2026-05-17"), transport: b }),
      ]);
      expect(x.sent + y.sent).toBe(2);
    } finally {
      a.close();
      b.close();
    }
    expect(received).toHaveLength(2);
  });
});

describe("e-mail without SMTP_URL", () => {
  it("is written as .eml files to the outbox folder", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "keit-outbox-"));
    try {
      const transport = createMailTransport({ outboxDir: dir });
      expect(transport.kind).toBe("file");
      expect(await deliverPendingEmails({ now: seoulMorning("2026-05-17"), transport })).toEqual({ sent: 2, retrying: 0, dead: 0 });
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(2);
      expect(files.every((f) => /^message-\d{8}\.eml$/.test(f))).toBe(true);
      const parsed = await Promise.all(files.map(async (f) => simpleParser(await readFile(path.join(dir, f)))));
      expect(parsed.map((p) => p.subject).sort()).toEqual(["[KEIT] 3일 후 마일스톤 기한: 주행 시험", "[KEIT] Milestone due in 3 days: Road test"]);
      const rows = await db().emailMessage.findMany({ orderBy: { id: "asc" }, select: { transport: true, deliveredRef: true } });
      expect(rows.map((r) => r.deliveredRef).sort()).toEqual(files);
      expect(rows.every((r) => r.transport === "file")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
