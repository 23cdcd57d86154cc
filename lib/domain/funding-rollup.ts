// How a project's totals roll up from its funding lines. A whole-period line is the figure as
// published and wins over finer lines at the same level (they are its breakdown, checked against it
// by lib/quality). A project without its own whole-period line sums its fiscal-year/stage lines and
// each sub-project's total. NULL means unknown, never zero: one unknown part makes the sum unknown.

export type FundingLineInput = {
  subProjectId: number | null;
  fiscalYear: number | null;
  stage: number | null;
  governmentWon: bigint | null;
  privateCashWon: bigint | null;
  privateInKindWon: bigint | null;
};

export type FundingTotals = {
  governmentWon: bigint | null;
  privateCashWon: bigint | null;
  privateInKindWon: bigint | null;
};

type Column = keyof FundingTotals;
const COLUMNS: Column[] = ["governmentWon", "privateCashWon", "privateInKindWon"];

function sumKnown(values: (bigint | null)[]): bigint | null {
  if (values.length === 0) return null;
  let total = 0n;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

function levelTotal(lines: FundingLineInput[], column: Column): bigint | null {
  const whole = lines.filter((l) => l.fiscalYear === null && l.stage === null);
  return sumKnown((whole.length > 0 ? whole : lines).map((l) => l[column]));
}

export function rollUpFunding(lines: FundingLineInput[]): FundingTotals {
  const own = lines.filter((l) => l.subProjectId === null);
  const bySub = new Map<number, FundingLineInput[]>();
  for (const l of lines) {
    if (l.subProjectId !== null) bySub.set(l.subProjectId, [...(bySub.get(l.subProjectId) ?? []), l]);
  }
  const totals = {} as FundingTotals;
  for (const column of COLUMNS) {
    const ownWhole = own.filter((l) => l.fiscalYear === null && l.stage === null);
    if (ownWhole.length > 0) {
      totals[column] = sumKnown(ownWhole.map((l) => l[column]));
      continue;
    }
    const parts: (bigint | null)[] = own.map((l) => l[column]);
    for (const subLines of bySub.values()) parts.push(levelTotal(subLines, column));
    totals[column] = sumKnown(parts);
  }
  return totals;
}
