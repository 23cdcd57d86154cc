import "server-only";
import { db } from "@/lib/db";
import { planImport, type ImportPlan } from "@/lib/data/import-engine";
import { applyWriter } from "@/lib/data/import-apply";
import type { ImportReport, SpendingCounts } from "@/lib/data/imports";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { importErrorMessage } from "@/lib/import/messages";
import { parseImportFile, type RowError } from "@/lib/import/parse";
import { FileError } from "@/lib/import/read";
import type { ColumnMapping } from "@/lib/import/template";
import type { Actor } from "@/lib/permissions";

// The two steps of an import (docs/decisions/0014-import.md), run by the worker (lib/jobs/import.ts)
// or directly by the CLI (scripts/import.ts): the dry run parses the stored file, compares it with
// the database and records the report; the apply does it again in ONE transaction that also writes
// the audit rows and the record's counts, after checking that no project was edited since the dry
// run. No actor is passed in: the import acts as the user who uploaded it, with their programs as
// they are now. The requests that queue these steps, and the reads, are in lib/data/imports.ts.

/** What an import's report keeps (the errors file and the audit rows have everything). */
const REPORT_ERRORS = 1_000;
const REPORT_CHANGES = 500;

const spendingCounts = (plan: ImportPlan): SpendingCounts => ({ created: plan.spending.created, updated: plan.spending.updated, unchanged: plan.spending.unchanged });

function fileErrorRow(error: FileError): RowError {
  return { sheet: "", row: 0, column: "", code: error.code, params: error.params };
}

function summarizeChange(c: { field: string; before: unknown; after: unknown }) {
  // Rows of a kind are shown as counts in the report (the audit rows keep them in full).
  if (Array.isArray(c.before) || Array.isArray(c.after)) return { field: c.field, before: (c.before as unknown[]).length, after: (c.after as unknown[]).length };
  return c;
}

function reportOf(plan: ImportPlan, model: { ignoredSheets: string[]; ignoredColumns: Partial<Record<string, string[]>>; rowCount: number; sheets: ImportReport["sheets"] }): ImportReport {
  const changed = plan.projects.filter((p) => !p.existing || p.changes.length);
  return {
    errors: plan.errors.slice(0, REPORT_ERRORS),
    errorTotal: plan.errors.length,
    changes: changed.slice(0, REPORT_CHANGES).map((p) => ({
      key: p.key, title: p.after.fields.titleKo, projectId: p.existing?.id ?? null, action: p.existing ? "update" : "create",
      changes: p.existing ? p.changes.map(summarizeChange) : [],
    })),
    changeTotal: changed.length,
    newFlags: plan.projects.filter((p) => p.newFlags.length).slice(0, REPORT_CHANGES).map((p) => ({ key: p.key, flags: p.newFlags })),
    versions: Object.fromEntries([
      ...plan.projects.filter((p) => p.existing).map((p) => [String(p.existing!.id), p.existing!.version] as const),
      ...[...plan.spending.versions].map(([id, seen]) => [String(id), seen.version] as const),
    ]),
    creates: plan.projects.filter((p) => !p.existing).map((p) => p.key),
    ignoredSheets: model.ignoredSheets,
    ignoredColumns: model.ignoredColumns,
    rowCount: model.rowCount,
    spending: spendingCounts(plan),
    sheets: model.sheets,
  };
}

/** The user an import acts as, with their programs as they are now. */
async function actorOf(userId: number): Promise<Actor> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, isDisabled: true, managesUnassignedProjects: true, programs: { select: { programId: true } } } });
  if (!user || user.isDisabled) throw new AppError("FORBIDDEN");
  return { id: user.id, email: user.email, name: user.name, role: user.role, programIds: user.programs.map((p) => p.programId), managesUnassignedProjects: user.managesUnassignedProjects, ip: null };
}

function progressWriter(id: number) {
  let last = 0;
  return (done: number, total: number, force = false) => {
    const now = Date.now();
    if (!force && now - last < 1_000) return;
    last = now;
    // select: an update returns the whole record by default, the uploaded file (tens of MB) with it.
    void db().importRecord.update({ where: { id }, data: { progressDone: done, progressTotal: total, progressAt: new Date() }, select: { id: true } }).catch(() => undefined);
  };
}

async function loadForRun(id: number) {
  const record = await db().importRecord.findUnique({ where: { id } });
  if (!record) throw new Error(`Import ${id} does not exist.`);
  return record;
}

export type DryRunResult = { status: "READY" | "INVALID" | "CANCELLED"; created: number; updated: number; unchanged: number; errors: RowError[]; spending?: SpendingCounts };

/** The dry run: parse, compare, record the report. Writes nothing but the import record. */
export async function runDryRun(id: number, signal?: AbortSignal): Promise<DryRunResult> {
  const claimed = await db().importRecord.updateMany({ where: { id, status: "QUEUED" }, data: { status: "DRY_RUNNING", progressDone: 0, progressTotal: 0, progressAt: new Date() } });
  if (claimed.count === 0) return { status: "CANCELLED", created: 0, updated: 0, unchanged: 0, errors: [] };
  const record = await loadForRun(id);
  const progress = progressWriter(id);
  const data = Buffer.from(record.fileData);
  let report: ImportReport;
  let counts = { created: 0, updated: 0, unchanged: 0 };
  let allErrors: RowError[];
  try {
    const who = await actorOf(record.actorId);
    const model = await parseImportFile(record.fileName, data, { mapping: (record.mapping ?? undefined) as ColumnMapping | undefined, signal, onRow: (n) => progress(n, 0) });
    if (model.kinds.size === 0 && model.errors.length === 0) model.errors.push({ sheet: "", row: 0, column: "", code: "fileNoSheets" });
    // onBatch: the plan keeps no rows of the projects it has compared (the report needs none).
    const plan = await planImport(db(), who, model, { publish: record.publish, onProgress: (d, t) => progress(d, t), onBatch: () => undefined });
    report = reportOf(plan, model);
    counts = { created: plan.created, updated: plan.updated, unchanged: plan.unchanged };
    allErrors = plan.errors;
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    allErrors = [fileErrorRow(error)];
    report = { errors: allErrors, errorTotal: 1, changes: [], changeTotal: 0, newFlags: [], versions: {}, creates: [], ignoredSheets: [], ignoredColumns: {}, rowCount: 0 };
  }
  const status = allErrors.length ? "INVALID" : "READY";
  const done = await db().importRecord.updateMany({
    where: { id, status: "DRY_RUNNING" },
    data: { status, ...counts, errorCount: allErrors.length, report: report as unknown as Prisma.InputJsonValue, progressAt: new Date() },
  });
  return { status: done.count ? status : "CANCELLED", ...counts, errors: allErrors, spending: report.spending };
}

export type ApplyResult = { status: "APPLIED" | "FAILED" | "CANCELLED"; created: number; updated: number; unchanged: number; errors: RowError[]; spending?: SpendingCounts };

/** First key of pg_advisory_xact_lock(int, int) for imports: the second is the import's id. */
const IMPORT_LOCK_CLASS = 7007;

class ApplyCancelled extends Error {
  constructor() {
    super("cancelled");
  }
}

class ApplyRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super("refused");
  }
}

/**
 * The apply: parse again, lock the projects the dry run saw, refuse those edited since, then write
 * everything, the audit rows and the record's counts in ONE transaction. A failure (or a killed
 * worker) rolls all of it back.
 */
export async function runApply(id: number, signal?: AbortSignal): Promise<ApplyResult> {
  const claimed = await db().importRecord.updateMany({
    where: { id, status: { in: ["APPLY_QUEUED", "APPLYING"] } },
    data: { status: "APPLYING", progressDone: 0, progressTotal: 0, progressAt: new Date(), failure: null },
  });
  if (claimed.count === 0) return { status: "CANCELLED", created: 0, updated: 0, unchanged: 0, errors: [] };
  const record = await loadForRun(id);
  const dryRun = record.report as unknown as ImportReport;
  const progress = progressWriter(id);
  const who = await actorOf(record.actorId);
  try {
    const model = await parseImportFile(record.fileName, Buffer.from(record.fileData), { mapping: (record.mapping ?? undefined) as ColumnMapping | undefined, signal, onRow: (n) => progress(n, 0) });
    const result = await db().$transaction(async (tx) => {
      // Two workers never apply one import (a transaction-scoped advisory lock per import), and a
      // cancel that came first wins. The record's row is not locked until the end, so the
      // progress of a long apply stays visible to the page meanwhile.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_CLASS}::int, ${id}::int)`;
      const [current0] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text FROM import_record WHERE id = ${id}`;
      if (current0?.status !== "APPLYING") return null;
      // Lock the projects the dry run saw, then compare their versions with the dry run's.
      const seenIds = Object.keys(dryRun.versions).map(Number);
      const current = new Map<number, number>();
      for (let i = 0; i < seenIds.length; i += 5_000) {
        const rows = await tx.$queryRaw<{ id: number; version: number }[]>`SELECT id, version FROM project WHERE id = ANY(${seenIds.slice(i, i + 5_000)}::int[]) ORDER BY id FOR UPDATE`;
        for (const r of rows) current.set(r.id, r.version);
      }
      const creates = new Set(dryRun.creates);
      const conflicts: RowError[] = [];
      // Each batch of planned projects is checked against the dry run and written at once (memory
      // stays flat); once any error or conflict is found nothing more is written, planning goes on
      // to report every error, and the refusal below rolls back what was written.
      const writer = applyWriter(tx, who, { importId: id, signal });
      const plan = await planImport(tx, who, model, {
        publish: record.publish,
        onProgress: (d, t) => progress(d, t),
        onBatch: async (batch, context) => {
          for (const p of batch) {
            const edited = p.existing ? dryRun.versions[String(p.existing.id)] !== current.get(p.existing.id) : !creates.has(p.key);
            if (edited || (p.existing && !creates.has(p.key) && dryRun.versions[String(p.existing.id)] === undefined)) {
              conflicts.push({ sheet: p.ref.sheet, row: p.ref.row, column: "", code: "conflict", params: { key: p.key } });
            }
          }
          if (context.errorCount === 0 && conflicts.length === 0) await writer.writeBatch(batch, context);
        },
      });
      // Spending rows move their projects' versions on as well: the same rule for the projects they name.
      for (const [projectId, seen] of plan.spending.versions) {
        if (dryRun.versions[String(projectId)] !== current.get(projectId) && !conflicts.some((c) => c.params?.key === seen.key)) {
          conflicts.push({ sheet: seen.sheet, row: seen.row, column: "", code: "conflict", params: { key: seen.key } });
        }
      }
      const errors = [...plan.errors, ...conflicts];
      if (errors.length) throw new ApplyRefused(errors);
      await writer.finish(plan.spending, plan);
      const finished = await tx.importRecord.updateMany({
        where: { id, status: "APPLYING" },
        data: { status: "APPLIED", appliedAt: new Date(), created: plan.created, updated: plan.updated, unchanged: plan.unchanged, errorCount: 0, progressAt: new Date() },
      });
      // Cancelled while it applied: roll everything back.
      if (finished.count === 0) throw new ApplyCancelled();
      return plan;
    }, { timeout: 30 * 60_000, maxWait: 30_000 });
    if (!result) return { status: "CANCELLED", created: 0, updated: 0, unchanged: 0, errors: [] };
    return { status: "APPLIED", created: result.created, updated: result.updated, unchanged: result.unchanged, errors: [], spending: spendingCounts(result) };
  } catch (error) {
    if (error instanceof ApplyCancelled) return { status: "CANCELLED", created: 0, updated: 0, unchanged: 0, errors: [] };
    let errors: RowError[];
    let failure: string;
    if (error instanceof ApplyRefused) {
      errors = error.errors;
      failure = importErrorMessage(errors[0]!.code, errors[0]!.params, "ko");
    } else if (error instanceof FileError) {
      errors = [fileErrorRow(error)];
      failure = importErrorMessage(error.code, error.params, "ko");
    } else {
      // A database refusal (e.g. payments recorded against a funding line the file removes) or a
      // stop: the transaction rolled back; record why, without a stack trace.
      errors = [];
      failure = error instanceof Error ? error.message.split("\n").slice(-1)[0]!.slice(0, 480) : "unknown";
    }
    await db().importRecord.update({
      where: { id },
      data: {
        status: "FAILED", failure, errorCount: errors.length || null,
        report: { ...dryRun, errors: errors.slice(0, REPORT_ERRORS), errorTotal: errors.length } as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    if (!(error instanceof ApplyRefused) && !(error instanceof FileError) && signal?.aborted) throw error;
    return { status: "FAILED", created: 0, updated: 0, unchanged: 0, errors };
  }
}
