// exceljs, with its streaming reader fixed for Hangul: exceljs 4.4 decodes each zip chunk of a
// sheet on its own (lib/utils/parse-sax.js), so a three-byte Hangul character split between two
// chunks comes out as U+FFFD ("수�� 중"). Before exceljs is loaded, its parse-sax module is put in
// Node's module cache in a version that decodes the chunks as one UTF-8 stream. Every module of
// ours imports exceljs through this file so the fix comes first.
import Module, { createRequire } from "node:module";
import { SaxesParser } from "saxes";

type SaxEvent = { eventType: "opentag" | "text" | "closetag"; value: unknown };

async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new TextDecoder("utf-8");
  let error: Error | undefined;
  parser.on("error", (e) => { error = e; });
  let events: SaxEvent[] = [];
  parser.on("opentag", (value) => events.push({ eventType: "opentag", value }));
  parser.on("text", (value) => events.push({ eventType: "text", value }));
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

const require = createRequire(import.meta.url);
try {
  const target = require.resolve("exceljs/lib/utils/parse-sax.js");
  const loaded = require.cache[target];
  if (loaded && loaded.exports !== parseSax && !(loaded.exports as { keitUtf8?: boolean }).keitUtf8) {
    console.warn("[import] exceljs was loaded before lib/import/excel.ts: Hangul split across chunks may be garbled. Import exceljs through lib/import/excel.ts.");
  }
  if (!loaded) {
    const fixed = new Module(target);
    fixed.filename = target;
    fixed.loaded = true;
    fixed.exports = Object.assign(parseSax, { keitUtf8: true });
    require.cache[target] = fixed;
  }
} catch {
  // A bundler without Node's module cache (the web server, which only writes workbooks and reads
  // whole ones): nothing to fix there.
}

const ExcelJS = require("exceljs") as typeof import("exceljs");
export default ExcelJS;
