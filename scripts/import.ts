// `npm run import -- <file> [--dry-run] [--json] [--as <email>] [--publish] [--mapping <name>]`
// `npm run import -- --template <path.xlsx>`
// Imports a file on the same engine as the workspace page (lib/data/imports.ts, import-runs.ts), in this process:
// the dry run, then (without --dry-run) the apply in one transaction. Exit code 0: the file is
// valid (and applied); 1: it has errors (nothing applied); 2: usage error. Without DATABASE_URL it
// works on the embedded database, reusing the server `npm start` runs.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { importErrorMessage, type ImportLocale } from "@/lib/import/messages";
import type { RowError } from "@/lib/import/parse";
import { templateWorkbook } from "@/lib/import/template-file";

const USAGE = `Usage:
  npm run import -- <file.xlsx|file.csv> [--dry-run] [--json] [--as <email>] [--publish] [--mapping <name>]
  npm run import -- --template <path.xlsx>`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        "dry-run": { type: "boolean" }, json: { type: "boolean" }, as: { type: "string" }, publish: { type: "boolean" },
        mapping: { type: "string" }, template: { type: "string" }, help: { type: "boolean" },
      },
    });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.template !== undefined) {
    if (positionals.length) usage("--template takes no input file.");
    if (!/\.xlsx$/i.test(values.template)) usage("The template path must end in .xlsx.");
    await writeFile(values.template, await templateWorkbook());
    console.log(`Wrote the import template to ${values.template}`);
    return 0;
  }
  if (positionals.length !== 1) usage(positionals.length ? "Give one file." : "Give the file to import.");
  const file = positionals[0]!;
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    usage(`Cannot read ${file}.`);
  }
  const locale: ImportLocale = /^en/i.test(process.env.LC_ALL || process.env.LANG || "") ? "en" : "ko";

  const { toolDatabase } = await import("./database");
  const database = await toolDatabase((line) => { if (!values.json) console.error(`[import] ${line}`); });
  const { db, withDatabase } = await import("@/lib/db");
  const imports = await import("@/lib/data/imports");
  const runs = await import("@/lib/data/import-runs");
  const { AppError } = await import("@/lib/errors");
  try {
    // db() below is a client for database.url, closed when the import is done.
    return await withDatabase(database.url, async () => {
      const user = values.as
        ? await db().user.findUnique({ where: { email: values.as.trim().toLowerCase() }, select: { id: true } })
        : await db().user.findFirst({ where: { role: "ADMIN", isDisabled: false }, orderBy: { id: "asc" }, select: { id: true } });
      if (!user) usage(values.as ? `No user ${values.as}.` : "No administrator exists; name the user with --as <email>.");
      const full = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { id: true, email: true, name: true, role: true, isDisabled: true, managesUnassignedProjects: true, programs: { select: { programId: true } } } });
      if (full.isDisabled) usage(`The user ${full.email} is disabled.`);
      const actor = { id: full.id, email: full.email, name: full.name, role: full.role, programIds: full.programs.map((p) => p.programId), managesUnassignedProjects: full.managesUnassignedProjects, ip: null };

      let id: number;
      try {
        ({ id } = await imports.createImportRecord(actor, { fileName: path.basename(file), data, publish: values.publish ?? false, mappingName: values.mapping ?? null }));
      } catch (error) {
        if (error instanceof AppError) {
          const field = (error.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
          const key = field ? Object.values(field)[0]?.[0] : undefined;
          if (key === "mappingUnknown") usage(`No saved column mapping named ${values.mapping}.`);
          if (key === "fileTooLarge") return report({ created: 0, updated: 0, unchanged: 0, errors: [{ sheet: "", row: 0, column: "", code: "fileTooLarge", params: { maxMb: imports.maxUploadBytes() / 1024 / 1024 } }] });
          if (key === "fileEmpty") return report({ created: 0, updated: 0, unchanged: 0, errors: [{ sheet: "", row: 0, column: "", code: "fileEmpty" }] });
          usage(`${full.email} may not import (${error.code}).`);
        }
        throw error;
      }
      const started = Date.now();
      const dry = await runs.runDryRun(id);
      if (dry.errors.length || values["dry-run"]) return report(dry, values["dry-run"] ? "dry run" : undefined, started);
      await db().importRecord.update({ where: { id }, data: { status: "APPLY_QUEUED" } });
      const applied = await runs.runApply(id);
      if (applied.status !== "APPLIED" && applied.errors.length === 0) {
        const { failure } = await db().importRecord.findUniqueOrThrow({ where: { id }, select: { failure: true } });
        applied.errors.push({ sheet: "", row: 0, column: "", code: "applyFailed", params: { reason: failure ?? applied.status } });
      }
      return report(applied, applied.status === "APPLIED" ? "applied" : undefined, started);
    });
  } finally {
    await database.stop();
  }

  function report(result: { created: number; updated: number; unchanged: number; errors: RowError[]; spending?: { created: number; updated: number; unchanged: number } }, what?: string, started?: number): number {
    const errors = result.errors.map((e) => ({ sheet: e.sheet, row: e.row, column: e.column, message: importErrorMessage(e.code, e.params, locale) }));
    const spending = result.spending && result.spending.created + result.spending.updated + result.spending.unchanged > 0 ? result.spending : undefined;
    if (values.json) {
      console.log(JSON.stringify({ created: result.created, updated: result.updated, unchanged: result.unchanged, ...(spending ? { spending } : {}), errors }));
    } else {
      for (const e of errors) console.log(`${e.sheet || "-"}\t${e.row || "-"}\t${e.column || "-"}\t${e.message}`);
      const seconds = started ? ` in ${((Date.now() - started) / 1000).toFixed(1)} s` : "";
      console.log(errors.length
        ? `${errors.length} error(s): nothing was applied.`
        : `${what ?? "done"}${seconds}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}.${spending ? ` Spending rows: created ${spending.created}, updated ${spending.updated}, unchanged ${spending.unchanged}.` : ""}`);
    }
    return errors.length ? 1 : 0;
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`[import] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
