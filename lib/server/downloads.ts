import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { publishedProjectBatches } from "@/lib/data/open-data";
import type { PublicProject } from "@/lib/data/public-projects";
import { csvLine, detailSheets, headerRow, projectSheet, sheetTitle, type Cell, type Sheet } from "@/lib/open-data/export-rows";
import { projectRecord } from "@/lib/open-data/serialize";
import { packageHead, toGrant } from "@/lib/open-data/three-sixty-giving";
import type { PortfolioQuery } from "@/lib/validations/portfolio-query";

// Downloads of a whole search, streamed in constant memory: the projects are read in keyset
// batches (lib/data/open-data.ts) and each batch is written out before the next one is read, so
// the first bytes leave at once and 100k projects never sit in memory together.

type Locale = "ko" | "en";
const encoder = new TextEncoder();

/** Where a download reads its projects from: keyset batches of the search (tests count the batches read). */
export type BatchSource = (query: PortfolioQuery, locale: Locale) => AsyncGenerator<PublicProject[]>;
const fromDatabase: BatchSource = (query, locale) => publishedProjectBatches(query, locale);

/** A pull-based stream: each pull produces the next chunk, so a slow client slows the reading down. */
function pullStream(first: string, chunks: AsyncGenerator<string>, last: string): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(first));
    },
    async pull(controller) {
      if (done) return;
      const next = await chunks.next();
      if (next.done) {
        done = true;
        if (last) controller.enqueue(encoder.encode(last));
        controller.close();
      } else if (next.value) {
        controller.enqueue(encoder.encode(next.value));
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export function csvDownload(query: PortfolioQuery, locale: Locale, origin: string, source: BatchSource = fromDatabase): ReadableStream<Uint8Array> {
  const sheet = projectSheet(locale, origin);
  async function* body() {
    for await (const batch of source(query, locale)) {
      yield batch.map((p) => sheet.rows(p).map(csvLine).join("")).join("");
    }
  }
  // The byte-order mark makes Excel (Korean Windows included) read the file as UTF-8.
  return pullStream(`\uFEFF${csvLine(headerRow(locale, sheet))}`, body(), "");
}

export function jsonDownload(query: PortfolioQuery, locale: Locale): ReadableStream<Uint8Array> {
  async function* body() {
    let first = true;
    for await (const batch of publishedProjectBatches(query, locale)) {
      const text = batch.map((p) => JSON.stringify(projectRecord(p))).join(",\n");
      yield first ? text : `,\n${text}`;
      first = false;
    }
  }
  return pullStream("[\n", body(), "\n]\n");
}

function xlsxCell(value: Cell): ExcelJS.CellValue {
  if (typeof value === "bigint") return Number(value); // won: exact, far below 2^53
  return value;
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: Sheet, locale: Locale, batches: AsyncIterable<PublicProject[]>, out: PassThrough) {
  const header = headerRow(locale, sheet);
  const worksheet = workbook.addWorksheet(sheetTitle(locale, sheet), { views: [{ state: "frozen", ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((c, i) => ({ key: String(i), width: c.width ?? 16, style: c.won ? { numFmt: "#,##0" } : {} }));
  // A header the user can filter on, over every column.
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  const headerRowRef = worksheet.addRow(header);
  headerRowRef.font = { bold: true };
  headerRowRef.commit();
  for await (const batch of batches) {
    for (const project of batch) {
      for (const row of sheet.rows(project)) worksheet.addRow(row.map(xlsxCell)).commit();
    }
    // Back-pressure: wait while the client has not taken what is already zipped.
    while (out.readableLength > 4 * 1024 * 1024 && !out.destroyed) await new Promise((r) => setTimeout(r, 10));
    if (out.destroyed) throw new Error("download cancelled");
  }
  worksheet.commit();
}

export function xlsxDownload(query: PortfolioQuery, locale: Locale, origin: string, source: BatchSource = fromDatabase): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "KEIT R&D portfolio";
  (async () => {
    // One sheet at a time (the zip takes its entries in order): the projects, then one pass each
    // for the consortium, funding and milestone sheets.
    for (const sheet of [projectSheet(locale, origin), ...detailSheets(locale)]) {
      await writeSheet(workbook, sheet, locale, source(query, locale), out);
    }
    await workbook.commit();
  })().catch((error: unknown) => {
    if (!out.destroyed) out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

/** The published portfolio as a 360Giving data package, streamed grant by grant. */
export function threeSixtyGivingDownload(locale: Locale, origin: string, now = new Date()): ReadableStream<Uint8Array> {
  const query: PortfolioQuery = { q: "", program: [], area: [], status: [], year: [], instType: [], sort: "start", dir: "desc", page: 1 };
  const head = JSON.stringify(packageHead(locale, origin, now));
  async function* body() {
    let first = true;
    for await (const batch of publishedProjectBatches(query, locale)) {
      const grants = batch.flatMap((p) => {
        const grant = toGrant(p, locale, origin);
        return grant ? [JSON.stringify(grant)] : [];
      });
      if (grants.length === 0) continue;
      yield `${first ? "\n" : ",\n"}${grants.join(",\n")}`;
      first = false;
    }
  }
  return pullStream(`${head.slice(0, -1)},"grants":[`, body(), "\n]}\n");
}
