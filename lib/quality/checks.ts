// Data-quality checks over one project. Source figures are never "fixed": a disagreement is shown
// to program managers as a flag (the bio-printing project publishes 75 months for 2020.9 ~ 2026.12,
// which is 76). Public pages do not show flags; the program managers' workspace does.
import { monthIndex, monthsInclusive, type DatePrecision } from "@/lib/format/period";

export type QualityInput = {
  periodStart: Date;
  periodEnd: Date;
  publishedDurationMonths: number | null;
  publishedSubProjectCount: number | null;
  subProjects: { id: number; periodStart: Date | null; periodEnd: Date | null }[];
  participations: { role: string; subProjectId: number | null }[];
  fundingLines: { subProjectId: number | null; fiscalYear: number | null; stage: number | null; governmentWon: bigint | null }[];
  milestones: {
    id: number;
    kind: string;
    status: string;
    dueDate: Date | null;
    duePrecision: DatePrecision | null;
    achievedDate: Date | null;
  }[];
};

export type QualityFlag =
  | { code: "DURATION_MISMATCH"; severity: "warning"; published: number; computed: number }
  | { code: "SUB_PROJECT_COUNT_MISMATCH"; severity: "info"; published: number; recorded: number }
  | { code: "SUB_PROJECT_TOTAL_MISMATCH"; severity: "warning"; publishedTotal: bigint; subProjectSum: bigint }
  | { code: "YEARLY_TOTAL_MISMATCH"; severity: "warning"; publishedTotal: bigint; yearlySum: bigint }
  | { code: "FUNDING_YEAR_OUTSIDE_PERIOD"; severity: "warning"; fiscalYear: number }
  | { code: "SUB_PROJECT_OUTSIDE_PERIOD"; severity: "warning"; subProjectId: number }
  | { code: "MILESTONE_DUE_OUTSIDE_PERIOD"; severity: "warning"; milestoneId: number }
  | { code: "MILESTONE_OVERDUE"; severity: "warning"; milestoneId: number }
  | { code: "ACHIEVED_DATE_IN_FUTURE"; severity: "warning"; milestoneId: number }
  | { code: "NO_LEAD_INSTITUTION"; severity: "info" };

export type QualityFlagCode = QualityFlag["code"];

// Commercialisation and awards naturally come after the project ends (KEIT follows outcomes for
// years), so only work that belongs inside the period is checked against it.
const KINDS_WITHIN_PERIOD = new Set(["DELIVERABLE", "TEST_DEMONSTRATION", "CERTIFICATION", "EVALUATION"]);
const OPEN_STATUSES = new Set(["PLANNED", "IN_PROGRESS"]);

/** The last instant a partial date can mean: "2028" (YEAR) lasts until the end of 2028. */
function latestMonth(date: Date, precision: DatePrecision | null): number {
  return precision === "YEAR" ? date.getUTCFullYear() * 12 + 11 : monthIndex(date);
}
function earliestMonth(date: Date, precision: DatePrecision | null): number {
  return precision === "YEAR" ? date.getUTCFullYear() * 12 : monthIndex(date);
}

function sum(values: (bigint | null)[]): bigint | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return values.reduce<bigint>((acc, v) => acc + (v ?? 0n), 0n);
}

export function checkProjectQuality(project: QualityInput, today: Date = new Date()): QualityFlag[] {
  const flags: QualityFlag[] = [];
  const start = monthIndex(project.periodStart);
  const end = monthIndex(project.periodEnd);

  const computed = monthsInclusive(project.periodStart, project.periodEnd);
  if (project.publishedDurationMonths !== null && project.publishedDurationMonths !== computed) {
    flags.push({ code: "DURATION_MISMATCH", severity: "warning", published: project.publishedDurationMonths, computed });
  }

  if (project.publishedSubProjectCount !== null && project.publishedSubProjectCount !== project.subProjects.length) {
    flags.push({ code: "SUB_PROJECT_COUNT_MISMATCH", severity: "info", published: project.publishedSubProjectCount, recorded: project.subProjects.length });
  }

  const wholePeriod = project.fundingLines.filter((l) => l.subProjectId === null && l.fiscalYear === null && l.stage === null);
  const publishedTotal = sum(wholePeriod.map((l) => l.governmentWon));
  if (publishedTotal !== null) {
    const subLines = project.fundingLines.filter((l) => l.subProjectId !== null);
    const subSum = sum(subLines.map((l) => l.governmentWon));
    if (subSum !== null && subSum !== publishedTotal) {
      flags.push({ code: "SUB_PROJECT_TOTAL_MISMATCH", severity: "warning", publishedTotal, subProjectSum: subSum });
    }
    const yearly = project.fundingLines.filter((l) => l.subProjectId === null && (l.fiscalYear !== null || l.stage !== null));
    const yearlySum = sum(yearly.map((l) => l.governmentWon));
    if (yearlySum !== null && yearlySum !== publishedTotal) {
      flags.push({ code: "YEARLY_TOTAL_MISMATCH", severity: "warning", publishedTotal, yearlySum });
    }
  }

  const years = new Set(project.fundingLines.map((l) => l.fiscalYear).filter((y): y is number => y !== null));
  for (const fiscalYear of [...years].sort()) {
    if (fiscalYear < project.periodStart.getUTCFullYear() || fiscalYear > project.periodEnd.getUTCFullYear()) {
      flags.push({ code: "FUNDING_YEAR_OUTSIDE_PERIOD", severity: "warning", fiscalYear });
    }
  }

  for (const sub of project.subProjects) {
    const outside = (sub.periodStart && monthIndex(sub.periodStart) < start) || (sub.periodEnd && monthIndex(sub.periodEnd) > end);
    if (outside) flags.push({ code: "SUB_PROJECT_OUTSIDE_PERIOD", severity: "warning", subProjectId: sub.id });
  }

  if (!project.participations.some((p) => p.role === "LEAD" && p.subProjectId === null)) {
    flags.push({ code: "NO_LEAD_INSTITUTION", severity: "info" });
  }

  const now = monthIndex(today);
  for (const m of project.milestones) {
    if (m.dueDate && KINDS_WITHIN_PERIOD.has(m.kind)) {
      if (latestMonth(m.dueDate, m.duePrecision) < start || earliestMonth(m.dueDate, m.duePrecision) > end) {
        flags.push({ code: "MILESTONE_DUE_OUTSIDE_PERIOD", severity: "warning", milestoneId: m.id });
      }
    }
    if (m.dueDate && OPEN_STATUSES.has(m.status) && latestMonth(m.dueDate, m.duePrecision) < now) {
      flags.push({ code: "MILESTONE_OVERDUE", severity: "warning", milestoneId: m.id });
    }
    if (m.achievedDate && m.achievedDate.getTime() > today.getTime()) {
      flags.push({ code: "ACHIEVED_DATE_IN_FUTURE", severity: "warning", milestoneId: m.id });
    }
  }
  return flags;
}

// Flags that change with the calendar rather than with the data are computed when read.
const TIME_DEPENDENT = new Set<QualityFlagCode>(["MILESTONE_OVERDUE", "ACHIEVED_DATE_IN_FUTURE"]);

/** The flag codes stored on the project (project.quality_flags) by every write. */
export function storedQualityFlags(project: QualityInput): QualityFlagCode[] {
  return [...new Set(checkProjectQuality(project).filter((f) => !TIME_DEPENDENT.has(f.code)).map((f) => f.code))];
}

// ---------------------------------------------------------------------------------------------
// Grant checks (issue 14, decision 0012): they depend on the calendar, so they are computed when
// read, for one project's grant page here and for the data-check list in SQL (lib/data/grants/dashboard.ts,
// listGrantAlerts) with the same thresholds.

/** Spending this far (as a share of the award) ahead of or behind the elapsed share of the period is flagged. */
export const GRANT_SPENDING_GAP = 0.3;
/** Spending behind time is only flagged once this share of the period has elapsed. */
export const GRANT_BEHIND_AFTER = 0.5;
/** A signed agreement with no payment this many days after signing is flagged. */
export const GRANT_PAYMENT_GRACE_DAYS = 30;
/** A settlement is due within this many days after the agreement period ends. */
export const GRANT_SETTLEMENT_DUE_DAYS = 90;

export type GrantCheckInput = {
  id: number;
  status: string | null;
  signedOn: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  awardedWon: bigint | null;
  paidWon: bigint;
  spentWon: bigint;
  /** Institutions with an awarded amount, and how many of them are settled. */
  awardedInstitutions: number;
  settledInstitutions: number;
};

export type GrantFlag =
  | { code: "SPENDING_AHEAD" | "SPENDING_BEHIND"; severity: "warning"; agreementId: number; spentShare: number; elapsedShare: number }
  | { code: "SIGNED_WITHOUT_PAYMENT" | "SETTLEMENT_OVERDUE"; severity: "warning"; agreementId: number; days: number };

const DAY_MS = 86_400_000;
const IN_FORCE = new Set(["SIGNED", "AMENDED"]);

export function checkGrantAgreements(agreements: GrantCheckInput[], today: Date = new Date()): GrantFlag[] {
  const flags: GrantFlag[] = [];
  for (const a of agreements) {
    const inForce = a.status !== null && IN_FORCE.has(a.status);
    if (inForce && a.periodStart && a.periodEnd && a.awardedWon !== null && a.awardedWon > 0n) {
      const total = a.periodEnd.getTime() + DAY_MS - a.periodStart.getTime();
      const elapsedShare = Math.min(1, Math.max(0, (today.getTime() - a.periodStart.getTime()) / total));
      const spentShare = Number((a.spentWon * 1_000_000n) / a.awardedWon) / 1_000_000;
      if (spentShare - elapsedShare > GRANT_SPENDING_GAP) flags.push({ code: "SPENDING_AHEAD", severity: "warning", agreementId: a.id, spentShare, elapsedShare });
      else if (elapsedShare >= GRANT_BEHIND_AFTER && elapsedShare - spentShare > GRANT_SPENDING_GAP) {
        flags.push({ code: "SPENDING_BEHIND", severity: "warning", agreementId: a.id, spentShare, elapsedShare });
      }
    }
    if (inForce && a.signedOn && a.paidWon === 0n) {
      const days = Math.floor((today.getTime() - a.signedOn.getTime()) / DAY_MS);
      if (days > GRANT_PAYMENT_GRACE_DAYS) flags.push({ code: "SIGNED_WITHOUT_PAYMENT", severity: "warning", agreementId: a.id, days });
    }
    if ((inForce || a.status === "TERMINATED") && a.periodEnd && a.awardedInstitutions > a.settledInstitutions) {
      const days = Math.floor((today.getTime() - a.periodEnd.getTime()) / DAY_MS);
      if (days > GRANT_SETTLEMENT_DUE_DAYS) flags.push({ code: "SETTLEMENT_OVERDUE", severity: "warning", agreementId: a.id, days });
    }
  }
  return flags;
}
