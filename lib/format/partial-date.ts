import type { DatePrecision } from "@/lib/format/period";

/** "2028" → YEAR, "2024-10" → MONTH, "2025-03-05" → DAY; stored as a UTC date at the start of the span. */
export function parsePartialDate(value: string): { date: Date; precision: DatePrecision } | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : 1;
  const day = match[3] ? Number(match[3]) : 1;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { date, precision: match[3] ? "DAY" : match[2] ? "MONTH" : "YEAR" };
}

/** The form text of a partial date, the inverse of parsePartialDate: "2028", "2024-10" or "2025-03-05". */
export function partialDateInput(date: Date | null, precision: DatePrecision | null): string {
  if (!date || !precision) return "";
  return date.toISOString().slice(0, precision === "YEAR" ? 4 : precision === "MONTH" ? 7 : 10);
}
