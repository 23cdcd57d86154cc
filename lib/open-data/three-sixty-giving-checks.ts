// Ports of the checks of 360Giving's Data Quality Tool that apply to our export (the ones about UK
// charity and company numbers, postcodes and locations do not). Each returns the grants that fail.

export type GrantLike = {
  id: string;
  title?: unknown;
  description?: unknown;
  amountAwarded?: unknown;
  awardDate?: unknown;
  dateModified?: unknown;
  plannedDates?: { startDate?: unknown; endDate?: unknown }[];
  recipientOrganization?: { id?: unknown }[];
  fundingOrganization?: { id?: unknown }[];
};

export type QualityIssue = { check: "titleLength" | "titleDescriptionSame" | "impossibleDate" | "unknownOrgPrefix" | "zeroAmount"; grantId: string; detail: string };

/** Registration agencies of org-id.guide we may meet, plus 360Giving's own prefix for unregistered organisations. */
export const KNOWN_ORG_PREFIXES = ["360G", "KR-BRN", "XI-ROR", "XI-GRID", "GB-CHC", "GB-COH", "GB-SC", "GB-NIC", "US-EIN"] as const;

const TITLE_MAX = 140;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(T.*)?$/;

/** A date the standard's pattern may accept but the calendar cannot: 2021-02-30, year 0200, 2999. */
function impossible(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = DATE.exec(value);
  if (!match) return `${value} is not a date`;
  const year = Number(match[1]);
  const monthNo = match[2] ? Number(match[2]) : 1;
  const day = match[3] ? Number(match[3]) : 1;
  const date = new Date(Date.UTC(year, monthNo - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== monthNo - 1 || date.getUTCDate() !== day) return `${value} is not a calendar date`;
  if (year < 1900 || year > 2100) return `${value} is outside 1900–2100`;
  if (match[4] && Number.isNaN(Date.parse(value))) return `${value} is not a date-time`;
  return null;
}

const startOf = (value: unknown) => (typeof value === "string" ? value.slice(0, 10).padEnd(7, "-01").padEnd(10, "-01") : "");

export function checkGrant(grant: GrantLike, now = new Date()): QualityIssue[] {
  const issues: QualityIssue[] = [];
  const add = (check: QualityIssue["check"], detail: string) => issues.push({ check, grantId: grant.id, detail });
  if (typeof grant.title === "string" && Array.from(grant.title).length > TITLE_MAX) add("titleLength", `title has ${Array.from(grant.title).length} characters (at most ${TITLE_MAX})`);
  if (typeof grant.title === "string" && grant.title === grant.description) add("titleDescriptionSame", "title and description are the same");
  if (typeof grant.amountAwarded === "number" && grant.amountAwarded <= 0) add("zeroAmount", `amountAwarded is ${grant.amountAwarded}`);
  const dates = [grant.awardDate, grant.dateModified, ...(grant.plannedDates ?? []).flatMap((d) => [d.startDate, d.endDate])];
  for (const value of dates) {
    const problem = impossible(value);
    if (problem) add("impossibleDate", problem);
  }
  for (const planned of grant.plannedDates ?? []) {
    if (typeof planned.startDate === "string" && typeof planned.endDate === "string" && startOf(planned.endDate) < startOf(planned.startDate)) {
      add("impossibleDate", `planned end ${planned.endDate} is before its start ${planned.startDate}`);
    }
  }
  if (typeof grant.dateModified === "string" && Date.parse(grant.dateModified) > now.getTime() + 24 * 3600 * 1000) add("impossibleDate", `dateModified ${grant.dateModified} is in the future`);
  for (const org of [...(grant.recipientOrganization ?? []), ...(grant.fundingOrganization ?? [])]) {
    const id = typeof org.id === "string" ? org.id : "";
    if (!KNOWN_ORG_PREFIXES.some((prefix) => id.startsWith(`${prefix}-`))) add("unknownOrgPrefix", `organisation id ${id || "(none)"} has no known prefix`);
  }
  return issues;
}
