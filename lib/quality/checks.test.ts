import { describe, expect, it } from "vitest";
import { checkGrantAgreements, checkProjectQuality, type GrantCheckInput, type QualityInput } from "./checks";

const month = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1));
const base: QualityInput = {
  periodStart: month(2021, 7),
  periodEnd: month(2024, 3),
  publishedDurationMonths: 33,
  publishedSubProjectCount: null,
  subProjects: [],
  participations: [{ role: "LEAD", subProjectId: null }],
  fundingLines: [],
  milestones: [],
};
const today = month(2025, 5);
const codes = (input: Partial<QualityInput>) => checkProjectQuality({ ...base, ...input }, today).map((f) => f.code);

describe("checkProjectQuality", () => {
  it("finds nothing in a consistent project", () => {
    expect(codes({})).toEqual([]);
  });

  it("flags a published duration that disagrees with the period, keeping both figures", () => {
    const flags = checkProjectQuality({ ...base, periodStart: month(2020, 9), periodEnd: month(2026, 12), publishedDurationMonths: 75 }, today);
    expect(flags).toEqual([{ code: "DURATION_MISMATCH", severity: "warning", published: 75, computed: 76 }]);
  });

  it("flags sub-projects that are published but not recorded, and totals that disagree", () => {
    expect(codes({ publishedSubProjectCount: 4 })).toEqual(["SUB_PROJECT_COUNT_MISMATCH"]);
    const lines = [
      { subProjectId: null, fiscalYear: null, stage: null, governmentWon: 1000n },
      { subProjectId: 1, fiscalYear: null, stage: null, governmentWon: 600n },
      { subProjectId: 2, fiscalYear: null, stage: null, governmentWon: 300n },
    ];
    expect(checkProjectQuality({ ...base, fundingLines: lines }, today)).toContainEqual(
      { code: "SUB_PROJECT_TOTAL_MISMATCH", severity: "warning", publishedTotal: 1000n, subProjectSum: 900n },
    );
    expect(codes({ fundingLines: [lines[0]!, { ...lines[1]!, governmentWon: 700n }, lines[2]!] })).toEqual([]);
  });

  it("flags yearly lines that do not add up to the published total, and years outside the period", () => {
    expect(codes({
      fundingLines: [
        { subProjectId: null, fiscalYear: null, stage: null, governmentWon: 100n },
        { subProjectId: null, fiscalYear: 2021, stage: null, governmentWon: 40n },
        { subProjectId: null, fiscalYear: 2025, stage: null, governmentWon: 50n },
      ],
    })).toEqual(["YEARLY_TOTAL_MISMATCH", "FUNDING_YEAR_OUTSIDE_PERIOD"]);
  });

  it("checks milestones against the period, today and their own dates", () => {
    const m = { id: 1, kind: "DELIVERABLE", status: "PLANNED", dueDate: null, duePrecision: null, achievedDate: null } as const;
    expect(codes({ milestones: [{ ...m, dueDate: month(2024, 4), duePrecision: "MONTH" }] })).toEqual(["MILESTONE_DUE_OUTSIDE_PERIOD", "MILESTONE_OVERDUE"]);
    // A year-precise due date means "some time that year": 2024 overlaps a period ending 2024.3.
    expect(codes({ milestones: [{ ...m, dueDate: month(2024, 1), duePrecision: "YEAR", status: "ACHIEVED" }] })).toEqual([]);
    // Commercialisation after the project ends is normal and not flagged.
    expect(codes({ milestones: [{ ...m, kind: "COMMERCIALIZATION", dueDate: month(2028, 1), duePrecision: "YEAR" }] })).toEqual([]);
    expect(codes({ milestones: [{ ...m, status: "ACHIEVED", achievedDate: month(2026, 1) }] })).toEqual(["ACHIEVED_DATE_IN_FUTURE"]);
  });

  it("flags a project without a lead institution and a sub-project outside the period", () => {
    expect(codes({ participations: [{ role: "JOINT", subProjectId: null }] })).toEqual(["NO_LEAD_INSTITUTION"]);
    expect(codes({ subProjects: [{ id: 7, periodStart: month(2021, 1), periodEnd: month(2022, 1) }] })).toEqual(["SUB_PROJECT_OUTSIDE_PERIOD"]);
  });
});

describe("checkGrantAgreements", () => {
  const day = (s: string) => new Date(`${s}T00:00:00Z`);
  const agreement: GrantCheckInput = {
    id: 1, status: "SIGNED", signedOn: day("2024-01-10"), periodStart: day("2024-01-01"), periodEnd: day("2024-12-31"),
    awardedWon: 1_000_000_000n, paidWon: 500_000_000n, spentWon: 500_000_000n, awardedInstitutions: 2, settledInstitutions: 0,
  };
  const grantCodes = (input: Partial<GrantCheckInput>, on: string) => checkGrantAgreements([{ ...agreement, ...input }], day(on)).map((f) => f.code);

  it("finds nothing while spending keeps pace with time", () => {
    expect(grantCodes({}, "2024-07-01")).toEqual([]);
  });

  it("flags spending far ahead of or behind the elapsed share of the period", () => {
    expect(grantCodes({ spentWon: 900_000_000n }, "2024-04-01")).toEqual(["SPENDING_AHEAD"]);
    expect(grantCodes({ spentWon: 100_000_000n }, "2024-10-01")).toEqual(["SPENDING_BEHIND"]);
    // Behind early in the period is normal: not flagged before half of it has passed.
    expect(grantCodes({ spentWon: 0n }, "2024-04-01")).toEqual([]);
    // Unknown award or an agreement not in force: no rate, no flag.
    expect(grantCodes({ spentWon: 900_000_000n, awardedWon: null }, "2024-04-01")).toEqual([]);
    expect(grantCodes({ spentWon: 900_000_000n, status: "PENDING" }, "2024-04-01")).toEqual([]);
  });

  it("flags a signed agreement with no payment after the grace period", () => {
    expect(grantCodes({ paidWon: 0n, spentWon: 0n }, "2024-02-01")).toEqual([]);
    const flags = checkGrantAgreements([{ ...agreement, paidWon: 0n, spentWon: 0n }], day("2024-03-01"));
    expect(flags).toEqual([{ code: "SIGNED_WITHOUT_PAYMENT", severity: "warning", agreementId: 1, days: 51 }]);
  });

  it("flags a settlement overdue after the period, until every awarded institution is settled", () => {
    expect(grantCodes({ spentWon: 1_000_000_000n }, "2025-03-01")).toEqual([]);
    expect(grantCodes({ spentWon: 1_000_000_000n }, "2025-04-15")).toEqual(["SETTLEMENT_OVERDUE"]);
    expect(grantCodes({ spentWon: 1_000_000_000n, settledInstitutions: 2 }, "2025-04-15")).toEqual([]);
  });
});
