import { describe, expect, it } from "vitest";
import { compareProjects, type CompareInput } from "./comparison";

const m = (s: string) => new Date(`${s}-01T00:00:00Z`);
const milestone = (status: string, extra: Partial<CompareInput["milestones"][number]> = {}): CompareInput["milestones"][number] => ({
  status, dueDate: null, duePrecision: null, achievedDate: null, achievedPrecision: null, targetValue: null, actualValue: null, ...extra,
});
const inst = (n: number, type = "SME") => Array.from({ length: n }, (_, i) => ({ id: i + 1, type, role: i === 0 ? "LEAD" : "JOINT" }));

// The three published projects as the source gives them (totals only, no split, no private funds).
const TRAM: CompareInput = {
  slug: "tram", titleKo: "수소전기트램 실증사업", titleEn: null, programNameKo: null, programNameEn: null, area: "HYDROGEN", researchStage: "DEVELOPMENT",
  status: "COMPLETED", periodStart: m("2021-07"), periodEnd: m("2024-03"), publishedDurationMonths: 33,
  governmentWon: 28_100_000_000n, privateCashWon: null, privateInKindWon: null, institutions: inst(4),
  milestones: [
    milestone("ACHIEVED", { targetValue: "2500", actualValue: "5000" }),
    ...Array.from({ length: 5 }, () => milestone("ACHIEVED")),
    milestone("PLANNED", { dueDate: m("2028-01"), duePrecision: "YEAR", targetValue: "34" }),
  ],
  qualityFlagCount: 1, latestVerdict: null,
};
const ADAS: CompareInput = {
  ...TRAM, slug: "adas", area: "SEMICONDUCTOR_DISPLAY", periodStart: m("2020-04"), periodEnd: m("2024-12"), publishedDurationMonths: null,
  governmentWon: 3_891_000_000n, institutions: inst(4),
  milestones: [milestone("ACHIEVED", { actualValue: "140" }), milestone("ACHIEVED"), milestone("ACHIEVED"), milestone("IN_PROGRESS")],
  qualityFlagCount: 0,
};
const ORGAN: CompareInput = {
  ...TRAM, slug: "organ", area: "ADVANCED_BIO", status: "ACTIVE", periodStart: m("2020-09"), periodEnd: m("2026-12"), publishedDurationMonths: 75,
  governmentWon: 19_862_000_000n, institutions: inst(14, "UNIVERSITY"),
  milestones: [
    milestone("ACHIEVED"), milestone("ACHIEVED"),
    milestone("ACHIEVED", { targetValue: "24", actualValue: "24", achievedDate: m("2024-10"), achievedPrecision: "MONTH" }),
    milestone("PLANNED", { targetValue: "2" }), milestone("PLANNED", { targetValue: "3" }),
    milestone("PLANNED", { dueDate: m("2026-12"), duePrecision: "MONTH" }),
  ],
  qualityFlagCount: 1,
};
const TODAY = new Date("2026-11-25T00:00:00Z");
const row = (rows: ReturnType<typeof compareProjects>, key: string) => {
  const r = rows.find((x) => x.key === key);
  if (!r) throw new Error(key);
  return r;
};
const values = (rows: ReturnType<typeof compareProjects>, key: string) => row(rows, key).cells.map((c) => c.value);

describe("compareProjects on the published portfolio, computed by hand", () => {
  const rows = compareProjects([TRAM, ADAS, ORGAN], TODAY, { internal: false });

  it("keeps the published totals and marks the largest and smallest", () => {
    expect(values(rows, "governmentWon")).toEqual([28_100_000_000n, 3_891_000_000n, 19_862_000_000n]);
    expect(row(rows, "governmentWon")).toMatchObject({ best: [0], worst: [1] });
  });

  it("uses the published duration, else the period, for money per month (rounded to the won)", () => {
    expect(values(rows, "duration")).toEqual([33, 57, 75]);
    // 28,100,000,000 / 33 = 851,515,151.5… → 851,515,152; 3,891,000,000 / 57 = 68,263,157.9 → 68,263,158;
    // 19,862,000,000 / 75 = 264,826,666.7 → 264,826,667
    expect(values(rows, "governmentPerMonth")).toEqual([851_515_152n, 68_263_158n, 264_826_667n]);
    // 28,100,000,000 / 4; 3,891,000,000 / 4; 19,862,000,000 / 14 = 1,418,714,285.7
    expect(values(rows, "governmentPerInstitution")).toEqual([7_025_000_000n, 972_750_000n, 1_418_714_286n]);
  });

  it("leaves unknown private funds unknown, out of totals and shares, with the reason", () => {
    expect(row(rows, "privateCashWon").cells[0]).toEqual({ kind: "won", value: null, unknown: "notPublished" });
    expect(row(rows, "totalWon").cells.map((c) => [c.value, c.unknown])).toEqual([[null, "partUnknown"], [null, "partUnknown"], [null, "partUnknown"]]);
    expect(row(rows, "privateShare").cells.every((c) => c.value === null)).toBe(true);
    expect(row(rows, "totalWon")).toMatchObject({ best: [], worst: [] });
  });

  it("counts milestones and compares target with actual where both are known", () => {
    expect(values(rows, "milestonesTotal")).toEqual([7, 4, 6]);
    expect(values(rows, "milestonesAchieved")).toEqual([6, 3, 3]);
    expect(values(rows, "milestonesMissed")).toEqual([0, 0, 0]);
    expect(values(rows, "milestonesOverdue")).toEqual([0, 0, 0]);
    expect(values(rows, "targetVsActual")).toEqual([200, null, 100]);
    expect(row(rows, "targetVsActual").cells[1]).toMatchObject({ unknown: "noMetrics" });
    expect(row(rows, "targetVsActual")).toMatchObject({ best: [0], worst: [2] });
    // No achieved milestone has both a due and an achieved date: the on-time rate is unknown.
    expect(row(rows, "onTimeRate").cells.map((c) => c.unknown)).toEqual(["noDueDates", "noDueDates", "noDueDates"]);
  });

  it("shows internal rows only to the workspace", () => {
    expect(rows.some((r) => r.key === "qualityFlags" || r.key === "latestVerdict")).toBe(false);
    const internal = compareProjects([TRAM, ADAS], TODAY, { internal: true });
    expect(values(internal, "qualityFlags")).toEqual([1, 0]);
    expect(row(internal, "qualityFlags")).toMatchObject({ best: [1], worst: [0] });
  });
});

describe("compareProjects on synthetic figures", () => {
  it("computes totals, shares, overdue and on-time rates", () => {
    const a: CompareInput = {
      ...TRAM, slug: "a", governmentWon: 600n, privateCashWon: 300n, privateInKindWon: 100n, publishedDurationMonths: null,
      periodStart: m("2024-01"), periodEnd: m("2024-12"),
      institutions: [{ id: 1, type: "SME", role: "LEAD" }, { id: 1, type: "SME", role: "JOINT" }, { id: 2, type: "UNIVERSITY", role: "JOINT" }],
      milestones: [
        milestone("ACHIEVED", { dueDate: m("2024-06"), duePrecision: "MONTH", achievedDate: new Date("2024-06-30T00:00:00Z"), achievedPrecision: "DAY" }),
        milestone("ACHIEVED", { dueDate: m("2024-06"), duePrecision: "MONTH", achievedDate: m("2024-08"), achievedPrecision: "MONTH" }),
        milestone("MISSED", { dueDate: m("2024-09"), duePrecision: "MONTH" }),
        milestone("IN_PROGRESS", { dueDate: m("2025-01"), duePrecision: "MONTH" }),
      ],
    };
    const rows = compareProjects([a, { ...a, slug: "b", milestones: [] }], new Date("2025-03-01T00:00:00Z"), { internal: false });
    expect(values(rows, "totalWon")).toEqual([1000n, 1000n]);
    expect(values(rows, "privateShare")).toEqual([40, 40]);
    expect(values(rows, "governmentPerMonth")).toEqual([50n, 50n]);
    expect(values(rows, "governmentPerInstitution")).toEqual([300n, 300n]);
    expect(values(rows, "institutionsByType")).toEqual(["SME:2,UNIVERSITY:1", "SME:2,UNIVERSITY:1"]);
    expect(values(rows, "milestonesOverdue")).toEqual([1, null]);
    expect(row(rows, "milestonesOverdue").cells[1]).toMatchObject({ unknown: "noMilestones" });
    expect(values(rows, "onTimeRate")).toEqual([50, null]);
    expect(row(rows, "totalWon")).toMatchObject({ best: [], worst: [] }); // equal values mark nothing
  });
});
