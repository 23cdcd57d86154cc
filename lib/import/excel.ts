// exceljs, with two faults of its streaming reader fixed. Before exceljs is loaded, fixed versions
// of two of its modules are put in Node's module cache; every module of ours imports exceljs
// through this file so the fixes come first.
// 1. Hangul: exceljs 4.4 decodes each zip chunk of a sheet on its own (lib/utils/parse-sax.js), so
//    a three-byte Hangul character split between two chunks comes out as U+FFFD ("수�� 중").
//    The fixed parse-sax decodes the chunks as one UTF-8 stream.
// 2. Lost entries: its iterate-stream.js reads streams in flowing mode ('data' events) and pauses
//    them by hand, so a zip entry's data that arrives before anyone listens is lost now and then:
//    workbook.xml read as empty ("Cannot read properties of undefined (reading 'sheets')", i.e. a
//    valid workbook reported as damaged) or a sheet missing rows, depending on timing (about one
//    read in fifteen of the same bytes here; this was the "flaky" import test). The fixed version
//    reads through the stream's own async iterator, which keeps backpressure and loses nothing.
import Module, { createRequire } from "node:module";
import { PassThrough, type Readable } from "node:stream";
import { SaxesParser } from "saxes";

type SaxEvent = { eventType: "opentag" | "text" | "closetag"; value: unknown };

/**
 * A copy of a text that does not hold on to the chunk it was cut from. V8 keeps a substring of 13
 * or more characters as a slice of its parent string, so every cell value kept from a sheet kept
 * its whole decoded chunk (64 KB) alive: 1.1 KB per imported row, gigabytes for a large file.
 * Concatenation flattens into a new string of the text's own size; slicing that is cheap.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1);
}

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder("utf-8");
  let error: Error | undefined;
  parser.on("error", (e) => { error = e; });
  let events: SaxEvent[] = [];
  parser.on("opentag", (value) => events.push({ eventType: "opentag", value }));
  parser.on("text", (value) => events.push({ eventType: "text", value: detached(value) }));
  parser.on("closetag", (value) => events.push({ eventType: "closetag", value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

async function* iterateStream(stream: Readable): AsyncGenerator<unknown> {
  // Paused mode: read() what is buffered, wait for 'readable' when nothing is. Nothing is read
  // before it is asked for, and the stream is never destroyed under exceljs (unzipper waits for
  // each entry to end before it parses the next).
  const source: Readable = typeof stream.read === "function" ? stream : (stream as NodeJS.ReadableStream).pipe(new PassThrough());
  let ended = false;
  let error: unknown = null;
  source.on("end", () => { ended = true; });
  source.on("error", (e) => { error = e; });
  for (;;) {
    let chunk: unknown;
    while ((chunk = source.read()) !== null) yield chunk;
    if (error) throw error;
    if (ended || source.readableEnded) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        source.off("readable", done);
        source.off("end", done);
        source.off("error", done);
        resolve();
      };
      source.on("readable", done);
      source.on("end", done);
      source.on("error", done);
    });
  }
}

const require = createRequire(import.meta.url);
function replaceModule(id: string, exports: (...args: never[]) => unknown) {
  const target = require.resolve(id);
  const loaded = require.cache[target];
  if (loaded && loaded.exports !== exports && !(loaded.exports as { keitFixed?: boolean }).keitFixed) {
    console.warn(`[import] exceljs was loaded before lib/import/excel.ts: ${id} is not fixed. Import exceljs through lib/import/excel.ts.`);
  }
  if (!loaded) {
    const fixed = new Module(target);
    fixed.filename = target;
    fixed.loaded = true;
    fixed.exports = Object.assign(exports, { keitFixed: true });
    require.cache[target] = fixed;
  }
}
try {
  replaceModule("exceljs/lib/utils/parse-sax.js", parseSax);
  replaceModule("exceljs/lib/utils/iterate-stream.js", iterateStream);
} catch {
  // A bundler without Node's module cache (the web server, which only writes workbooks and reads
  // whole ones): nothing to fix there.
}

const ExcelJS = require("exceljs") as typeof import("exceljs");
export default ExcelJS;
