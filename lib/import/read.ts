// Reads an uploaded file as sheets of rows without holding the workbook in memory: XLSX through
// exceljs' streaming WorkbookReader, CSV through csv-parse, after checks that refuse a zip bomb,
// a binary file and oversized cells with a clear error instead of a crash.
import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import ExcelJS from "./excel";
import iconv from "iconv-lite";
import type { CellValue } from "./values";

/** Excel's own limit on a cell; anything longer is not a spreadsheet cell a person wrote. */
export const MAX_CELL_CHARS = 32_767;
/** Uncompressed size a workbook may unpack to, and the compression ratio above which it is a bomb. */
const MAX_UNPACKED_BYTES = 2 * 1024 ** 3;
const MAX_RATIO = 200;

export class FileError extends Error {
  constructor(readonly code: string, readonly params: Record<string, string | number> = {}) {
    super(code);
    this.name = "FileError";
  }
}

export type SheetEvent =
  | { type: "sheet"; name: string; headers: string[] }
  | { type: "row"; row: number; values: CellValue[] };

export type FileFormat = "xlsx" | "csv";

export function detectFormat(fileName: string, data: Buffer): FileFormat {
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) return "xlsx"; // "PK\x03\x04"
  if (/\.xlsx?$/i.test(fileName)) {
    if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0) throw new FileError("fileLegacyXls");
    throw new FileError("fileMalformedWorkbook");
  }
  return "csv";
}

/**
 * Sums the uncompressed sizes the zip's central directory declares, before anything is inflated:
 * a zip bomb (a few KB that unpack to gigabytes) is refused here.
 */
export function checkZip(data: Buffer): void {
  const minEocd = 22;
  let eocd = -1;
  for (let i = data.length - minEocd; i >= Math.max(0, data.length - minEocd - 65_535); i--) {
    if (data.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new FileError("fileMalformedWorkbook");
  const entries = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > data.length || data.readUInt32LE(offset) !== 0x02014b50) throw new FileError("fileMalformedWorkbook");
    const compressed = data.readUInt32LE(offset + 20);
    const uncompressed = data.readUInt32LE(offset + 24);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) throw new FileError("fileZipBomb"); // zip64: > 4 GB
    total += uncompressed;
    if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > MAX_RATIO) throw new FileError("fileZipBomb");
    if (total > MAX_UNPACKED_BYTES) throw new FileError("fileZipBomb");
    offset += 46 + data.readUInt16LE(offset + 28) + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32);
  }
}

type ExcelValue = import("exceljs").CellValue;

function cellValue(value: ExcelValue, where: { sheet: string; row: number }): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") {
    if (value.length > MAX_CELL_CHARS) throw new FileError("fileCellTooLong", { sheet: where.sheet, row: where.row, max: MAX_CELL_CHARS });
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    if ("result" in value || "formula" in value || "sharedFormula" in value) {
      // Formulas are read by the value Excel saved with them.
      const result = (value as { result?: ExcelValue }).result;
      if (result && typeof result === "object" && "error" in result) return `#ERROR ${String((result as { error: string }).error)}`;
      return result === undefined ? null : cellValue(result, where);
    }
    if ("richText" in value) return cellValue(value.richText.map((r: { text: string }) => r.text).join(""), where);
    if ("text" in value) return cellValue(String((value as { text: unknown }).text), where);
    if ("error" in value) return `#ERROR ${String(value.error)}`;
  }
  return String(value as unknown);
}

async function* readXlsx(data: Buffer): AsyncGenerator<SheetEvent> {
  checkZip(data);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), {
    entries: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit",
  });
  try {
    for await (const sheet of reader) {
      const name = String((sheet as unknown as { name: string }).name);
      let headers: string[] | null = null;
      for await (const row of sheet) {
        const raw = row.values as ExcelValue[];
        const values: CellValue[] = [];
        for (let i = 1; i < raw.length; i++) values.push(cellValue(raw[i] ?? null, { sheet: name, row: row.number }));
        if (headers === null) {
          if (values.every((v) => v === null)) continue;
          headers = values.map((v) => (v === null ? "" : String(v).normalize("NFC").trim()));
          yield { type: "sheet", name, headers };
          continue;
        }
        if (values.every((v) => v === null || v === "")) continue;
        yield { type: "row", row: row.number, values };
      }
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError("fileMalformedWorkbook");
  }
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise CP949 / EUC-KR (Korean Excel's CSV). */
export function decodeCsv(data: Buffer): { text: string; encoding: "utf-8" | "cp949" } {
  let bytes = data;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  // A NUL byte never occurs in text in either encoding: this is a binary file or carries a blob.
  if (bytes.includes(0)) throw new FileError("fileBinary");
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    const text = iconv.decode(bytes, "cp949");
    // Bytes that are neither UTF-8 nor CP949 decode to U+FFFD: not a Korean text file.
    const replaced = (text.match(/\uFFFD/g) ?? []).length;
    if (replaced > 0) throw new FileError("fileEncoding");
    return { text, encoding: "cp949" };
  }
}

async function* readCsv(fileName: string, data: Buffer): AsyncGenerator<SheetEvent> {
  const { text } = decodeCsv(data);
  const delimiter = /\.tsv$/i.test(fileName) || (!text.slice(0, 2000).includes(",") && text.slice(0, 2000).includes("\t")) ? "\t" : ",";
  const parser = Readable.from([text]).pipe(parseCsv({
    delimiter, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_CELL_CHARS * 8, bom: true,
  }));
  let headers: string[] | null = null;
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (record.some((cell) => cell.length > MAX_CELL_CHARS)) throw new FileError("fileCellTooLong", { sheet: fileName, row: line, max: MAX_CELL_CHARS });
      if (/[\u0001-\u0008\u000e-\u001f]/.test(record.join(""))) throw new FileError("fileBinary");
      if (headers === null) {
        headers = record.map((h) => h.normalize("NFC").trim());
        yield { type: "sheet", name: fileName, headers };
        continue;
      }
      if (record.every((c) => c.trim() === "")) continue;
      yield { type: "row", row: line, values: record.map((c) => (c.trim() === "" ? null : c)) };
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "CSV_MAX_RECORD_SIZE") throw new FileError("fileCellTooLong", { sheet: fileName, row: line + 1, max: MAX_CELL_CHARS });
    throw new FileError("fileMalformedCsv", { row: line + 1 });
  }
}

export function readSheets(fileName: string, data: Buffer): AsyncGenerator<SheetEvent> {
  return detectFormat(fileName, data) === "xlsx" ? readXlsx(data) : readCsv(fileName, data);
}
