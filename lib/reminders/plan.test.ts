import { describe, expect, it } from "vitest";
import {
  DEFAULT_REMINDER_SETTINGS, addDays, dueEnd, parseOffsets, plannedReminders, reminderKey, seoulDay, seoulWeekOf,
} from "@/lib/reminders/plan";

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const kinds = (due: string, today: string, settings = DEFAULT_REMINDER_SETTINGS) =>
  plannedReminders(d(due), d(today), settings).map((s) => `${s.kind}:${s.offsetDays}`);

describe("the Asia/Seoul calendar", () => {
  it("turns an instant into its Seoul day: 15:00 UTC is already the next day in Seoul", () => {
    expect(seoulDay(new Date("2026-03-01T14:59:59Z"))).toEqual(d("2026-03-01"));
    expect(seoulDay(new Date("2026-03-01T15:00:00Z"))).toEqual(d("2026-03-02"));
  });
  it("finds the Monday of the week", () => {
    expect(seoulWeekOf(new Date("2026-03-02T00:00:00Z"))).toEqual(d("2026-03-02")); // Monday 09:00 Seoul
    expect(seoulWeekOf(new Date("2026-03-08T14:00:00Z"))).toEqual(d("2026-03-02")); // Sunday 23:00 Seoul
    expect(seoulWeekOf(new Date("2026-03-08T15:00:00Z"))).toEqual(d("2026-03-09")); // Monday 00:00 Seoul
  });
  it("reads partial due dates as their last day", () => {
    expect(dueEnd(d("2028-01-01"), "YEAR")).toEqual(d("2028-12-31"));
    expect(dueEnd(d("2024-02-01"), "MONTH")).toEqual(d("2024-02-29"));
    expect(dueEnd(d("2025-03-05"), "DAY")).toEqual(d("2025-03-05"));
    expect(dueEnd(d("2025-03-05"), null)).toEqual(d("2025-03-05"));
  });
});

describe("planned reminders (14 and 3 days before, on the day, overdue, escalation after 30)", () => {
  const due = "2026-05-20";
  it("fire nothing before the first lead time", () => {
    expect(kinds(due, "2026-05-05")).toEqual([]);
  });
  it("walk through each step on its day and keep the latest step until the next", () => {
    expect(kinds(due, "2026-05-06")).toEqual(["BEFORE:14"]);
    expect(kinds(due, "2026-05-16")).toEqual(["BEFORE:14"]);
    expect(kinds(due, "2026-05-17")).toEqual(["BEFORE:3"]);
    expect(kinds(due, "2026-05-20")).toEqual(["DUE:0"]);
    expect(kinds(due, "2026-05-21")).toEqual(["OVERDUE:0"]);
    expect(kinds(due, "2026-06-19")).toEqual(["OVERDUE:0"]); // 30 days overdue: not more than 30 yet
    expect(kinds(due, "2026-06-20")).toEqual(["OVERDUE:0", "ESCALATION:30"]);
  });
  it("supersede missed steps: a milestone first seen long overdue gets one overdue reminder and the escalation", () => {
    expect(kinds("2025-01-10", "2026-05-20")).toEqual(["OVERDUE:0", "ESCALATION:30"]);
  });
  it("follow the configured offsets", () => {
    const settings = { offsetsDays: [7, 30, 7], escalationDays: 10 };
    expect(kinds(due, "2026-04-20", settings)).toEqual(["BEFORE:30"]);
    expect(kinds(due, "2026-05-13", settings)).toEqual(["BEFORE:7"]);
    expect(kinds(due, "2026-05-31", settings)).toEqual(["OVERDUE:0", "ESCALATION:10"]);
  });
  it("have a key per milestone, due date and kind, so a re-dated milestone gets new keys", () => {
    const [step] = plannedReminders(d(due), d("2026-05-17"), DEFAULT_REMINDER_SETTINGS);
    expect(reminderKey(7, d(due), step!)).toBe("7:2026-05-20:BEFORE:3");
    expect(reminderKey(7, addDays(d(due), 7), step!)).toBe("7:2026-05-27:BEFORE:3");
  });
});

describe("offsets from the environment", () => {
  it("parse whole days and refuse anything else", () => {
    expect(parseOffsets("14,3")).toEqual([14, 3]);
    expect(parseOffsets(" 30 , 7 ")).toEqual([30, 7]);
    expect(parseOffsets("14,x")).toBeNull();
    expect(parseOffsets("0")).toBeNull();
    expect(parseOffsets("2.5")).toBeNull();
  });
});
