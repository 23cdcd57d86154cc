// Periods are month-precise: stored as the first day of the start and end months, both inclusive
// (개발기간 2021.7 ~ 2024.3 is 33 months). Dates are handled in UTC to avoid time-zone drift.

export type DatePrecision = "YEAR" | "MONTH" | "DAY";

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

export function monthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Months from the start month to the end month, both inclusive. */
export function monthsInclusive(start: Date, end: Date): number {
  return monthIndex(end) - monthIndex(start) + 1;
}

export function formatMonth(date: Date, locale: string): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  return locale === "ko" ? `${y}.${m}` : `${EN_MONTHS[m - 1]} ${y}`;
}

export function formatPeriod(start: Date, end: Date, locale: string): string {
  return locale === "ko" ? `${formatMonth(start, locale)} ~ ${formatMonth(end, locale)}` : `${formatMonth(start, locale)} – ${formatMonth(end, locale)}`;
}

export function formatMonths(months: number, locale: string): string {
  return locale === "ko" ? `${months}개월` : `${months} ${months === 1 ? "month" : "months"}`;
}

export function formatDateWithPrecision(date: Date, precision: DatePrecision, locale: string): string {
  const y = date.getUTCFullYear();
  if (precision === "YEAR") return locale === "ko" ? `${y}년` : `${y}`;
  if (precision === "MONTH") return locale === "ko" ? `${y}.${date.getUTCMonth() + 1}` : formatMonth(date, locale);
  const d = date.getUTCDate();
  return locale === "ko" ? `${y}.${date.getUTCMonth() + 1}.${d}` : `${d} ${formatMonth(date, locale)}`;
}

/** "2021.7" or "2021-07" → first day of that month in UTC; null when not a real month. */
export function parseMonth(value: string): Date | null {
  const match = /^(\d{4})[.-](\d{1,2})\.?$/.exec(value.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return new Date(Date.UTC(year, month - 1, 1));
}

export function toIsoMonth(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}
