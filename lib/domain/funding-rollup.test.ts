import { describe, expect, it } from "vitest";
import { rollUpFunding, type FundingLineInput } from "./funding-rollup";

const line = (l: Partial<FundingLineInput>): FundingLineInput => ({
  subProjectId: null, fiscalYear: null, stage: null, governmentWon: null, privateCashWon: null, privateInKindWon: null, ...l,
});

describe("rollUpFunding", () => {
  it("keeps a published total and leaves an unpublished split unknown", () => {
    expect(rollUpFunding([line({ governmentWon: 28_100_000_000n })])).toEqual({
      governmentWon: 28_100_000_000n, privateCashWon: null, privateInKindWon: null,
    });
  });

  it("sums sub-projects and their years when the parent has no total of its own", () => {
    const totals = rollUpFunding([
      line({ subProjectId: 1, fiscalYear: 2021, governmentWon: 100n, privateCashWon: 10n, privateInKindWon: 0n }),
      line({ subProjectId: 1, fiscalYear: 2022, governmentWon: 200n, privateCashWon: 20n, privateInKindWon: 5n }),
      line({ subProjectId: 2, governmentWon: 50n, privateCashWon: 5n, privateInKindWon: 1n }),
    ]);
    expect(totals).toEqual({ governmentWon: 350n, privateCashWon: 35n, privateInKindWon: 6n });
  });

  it("prefers a sub-project's whole-period line over its yearly breakdown", () => {
    const totals = rollUpFunding([
      line({ subProjectId: 1, governmentWon: 300n }),
      line({ subProjectId: 1, fiscalYear: 2021, governmentWon: 100n }),
    ]);
    expect(totals.governmentWon).toBe(300n);
  });

  it("prefers the parent's published total over the sum of its sub-projects", () => {
    const totals = rollUpFunding([line({ governmentWon: 1000n }), line({ subProjectId: 1, governmentWon: 999n })]);
    expect(totals.governmentWon).toBe(1000n);
  });

  it("makes a sum unknown when one part is unknown, and stays exact beyond 2^53", () => {
    expect(rollUpFunding([line({ fiscalYear: 2021, governmentWon: 1n }), line({ fiscalYear: 2022 })]).governmentWon).toBeNull();
    expect(rollUpFunding([
      line({ fiscalYear: 2021, governmentWon: 9_007_199_254_740_993n }),
      line({ fiscalYear: 2022, governmentWon: 2n }),
    ]).governmentWon).toBe(9_007_199_254_740_995n);
  });

  it("has no total without lines", () => {
    expect(rollUpFunding([])).toEqual({ governmentWon: null, privateCashWon: null, privateInKindWon: null });
  });
});
