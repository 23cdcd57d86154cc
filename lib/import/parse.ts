// From a file's rows to the import model: every cell parsed by its template field, every problem a
// row error with its sheet, row and column. Pure: the database is consulted later (lib/data/imports).
import enumsEn from "@/lib/i18n/messages/en/enums.json";
import enumsKo from "@/lib/i18n/messages/ko/enums.json";
import { readSheets } from "./read";
import { SHEET_BY_KIND, guessKind, kindOfSheetName, resolveHeaders, type ColumnMapping, type FieldSpec, type SheetKind } from "./template";
import { cleanText, labelKey, parseBoolean, parseDecimal, parseInteger, parseMonth, parsePartialDate, parseWon, type CellValue, type PartialDate, type Parsed } from "./values";

export type RowError = { sheet: string; row: number; column: string; code: string; params?: Record<string, string | number> };
export type RowRef = { sheet: string; row: number };
export type Row = { ref: RowRef; projectKey: string; values: Record<string, unknown>; columns: Record<string, string> };

export type ImportModel = {
  /** Rows per kind, in file order. */
  rows: Record<SheetKind, Row[]>;
  /** Kinds the file has a sheet for: their rows replace what a project had of that kind. */
  kinds: Set<SheetKind>;
  errors: RowError[];
  /** Sheets that matched no kind (reported, not an error). */
  ignoredSheets: string[];
  /** Per kind, headers that matched no field. */
  ignoredColumns: Partial<Record<SheetKind, string[]>>;
  rowCount: number;
  /** Each sheet's name, the kind it was read as (null: ignored) and its headers, for the column picker. */
  sheets: { name: string; kind: SheetKind | null; headers: string[] }[];
};

// Enum cells accept the code ("LEAD"), the Korean and English labels, and common short forms.
const EXTRA_ENUM_LABELS: Record<string, Record<string, string[]>> = {
  role: { LEAD: ["주관기관", "주관연구개발기관"], JOINT: ["공동연구개발기관", "공동기관"], CONSIGNED: ["위탁기관", "위탁연구개발기관"], PARTICIPATING: ["참여기관", "수요기업"] },
  personRole: { PRINCIPAL_INVESTIGATOR: ["책임", "책임자", "pi", "연구책임"], RESEARCHER: ["참여", "연구원", "참여연구"] },
  status: { ACTIVE: ["진행", "진행중", "수행"], COMPLETED: ["완료"], PLANNED: ["계획", "예정"] },
  milestoneStatus: { IN_PROGRESS: ["진행"], ACHIEVED: ["완료"] },
  instType: { SME: ["중소"], LARGE_COMPANY: ["대기업"], UNIVERSITY: ["대학교"], GOVERNMENT_RESEARCH_INSTITUTE: ["출연연", "연구소", "정부출연연구기관"] },
  stage: { BASIC: ["기초"], APPLIED: ["응용"], DEVELOPMENT: ["개발"] },
};

const enumLookups = new Map<string, Map<string, string>>();
function enumLookup(namespace: string): Map<string, string> {
  let lookup = enumLookups.get(namespace);
  if (!lookup) {
    lookup = new Map();
    const ko = (enumsKo as Record<string, Record<string, string>>)[namespace] ?? {};
    const en = (enumsEn as Record<string, Record<string, string>>)[namespace] ?? {};
    for (const code of Object.keys(ko)) {
      for (const label of [code, ko[code]!, en[code] ?? "", ...(EXTRA_ENUM_LABELS[namespace]?.[code] ?? [])]) {
        if (label && !lookup.has(labelKey(label))) lookup.set(labelKey(label), code);
      }
    }
    enumLookups.set(namespace, lookup);
  }
  return lookup;
}

function parseText(value: CellValue, max: number): Parsed<string | null> {
  const text = cleanText(value);
  if (text !== null && text.length > max) return { ok: false, error: "textTooLong", params: { max } };
  return { ok: true, value: text };
}

export function parseCell(field: FieldSpec, value: CellValue): Parsed<unknown> {
  if (typeof value === "string" && value.startsWith("#ERROR ")) return { ok: false, error: "formulaError", params: { value: value.slice(7) } };
  switch (field.type) {
    case "key": {
      const text = cleanText(typeof value === "number" ? String(value) : value);
      if (text !== null && text.length > (field.max ?? 100)) return { ok: false, error: "textTooLong", params: { max: field.max ?? 100 } };
      return { ok: true, value: text?.normalize("NFKC").replace(/\s+/g, "") ?? null };
    }
    case "text":
    case "longText":
    case "program":
    case "institution":
    case "costCategory":
      return parseText(value, field.max ?? 200);
    case "won": return parseWon(value);
    case "month": return parseMonth(value);
    case "partialDate": return parsePartialDate(value);
    case "integer": return parseInteger(value, field.min ?? 0, field.max ?? 1_000_000);
    case "decimal": return parseDecimal(value);
    case "boolean": return parseBoolean(value);
    case "enum": {
      const text = cleanText(value);
      if (text === null) return { ok: true, value: null };
      const code = enumLookup(field.enumOf!).get(labelKey(text));
      return code ? { ok: true, value: code } : { ok: false, error: "enumInvalid", params: { value: text } };
    }
  }
}

/**
 * Shares equal values among a file's rows: a large file repeats its project keys (every milestone
 * row names its project), units, institution names and dates, and the parsed rows are held until
 * their project is planned. Only short strings, dates and partial dates are shared (they are never
 * mutated), and at most a bounded number of distinct values.
 */
function valueSharer(limit = 200_000): (value: unknown) => unknown {
  const shared = new Map<string, unknown>();
  return (value) => {
    let key: string;
    if (typeof value === "string") {
      if (value.length > 64) return value;
      key = `s${value}`;
    } else if (value instanceof Date) {
      key = `d${value.getTime()}`;
    } else if (value !== null && typeof value === "object" && (value as PartialDate).date instanceof Date && Object.keys(value).length === 2) {
      key = `p${(value as PartialDate).date.getTime()}:${(value as PartialDate).precision}`;
    } else {
      return value;
    }
    const found = shared.get(key);
    if (found !== undefined) return found;
    if (shared.size < limit) shared.set(key, value);
    return value;
  };
}

export type ParseOptions = { mapping?: ColumnMapping; onRow?: (count: number) => void; signal?: AbortSignal };

/** Reads and parses a whole file into the import model (rows are kept; the workbook is not). */
export async function parseImportFile(fileName: string, data: Buffer, options: ParseOptions = {}): Promise<ImportModel> {
  const model: ImportModel = {
    rows: { projects: [], subProjects: [], consortium: [], funding: [], researchers: [], milestones: [], spending: [] },
    kinds: new Set(), errors: [], ignoredSheets: [], ignoredColumns: {}, rowCount: 0, sheets: [],
  };
  const share = valueSharer();
  let current: { kind: SheetKind; sheet: string; columns: (FieldSpec | null)[]; headers: string[]; names: Record<string, string> } | null = null;
  for await (const event of readSheets(fileName, data)) {
    if (event.type === "sheet") {
      const kind = kindOfSheetName(event.name) ?? guessKind(event.headers, options.mapping);
      if (model.sheets.length < 50) model.sheets.push({ name: event.name.slice(0, 100), kind, headers: event.headers.slice(0, 200).map((h) => h.slice(0, 100)) });
      if (!kind) {
        current = null;
        model.ignoredSheets.push(event.name);
        continue;
      }
      const spec = SHEET_BY_KIND[kind];
      const { columns, missing } = resolveHeaders(spec, event.headers, options.mapping?.[kind]);
      model.kinds.add(kind);
      const ignored = event.headers.filter((h, i) => h && !columns[i]);
      if (ignored.length) model.ignoredColumns[kind] = ignored;
      for (const field of missing) model.errors.push({ sheet: event.name, row: 1, column: field.header, code: "columnMissing", params: { column: field.header } });
      // The file's header of each field, shared by the sheet's rows (for their error messages).
      const names: Record<string, string> = {};
      columns.forEach((field, i) => { if (field) names[field.field] = event.headers[i] || field.header; });
      current = missing.length ? null : { kind, sheet: event.name, columns, headers: event.headers, names };
      continue;
    }
    if (!current) continue;
    if (options.signal?.aborted) throw new Error("aborted");
    model.rowCount++;
    if (model.rowCount % 5000 === 0) options.onRow?.(model.rowCount);
    const values: Record<string, unknown> = {};
    const columnNames = current.names;
    let rowOk = true;
    const spec = SHEET_BY_KIND[current.kind];
    current.columns.forEach((field, i) => {
      if (!field) return;
      const parsed = parseCell(field, event.values[i] ?? null);
      if (!parsed.ok) {
        rowOk = false;
        model.errors.push({ sheet: current!.sheet, row: event.row, column: current!.headers[i] ?? field.header, code: parsed.error, params: parsed.params });
        return;
      }
      values[field.field] = share(parsed.value);
    });
    for (const field of spec.fields) {
      if (field.required && rowOk && (values[field.field] === null || values[field.field] === undefined)) {
        rowOk = false;
        model.errors.push({ sheet: current.sheet, row: event.row, column: columnNames[field.field] ?? field.header, code: "required" });
      }
    }
    if (!rowOk) continue;
    model.rows[current.kind].push({ ref: { sheet: current.sheet, row: event.row }, projectKey: values.projectKey as string, values, columns: columnNames });
  }
  return model;
}
