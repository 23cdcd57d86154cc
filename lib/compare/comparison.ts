// Side-by-side comparison of projects: one row per figure, computed from the same inputs for the
// screen, the CSV and the XLSX export. An unknown figure stays unknown (never 0), is left out of
// every ratio, and carries the reason. Comparable rows mark their best and worst values (or, where
// "better" has no meaning, their largest and smallest) with a label, never by colour alone.

export type CompareInput = {
  slug: string;
  titleKo: string;
  titleEn: string | null;
  programNameKo: string | null;
  programNameEn: string | null;
  area: string | null;
  researchStage: string | null;
  status: string;
  periodStart: Date;
  periodEnd: Date;
  publishedDurationMonths: number | null;
  governmentWon: bigint | null;
  privateCashWon: bigint | null;
  privateInKindWon: bigint | null;
  /** One entry per participation; an institution with two roles appears twice. */
  institutions: { id: number; type: string; role: string }[];
  milestones: {
    status: string;
    dueDate: Date | null;
    duePrecision: "YEAR" | "MONTH" | "DAY" | null;
    achievedDate: Date | null;
    achievedPrecision: "YEAR" | "MONTH" | "DAY" | null;
    targetValue: string | null;
    actualValue: string | null;
  }[];
  /** Internal only (null on public comparisons). */
  qualityFlagCount: number | null;
  /** Internal only. */
  latestVerdict: string | null;
  /** Internal only (payments, spending and settlements are never public): the project's grant figures. */
  grant?: {
    awardedWon: bigint | null;
    paidWon: bigint;
    spentWon: bigint;
    returnedWon: bigint;
    /** Spending per cost category code. */
    spentByCategory: Record<string, bigint>;
  } | null;
};

/** A cost category that has spending in one of the compared projects (internal rows). */
export type CompareCategory = { code: string; nameKo: string; nameEn: string };

export type UnknownReason = "notPublished" | "partUnknown" | "noMilestones" | "noDueDates" | "noMetrics" | "noInstitutions" | "noEvaluation" | "noGrant" | "noSpending";

export type Cell =
  | { kind: "text"; value: string | null; unknown?: UnknownReason }
  | { kind: "won"; value: bigint | null; unknown?: UnknownReason }
  | { kind: "number"; value: number | null; unit?: "months" | "count" | "percent"; unknown?: UnknownReason };

export type Direction = "higher" | "lower" | "neutral";

export type Row = {
  key: string;
  /** Whether values can be ranked, and which way is better. */
  direction: Direction | null;
  cells: Cell[];
  /** A row whose label names something (a cost category): the message key and the name. */
  labelKey?: string;
  labelName?: { ko: string; en: string };
  /** Indexes of the marked cells (several when tied). Empty when fewer than two values are known. */
  best: number[];
  worst: number[];
};

const DAY = 86_400_000;

/** The last day a partial date can mean: "2028" is due by the end of 2028. */
export function endOfPrecision(date: Date, precision: "YEAR" | "MONTH" | "DAY" | null): Date {
  if (precision === "YEAR") return new Date(Date.UTC(date.getUTCFullYear(), 11, 31));
  if (precision === "MONTH") return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0));
  return date;
}

function monthsInclusive(start: Date, end: Date): number {
  return (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth() + 1;
}

function sumKnown(values: (bigint | null)[]): bigint | null {
  let total = 0n;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** Exact integer division rounded half up, for won per month / per institution. */
function divideWon(won: bigint, by: number): bigint {
  const d = BigInt(by);
  return (won * 2n + d) / (2n * d);
}

function percent(part: bigint, whole: bigint): number {
  // One decimal, computed in integers to stay exact for any won amount.
  return Number((part * 1000n + whole / 2n) / whole) / 10;
}

function countBy(items: string[]): string | null {
  if (items.length === 0) return null;
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k}:${n}`).join(",");
}

function rank(cells: Cell[], direction: Direction | null): { best: number[]; worst: number[] } {
  if (!direction) return { best: [], worst: [] };
  const known = cells
    .map((c, i) => ({ i, v: c.kind === "won" ? c.value : c.kind === "number" ? c.value : null }))
    .filter((x): x is { i: number; v: bigint | number } => x.v !== null);
  if (known.length < 2) return { best: [], worst: [] };
  const cmp = (a: bigint | number, b: bigint | number) => (a < b ? -1 : a > b ? 1 : 0);
  const max = known.reduce((m, x) => (cmp(x.v, m) > 0 ? x.v : m), known[0]!.v);
  const min = known.reduce((m, x) => (cmp(x.v, m) < 0 ? x.v : m), known[0]!.v);
  if (cmp(max, min) === 0) return { best: [], worst: [] };
  const at = (v: bigint | number) => known.filter((x) => cmp(x.v, v) === 0).map((x) => x.i);
  return direction === "lower" ? { best: at(min), worst: at(max) } : { best: at(max), worst: at(min) };
}

/** Every row of a comparison, in display order. `today` decides what is overdue. */
export function compareProjects(projects: CompareInput[], today: Date, options: { internal: boolean; categories?: CompareCategory[] }): Row[] {
  const todayTime = today.getTime();
  const rows: Omit<Row, "best" | "worst">[] = [];
  const add = (key: string, direction: Direction | null, cells: Cell[]) => rows.push({ key, direction, cells });
  const text = (value: string | null, unknown?: UnknownReason): Cell => ({ kind: "text", value, unknown: value === null ? (unknown ?? "notPublished") : undefined });
  const won = (value: bigint | null, unknown: UnknownReason = "notPublished"): Cell => ({ kind: "won", value, unknown: value === null ? unknown : undefined });
  const num = (value: number | null, unit: "months" | "count" | "percent", unknown: UnknownReason): Cell => ({ kind: "number", value, unit, unknown: value === null ? unknown : undefined });

  add("program", null, projects.map((p) => text(p.programNameKo === null ? null : `${p.programNameKo}|${p.programNameEn ?? ""}`)));
  add("area", null, projects.map((p) => text(p.area)));
  add("researchStage", null, projects.map((p) => text(p.researchStage)));
  add("period", null, projects.map((p) => text(`${p.periodStart.toISOString().slice(0, 7)}|${p.periodEnd.toISOString().slice(0, 7)}`)));
  const months = projects.map((p) => p.publishedDurationMonths ?? monthsInclusive(p.periodStart, p.periodEnd));
  add("duration", "neutral", months.map((m) => num(m, "months", "notPublished")));
  add("status", null, projects.map((p) => text(p.status)));

  add("governmentWon", "neutral", projects.map((p) => won(p.governmentWon)));
  add("privateCashWon", "neutral", projects.map((p) => won(p.privateCashWon)));
  add("privateInKindWon", "neutral", projects.map((p) => won(p.privateInKindWon)));
  const totals = projects.map((p) => sumKnown([p.governmentWon, p.privateCashWon, p.privateInKindWon]));
  add("totalWon", "neutral", totals.map((t) => won(t, "partUnknown")));
  add("privateShare", "neutral", projects.map((p, i) => {
    const total = totals[i] ?? null;
    const priv = sumKnown([p.privateCashWon, p.privateInKindWon]);
    return num(total !== null && priv !== null && total > 0n ? percent(priv, total) : null, "percent", "partUnknown");
  }));
  add("governmentPerMonth", "neutral", projects.map((p, i) => won(p.governmentWon === null ? null : divideWon(p.governmentWon, months[i] ?? 1))));
  add("governmentPerInstitution", "neutral", projects.map((p) => {
    if (p.institutions.length === 0) return won(null, "noInstitutions");
    return won(p.governmentWon === null ? null : divideWon(p.governmentWon, new Set(p.institutions.map((i) => i.id)).size));
  }));
  add("institutionsByType", null, projects.map((p) => text(countBy(p.institutions.map((i) => i.type)), "noInstitutions")));
  add("institutionsByRole", null, projects.map((p) => text(countBy(p.institutions.map((i) => i.role)), "noInstitutions")));

  const ms = projects.map((p) => p.milestones);
  add("milestonesTotal", "neutral", ms.map((m) => num(m.length, "count", "noMilestones")));
  add("milestonesAchieved", "higher", ms.map((m) => num(m.length ? m.filter((x) => x.status === "ACHIEVED").length : null, "count", "noMilestones")));
  add("milestonesMissed", "lower", ms.map((m) => num(m.length ? m.filter((x) => x.status === "MISSED").length : null, "count", "noMilestones")));
  const isOverdue = (x: CompareInput["milestones"][number]) =>
    (x.status === "PLANNED" || x.status === "IN_PROGRESS") && x.dueDate !== null && endOfPrecision(x.dueDate, x.duePrecision).getTime() < todayTime - DAY / 2;
  add("milestonesOverdue", "lower", ms.map((m) => num(m.length ? m.filter(isOverdue).length : null, "count", "noMilestones")));
  add("onTimeRate", "higher", ms.map((m) => {
    // Achieved milestones that have both a due and an achieved date; on time = achieved by the due date.
    const dated = m.filter((x) => x.status === "ACHIEVED" && x.dueDate && x.achievedDate);
    if (dated.length === 0) return num(null, "percent", m.length ? "noDueDates" : "noMilestones");
    const onTime = dated.filter((x) => x.achievedDate!.getTime() <= endOfPrecision(x.dueDate!, x.duePrecision).getTime()).length;
    return num(Math.round((onTime / dated.length) * 1000) / 10, "percent", "noDueDates");
  }));
  add("targetVsActual", "higher", ms.map((m) => {
    const ratios = m
      .filter((x) => x.targetValue !== null && x.actualValue !== null && Number(x.targetValue) !== 0)
      .map((x) => (Number(x.actualValue) / Number(x.targetValue)) * 100);
    if (ratios.length === 0) return num(null, "percent", m.length ? "noMetrics" : "noMilestones");
    return num(Math.round((ratios.reduce((a, b) => a + b, 0) / ratios.length) * 10) / 10, "percent", "noMetrics");
  }));
  if (options.internal) {
    add("qualityFlags", "lower", projects.map((p) => num(p.qualityFlagCount, "count", "notPublished")));
    add("latestVerdict", null, projects.map((p) => text(p.latestVerdict, "noEvaluation")));
  }
  if (options.internal && projects.some((p) => p.grant !== undefined)) {
    // Grant rows (issue 14): internal only, like the rows above; a project without any agreement has no figures.
    const g = projects.map((p) => p.grant ?? null);
    const has = (x: (typeof g)[number]): x is NonNullable<(typeof g)[number]> => x !== null;
    add("grantAwarded", "neutral", g.map((x) => won(has(x) ? x.awardedWon : null, has(x) ? "partUnknown" : "noGrant")));
    add("grantPaid", "neutral", g.map((x) => won(has(x) ? x.paidWon : null, "noGrant")));
    add("grantSpent", "neutral", g.map((x) => won(has(x) ? x.spentWon : null, "noGrant")));
    add("grantReturned", "neutral", g.map((x) => won(has(x) ? x.returnedWon : null, "noGrant")));
    add("grantSpendRate", "neutral", g.map((x) => {
      if (!has(x)) return num(null, "percent", "noGrant");
      return num(x.awardedWon !== null && x.awardedWon > 0n ? percent(x.spentWon, x.awardedWon) : null, "percent", "partUnknown");
    }));
    for (const c of options.categories ?? []) {
      rows.push({
        key: `categoryShare_${c.code}`, labelKey: "categoryShare", labelName: { ko: c.nameKo, en: c.nameEn }, direction: "neutral",
        cells: g.map((x) => {
          if (!has(x)) return num(null, "percent", "noGrant");
          return num(x.spentWon > 0n ? percent(x.spentByCategory[c.code] ?? 0n, x.spentWon) : null, "percent", "noSpending");
        }),
      });
    }
  }
  return rows.map((r) => ({ ...r, ...rank(r.cells, r.direction) }));
}
