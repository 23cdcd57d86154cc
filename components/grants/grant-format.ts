// Shared formatting of the grant views: shares and rates are ratios (not money), shown as percent.

export function formatShare(value: number | null, locale: string, none: string): string {
  if (value === null || !Number.isFinite(value)) return none;
  return new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-GB", { style: "percent", maximumFractionDigits: 1 }).format(value);
}

/** YYYY-MM-DD of a stored date (UTC), for tables and form fields. */
export function isoDay(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "";
}
