// When a milestone's reminders fire: pure functions of the due date, the day and the settings,
// so tests control the clock. Days are Asia/Seoul calendar days held as UTC-midnight Dates (the
// way PostgreSQL DATE columns arrive), so day arithmetic is whole multiples of 24 hours.

export type ReminderKind = "BEFORE" | "DUE" | "OVERDUE" | "ESCALATION";
export type DatePrecision = "YEAR" | "MONTH" | "DAY";

export type ReminderSettings = {
  /** Days before the due date, e.g. [14, 3]; any order, duplicates ignored. */
  offsetsDays: readonly number[];
  /** A milestone overdue for more than this many days is escalated to administrators, once. */
  escalationDays: number;
};

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { offsetsDays: [14, 3], escalationDays: 30 };

/** One step of a milestone's reminders: the de-duplication key's kind and offset, and its day. */
export type ReminderStep = { kind: ReminderKind; offsetDays: number; firesOn: Date };

const DAY_MS = 86_400_000;
export const SEOUL_TIME_ZONE = "Asia/Seoul";

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}

/** The Asia/Seoul calendar day of an instant, as a UTC-midnight Date (Korea has no DST: UTC+9). */
export function seoulDay(now: Date): Date {
  const shifted = new Date(now.getTime() + 9 * 3_600_000);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

/** The Monday (Asia/Seoul) of the week an instant falls in. */
export function seoulWeekOf(now: Date): Date {
  const day = seoulDay(now);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** The last day a stored due date can mean: the end of its year or month for partial dates. */
export function dueEnd(date: Date, precision: DatePrecision | null): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  if (precision === "YEAR") return new Date(Date.UTC(y, 11, 31));
  if (precision === "MONTH") return new Date(Date.UTC(y, m + 1, 0));
  return new Date(Date.UTC(y, m, date.getUTCDate()));
}

/** Every step a milestone due on `due` goes through for the program managers, in time order. */
export function managerSteps(due: Date, settings: ReminderSettings): ReminderStep[] {
  const offsets = [...new Set(settings.offsetsDays.filter((d) => Number.isInteger(d) && d > 0))].sort((a, b) => b - a);
  return [
    ...offsets.map((d) => ({ kind: "BEFORE" as const, offsetDays: d, firesOn: addDays(due, -d) })),
    { kind: "DUE", offsetDays: 0, firesOn: due },
    { kind: "OVERDUE", offsetDays: 0, firesOn: addDays(due, 1) },
  ];
}

export function escalationStep(due: Date, settings: ReminderSettings): ReminderStep {
  return { kind: "ESCALATION", offsetDays: settings.escalationDays, firesOn: addDays(due, settings.escalationDays + 1) };
}

/**
 * What is due to fire today for an open milestone: the latest program-manager step whose day has
 * come (earlier steps that were missed, e.g. for a milestone created late, are superseded: one
 * reminder says where things stand now), and the escalation once its day has come.
 */
export function plannedReminders(due: Date, today: Date, settings: ReminderSettings): ReminderStep[] {
  const current = managerSteps(due, settings).filter((s) => s.firesOn.getTime() <= today.getTime()).at(-1);
  const escalation = escalationStep(due, settings);
  return [...(current ? [current] : []), ...(escalation.firesOn.getTime() <= today.getTime() ? [escalation] : [])];
}

/** The longest lead time, for the scan's "due within" filter. */
export function maxLeadDays(settings: ReminderSettings): number {
  return Math.max(0, ...settings.offsetsDays);
}

/** The de-duplication key of a step, as the unique index holds it. */
export function reminderKey(milestoneId: number, due: Date, step: Pick<ReminderStep, "kind" | "offsetDays">): string {
  return `${milestoneId}:${due.toISOString().slice(0, 10)}:${step.kind}:${step.offsetDays}`;
}

/** Parses "14,3" into [14, 3]; refuses anything but positive whole days. */
export function parseOffsets(value: string): number[] | null {
  const parts = value.split(",").map((p) => p.trim()).filter(Boolean);
  const numbers = parts.map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > 365)) return null;
  return numbers;
}
