import type { Cell, Row } from "@/lib/compare/comparison";
import { formatWon } from "@/lib/format/money";
import { formatMonths, formatPeriod } from "@/lib/format/period";

// One presentation of a comparison for the screen, the CSV and the XLSX export alike, so that all
// three show the same rows and the same numbers.

type T = (key: string, values?: Record<string, string | number>) => string;

export type PresentedCell = { text: string; mark: "best" | "worst" | "max" | "min" | null; unknown: boolean };
export type PresentedRow = { key: string; label: string; cells: PresentedCell[] };

const ENUM_ROWS: Record<string, string> = { area: "area", researchStage: "stage", status: "status", latestVerdict: "verdict" };

function counts(value: string, group: string, te: T): string {
  return value.split(",").map((pair) => {
    const [code = "", n = ""] = pair.split(":");
    return `${te(`${group}.${code}`)} ${n}`;
  }).join(", ");
}

function cellText(row: Row, cell: Cell, locale: string, t: T, te: T): string {
  if (cell.value === null) return `${t("unknown")} (${t(`reason.${cell.unknown ?? "notPublished"}`)})`;
  if (cell.kind === "won") return formatWon(cell.value, locale);
  if (cell.kind === "number") {
    if (cell.unit === "months") return formatMonths(cell.value, locale);
    if (cell.unit === "percent") return `${cell.value.toLocaleString(locale === "ko" ? "ko-KR" : "en-GB")}%`;
    return cell.value.toLocaleString(locale === "ko" ? "ko-KR" : "en-GB");
  }
  const value = cell.value;
  if (row.key === "program") {
    const [ko = "", en = ""] = value.split("|");
    return locale === "en" && en ? en : ko;
  }
  if (row.key === "period") {
    const [start = "", end = ""] = value.split("|");
    return formatPeriod(new Date(`${start}-01T00:00:00Z`), new Date(`${end}-01T00:00:00Z`), locale);
  }
  if (row.key === "institutionsByType") return counts(value, "instType", te);
  if (row.key === "institutionsByRole") return counts(value, "role", te);
  const group = ENUM_ROWS[row.key];
  return group ? te(`${group}.${value}`) : value;
}

export function presentComparison(rows: Row[], locale: string, t: T, te: T): PresentedRow[] {
  return rows.map((row) => ({
    key: row.key,
    label: row.labelKey && row.labelName ? t(`row.${row.labelKey}`, { category: locale === "en" ? row.labelName.en : row.labelName.ko }) : t(`row.${row.key}`),
    cells: row.cells.map((cell, i) => ({
      text: cellText(row, cell, locale, t, te),
      unknown: cell.value === null,
      mark: row.best.includes(i) ? (row.direction === "neutral" ? "max" : "best") : row.worst.includes(i) ? (row.direction === "neutral" ? "min" : "worst") : null,
    })),
  }));
}

/** The text of a marked cell as it appears in exports: the value and its mark in words. */
export function exportText(cell: PresentedCell, t: T): string {
  return cell.mark ? `${cell.text} (${t(`mark.${cell.mark}`)})` : cell.text;
}
