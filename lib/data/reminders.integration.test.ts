import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { updateMilestoneProgress } from "@/lib/data/milestones";
import { countUnreadNotifications, listNotifications, markAllNotificationsRead, markNotificationRead, saveNotificationPreferences } from "@/lib/data/notifications";
import { runReminderScan, runWeeklyDigest } from "@/lib/data/reminders";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { DEFAULT_REMINDER_SETTINGS } from "@/lib/reminders/plan";
import { resetDatabase } from "@/lib/testing/reset-database";
import { days, makeMilestone, makeProgram, makeProject, makeUser, seoulMorning, setUpdatedAt } from "@/lib/testing/reminder-fixtures";

// Reminders and the weekly digest on a real PostgreSQL with a controlled clock: each step fires
// once even when two scans race, re-dating re-plans, an achieved milestone goes quiet, the digest
// holds exactly the right milestones per programme, preferences and escalation are honoured.

let alpha: { id: number };
let beta: { id: number };
let pmAlpha: Actor;
let pmBeta: Actor;
let admin: Actor;

beforeEach(async () => {
  await resetDatabase();
  alpha = await makeProgram("alpha", "알파 사업", "Alpha programme");
  beta = await makeProgram("beta", "베타 사업", "Beta programme");
  pmAlpha = await makeUser("pm.alpha@keit.example", "PROGRAM_MANAGER", { programIds: [alpha.id], name: "김알파" });
  pmBeta = await makeUser("pm.beta@keit.example", "PROGRAM_MANAGER", { programIds: [beta.id], name: "Beta Kim" });
  await makeUser("pm.disabled@keit.example", "PROGRAM_MANAGER", { programIds: [alpha.id], disabled: true });
  await makeUser("reviewer@keit.example", "REVIEWER");
  admin = await makeUser("admin@keit.example", "ADMIN", { name: "관리자" });
});

/** Two scans at once, as two servers (or a retried cron) would run them. */
async function scanTwice(day: string) {
  const [a, b] = await Promise.all([runReminderScan({ now: seoulMorning(day), settings: DEFAULT_REMINDER_SETTINGS }), runReminderScan({ now: seoulMorning(day), settings: DEFAULT_REMINDER_SETTINGS })]);
  return a.fired + b.fired;
}

const reminderRows = (milestoneId: number) => db().reminder.findMany({
  where: { milestoneId }, orderBy: { id: "asc" }, select: { kind: true, offsetDays: true, dueDate: true, firedOn: true },
});
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("reminders", () => {
  it("fire at 14 and 3 days before, on the day, when overdue and (to administrators) after 30 days: once each, across two concurrent scans", async () => {
    const project = await makeProject(alpha.id);
    const m = await makeMilestone(project.id, "2026-05-20");
    let fired = 0;
    for (const d of days("2026-05-01", "2026-06-25")) fired += await scanTwice(d);
    expect(fired).toBe(5);
    expect(await reminderRows(m.id)).toEqual([
      { kind: "BEFORE", offsetDays: 14, dueDate: day("2026-05-20"), firedOn: day("2026-05-06") },
      { kind: "BEFORE", offsetDays: 3, dueDate: day("2026-05-20"), firedOn: day("2026-05-17") },
      { kind: "DUE", offsetDays: 0, dueDate: day("2026-05-20"), firedOn: day("2026-05-20") },
      { kind: "OVERDUE", offsetDays: 0, dueDate: day("2026-05-20"), firedOn: day("2026-05-21") },
      { kind: "ESCALATION", offsetDays: 30, dueDate: day("2026-05-20"), firedOn: day("2026-06-20") },
    ]);
    // The programme's enabled manager gets the four reminders; the administrator the escalation only;
    // the disabled manager, the other programme's manager and the reviewer nothing.
    const notifications = await db().notification.findMany({ select: { user: { select: { email: true } }, kind: true }, orderBy: { id: "asc" } });
    expect(notifications.map((n) => `${n.user.email}:${n.kind}`)).toEqual([
      ...Array(4).fill("pm.alpha@keit.example:REMINDER"),
      "admin@keit.example:ESCALATION",
    ]);
    const emails = await db().emailMessage.findMany({ orderBy: { id: "asc" }, select: { toAddress: true, kind: true, status: true, subject: true } });
    expect(emails.map((e) => `${e.toAddress}:${e.kind}:${e.status}`)).toEqual([
      ...Array(4).fill("pm.alpha@keit.example:REMINDER:PENDING"),
      "admin@keit.example:ESCALATION:PENDING",
    ]);
    expect(emails.map((e) => e.subject)).toEqual([
      "[KEIT] 14일 후 마일스톤 기한: 시제품 제작",
      "[KEIT] 3일 후 마일스톤 기한: 시제품 제작",
      "[KEIT] 오늘 마일스톤 기한: 시제품 제작",
      "[KEIT] 마일스톤 기한 경과: 시제품 제작",
      "[KEIT] 30일 넘게 기한이 지난 마일스톤: 시제품 제작",
    ]);
    // Escalation once: later scans add nothing.
    for (const d of days("2026-06-26", "2026-07-05")) fired += await scanTwice(d);
    expect(fired).toBe(5);
  });

  it("re-plan when the milestone is re-dated: the new due date has its own steps", async () => {
    const project = await makeProject(alpha.id);
    const m = await makeMilestone(project.id, "2026-05-20");
    for (const d of days("2026-05-01", "2026-05-18")) await scanTwice(d);
    expect((await reminderRows(m.id)).map((r) => `${r.kind}${r.offsetDays}`)).toEqual(["BEFORE14", "BEFORE3"]);
    await db().milestone.update({ where: { id: m.id }, data: { dueDate: day("2026-06-30") } });
    for (const d of days("2026-05-19", "2026-07-01")) await scanTwice(d);
    expect((await reminderRows(m.id)).map((r) => `${r.kind}${r.offsetDays}@${r.dueDate.toISOString().slice(0, 10)}`)).toEqual([
      "BEFORE14@2026-05-20", "BEFORE3@2026-05-20", "BEFORE14@2026-06-30", "BEFORE3@2026-06-30", "DUE0@2026-06-30", "OVERDUE0@2026-06-30",
    ]);
  });

  it("use the last day of a partial due date (2026-05 is due on 31 May)", async () => {
    const project = await makeProject(alpha.id);
    const m = await makeMilestone(project.id, "2026-05");
    for (const d of days("2026-05-15", "2026-05-31")) await scanTwice(d);
    expect((await reminderRows(m.id)).map((r) => `${r.kind}${r.offsetDays}@${r.firedOn.toISOString().slice(0, 10)}`)).toEqual([
      "BEFORE14@2026-05-17", "BEFORE3@2026-05-28", "DUE0@2026-05-31",
    ]);
  });

  it("stop once the milestone is achieved (and recording progress marks the updater's reminders read)", async () => {
    const project = await makeProject(alpha.id);
    const m = await makeMilestone(project.id, "2026-05-20");
    const quiet = await makeMilestone(project.id, "2026-05-20", { status: "DEFERRED" });
    for (const d of days("2026-05-01", "2026-05-10")) await scanTwice(d);
    expect(await countUnreadNotifications(pmAlpha)).toBe(1);
    const current = await db().milestone.findUniqueOrThrow({ where: { id: m.id } });
    await updateMilestoneProgress(pmAlpha, {
      id: m.id, version: current.version, shown: "{}", status: "ACHIEVED", actualValue: null, achieved: { date: day("2026-05-10"), precision: "DAY" }, evidence: null,
    }, "ko");
    expect(await countUnreadNotifications(pmAlpha)).toBe(0);
    for (const d of days("2026-05-11", "2026-07-01")) await scanTwice(d);
    expect((await reminderRows(m.id)).map((r) => r.kind)).toEqual(["BEFORE"]);
    expect(await reminderRows(quiet.id)).toEqual([]);
  });

  it("leave milestones of completed projects and undated milestones alone", async () => {
    const done = await makeProject(alpha.id, { status: "COMPLETED" });
    await makeMilestone(done.id, "2026-05-20");
    const running = await makeProject(alpha.id);
    await makeMilestone(running.id, null);
    for (const d of days("2026-05-01", "2026-07-01")) await scanTwice(d);
    expect(await db().reminder.count()).toBe(0);
  });

  it("honour each user's e-mail choice and language; the notification is always in the app", async () => {
    await saveNotificationPreferences(pmBeta, { emailReminders: false, emailDigest: true, locale: "en" });
    await saveNotificationPreferences(pmAlpha, { emailReminders: true, emailDigest: true, locale: "en" });
    const a = await makeProject(alpha.id, { titleEn: "Alpha tram" });
    const b = await makeProject(beta.id);
    await makeMilestone(a.id, "2026-05-20", { titleEn: "Prototype tram" });
    await makeMilestone(b.id, "2026-05-20");
    await scanTwice("2026-05-17");
    const emails = await db().emailMessage.findMany({ orderBy: { toAddress: "asc" }, select: { toAddress: true, status: true, subject: true, locale: true } });
    expect(emails).toEqual([
      { toAddress: "pm.alpha@keit.example", status: "PENDING", locale: "en", subject: "[KEIT] Milestone due in 3 days: Prototype tram" },
      { toAddress: "pm.beta@keit.example", status: "SKIPPED", locale: "en", subject: "[KEIT] Milestone due in 3 days: Prototype" },
    ]);
    expect(await countUnreadNotifications(pmBeta)).toBe(1);
    expect(await db().auditLog.count({ where: { action: "notification.preferences", outcome: "SUCCESS" } })).toBe(2);
  });
});

describe("the notification list", () => {
  it("shows a user only their own notifications and marks them read, one or all", async () => {
    const project = await makeProject(alpha.id);
    await makeMilestone(project.id, "2026-05-20");
    await makeMilestone(project.id, "2026-05-21");
    await scanTwice("2026-05-18");
    const list = await listNotifications(pmAlpha);
    expect(list.unread).toBe(2);
    expect(list.items.map((i) => `${i.reminderKind}:${i.days}`).sort()).toEqual(["BEFORE:2", "BEFORE:3"]);
    expect((await listNotifications(pmBeta)).total).toBe(0);
    // Someone else's notification is not found, and stays unread.
    await expect(markNotificationRead(pmBeta, list.items[0]!.id)).rejects.toBeInstanceOf(AppError);
    await markNotificationRead(pmAlpha, list.items[0]!.id);
    expect(await countUnreadNotifications(pmAlpha)).toBe(1);
    expect(await markAllNotificationsRead(pmAlpha)).toBe(1);
    expect(await countUnreadNotifications(pmAlpha)).toBe(0);
  });
});

describe("the weekly digest", () => {
  const monday = new Date("2026-03-02T00:00:00Z"); // Monday 09:00 in Seoul

  it("lists exactly the overdue, due-within-30-days and updated-last-week milestones per programme, once a week", async () => {
    const pmBoth = await makeUser("pm.both@keit.example", "PROGRAM_MANAGER", { programIds: [alpha.id, beta.id], name: "Both" });
    await makeUser("pm.empty@keit.example", "PROGRAM_MANAGER", { programIds: [(await makeProgram("gamma", "감마 사업", "Gamma")).id] });
    const a = await makeProject(alpha.id, { titleKo: "알파 과제" });
    const b = await makeProject(beta.id, { titleKo: "베타 과제" });
    const overdue = await makeMilestone(a.id, "2026-02-20", { titleKo: "기한 지난 것" });
    const soon = await makeMilestone(a.id, "2026-03-31", { titleKo: "곧 기한" });
    await makeMilestone(a.id, "2026-04-02", { titleKo: "31일 뒤" });
    await makeMilestone(a.id, "2026-02-20", { titleKo: "보류", status: "DEFERRED" });
    const achieved = await makeMilestone(a.id, "2026-02-25", { titleKo: "지난주 달성", status: "ACHIEVED", updatedAt: new Date("2026-02-27T05:00:00Z") });
    await makeMilestone(a.id, "2026-02-10", { titleKo: "열흘 전 달성", status: "ACHIEVED", updatedAt: new Date("2026-02-20T05:00:00Z") });
    const betaSoon = await makeMilestone(b.id, "2026-03-02", { titleKo: "오늘 기한" });

    const result = await runWeeklyDigest({ now: monday });
    expect(result).toEqual({ sent: 3, skippedEmpty: 1, alreadySent: 0 });
    const digests = await db().digest.findMany({ orderBy: { userId: "asc" }, select: { user: { select: { email: true } }, itemCount: true, weekOf: true } });
    expect(digests).toEqual([
      { user: { email: "pm.alpha@keit.example" }, itemCount: 3, weekOf: day("2026-03-02") },
      { user: { email: "pm.beta@keit.example" }, itemCount: 1, weekOf: day("2026-03-02") },
      { user: { email: "pm.both@keit.example" }, itemCount: 4, weekOf: day("2026-03-02") },
    ]);
    const mail = await db().emailMessage.findFirstOrThrow({ where: { toAddress: pmBoth.email } });
    expect(mail.subject).toBe("[KEIT] 주간 마일스톤 요약 (2026년 3월 2일): 기한 경과 1건, 30일 안 기한 2건");
    const sections = mail.textBody.split("■ ").slice(1).sort((x, y) => (x.startsWith("알파") ? -1 : y.startsWith("알파") ? 1 : 0));
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatch(/^알파 사업/);
    expect(sections[0]).toContain(`알파 과제 · 기한 지난 것`);
    expect(sections[0]).toContain(`/ko/manage/milestones/${overdue.id}`);
    expect(sections[0]).toContain(`/ko/manage/milestones/${soon.id}`);
    expect(sections[0]).toContain(`/ko/manage/milestones/${achieved.id}`);
    for (const absent of ["31일 뒤", "보류", "열흘 전 달성", "오늘 기한"]) expect(sections[0]).not.toContain(absent);
    expect(sections[1]).toMatch(/^베타 사업/);
    expect(sections[1]).toContain(`/ko/manage/milestones/${betaSoon.id}`);
    expect(mail.htmlBody).toContain(`<a href="http://`);

    // Again the same week (the cron fired twice, or two servers): nothing new.
    expect(await runWeeklyDigest({ now: new Date(monday.getTime() + 3_600_000) })).toEqual({ sent: 0, skippedEmpty: 1, alreadySent: 0 });
    expect(await db().emailMessage.count({ where: { kind: "DIGEST" } })).toBe(3);
  });

  it("is skipped when there is nothing to say, and recorded as not sent for those who turned it off", async () => {
    expect(await runWeeklyDigest({ now: monday })).toEqual({ sent: 0, skippedEmpty: 2, alreadySent: 0 });
    expect(await db().emailMessage.count()).toBe(0);
    await saveNotificationPreferences(pmAlpha, { emailReminders: true, emailDigest: false, locale: "ko" });
    const a = await makeProject(alpha.id);
    const m = await makeMilestone(a.id, "2026-03-05");
    await setUpdatedAt(m.id, new Date("2026-01-01T00:00:00Z"));
    expect(await runWeeklyDigest({ now: new Date(monday.getTime() + 7 * 86_400_000) })).toEqual({ sent: 1, skippedEmpty: 1, alreadySent: 0 });
    expect(await db().emailMessage.findMany({ select: { toAddress: true, status: true } })).toEqual([{ toAddress: "pm.alpha@keit.example", status: "SKIPPED" }]);
    expect(admin.role).toBe("ADMIN");
  });
});
