// The uploaded file handed back with an error column: every row error, in the user's language, on
// the row it belongs to (XLSX: a column after the last one of each sheet; CSV: a last column).
// File-level errors (a missing column) go on the header row.
import { parse as parseCsvSync } from "csv-parse/sync";
import ExcelJS from "./excel";
import { importErrorMessage, type ImportLocale } from "./messages";
import type { RowError } from "./parse";
import { decodeCsv, detectFormat } from "./read";

const HEADER: Record<ImportLocale, string> = { ko: "오류", en: "Errors" };

function bySheetRow(errors: RowError[], locale: ImportLocale): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  for (const e of errors) {
    const rows = out.get(e.sheet) ?? new Map<number, string>();
    const text = `${e.column ? `[${e.column}] ` : ""}${importErrorMessage(e.code, e.params, locale)}`;
    rows.set(Math.max(e.row, 1), rows.has(Math.max(e.row, 1)) ? `${rows.get(Math.max(e.row, 1))}; ${text}` : text);
    out.set(e.sheet, rows);
  }
  return out;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function withErrorColumn(fileName: string, data: Buffer, errors: RowError[], locale: ImportLocale): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  const messages = bySheetRow(errors, locale);
  const base = fileName.replace(/\.[^.]+$/, "");
  let format: "xlsx" | "csv";
  try {
    format = detectFormat(fileName, data);
  } catch {
    format = "csv";
  }
  if (format === "xlsx") {
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      workbook.eachSheet((sheet) => {
        const rows = messages.get(sheet.name);
        const column = sheet.columnCount + 1;
        sheet.getRow(1).getCell(column).value = HEADER[locale];
        for (const [row, text] of rows ?? []) if (row > 1) sheet.getRow(row).getCell(column).value = text;
      });
      return { fileName: `${base}-${HEADER[locale]}.xlsx`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data: Buffer.from(await workbook.xlsx.writeBuffer()) };
    } catch {
      // An unreadable workbook: the errors alone, as CSV.
    }
  }
  let records: string[][] = [];
  try {
    records = parseCsvSync(decodeCsv(data).text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch {
    records = [];
  }
  const rows = messages.get(fileName) ?? new Map<number, string>();
  const lines: string[] = [];
  if (records.length === 0) {
    lines.push([HEADER[locale]].join(","));
    for (const e of errors) lines.push(csvField(importErrorMessage(e.code, e.params, locale)));
  } else {
    records.forEach((record, i) => {
      const extra = i === 0 ? HEADER[locale] : rows.get(i + 1) ?? "";
      lines.push([...record, extra].map(csvField).join(","));
    });
    const fileLevel = errors.filter((e) => e.row <= 1);
    if (fileLevel.length && !records.length) lines.push(csvField(fileLevel.map((e) => importErrorMessage(e.code, e.params, locale)).join("; ")));
  }
  // With a BOM, so that Korean Excel opens the UTF-8 file with its Hangul intact.
  return { fileName: `${base}-${HEADER[locale]}.csv`, contentType: "text/csv; charset=utf-8", data: Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`, "utf8") };
}
