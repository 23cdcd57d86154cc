import { env } from "@/lib/env";
import { DEFAULT_REMINDER_SETTINGS, parseOffsets, type ReminderSettings } from "@/lib/reminders/plan";

/** The reminder settings from the environment (REMINDER_OFFSETS_DAYS, REMINDER_ESCALATION_DAYS). */
export function reminderSettings(): ReminderSettings {
  const e = env();
  return {
    offsetsDays: parseOffsets(e.REMINDER_OFFSETS_DAYS) ?? DEFAULT_REMINDER_SETTINGS.offsetsDays,
    escalationDays: e.REMINDER_ESCALATION_DAYS,
  };
}

/** The origin links in e-mails point to: PUBLIC_ORIGIN, else NEXTAUTH_URL, else the local server. */
export function appOrigin(): string {
  const e = env();
  const origin = e.PUBLIC_ORIGIN ?? e.NEXTAUTH_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  return origin.replace(/\/+$/, "");
}
