import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { applyWriter, planImport, type ImportPlan } from "@/lib/data/import-engine";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { importErrorMessage, type ImportLocale } from "@/lib/import/messages";
import { parseImportFile, type RowError } from "@/lib/import/parse";
import { FileError } from "@/lib/import/read";
import { SHEET_BY_KIND, SHEET_KINDS, type ColumnMapping } from "@/lib/import/template";
import { sendJob } from "@/lib/jobs/client";
import { QUEUES } from "@/lib/jobs/queues";
import type { Actor } from "@/lib/permissions";

// Imports (docs/decisions/0014-import.md): an uploaded file is kept in import_record; a dry run
// (a job) parses it and compares it with the database; applying (another job) does it again in
// ONE transaction that also writes the audit rows (linked to the import) and the record's counts,
// after checking that no project was edited since the dry run. Permission: import.run; the scope
// rule is checked per project by the engine.

export const DEFAULT_MAX_UPLOAD_MB = 100;
export function maxUploadBytes(): number {
  const mb = Number(process.env.IMPORT_MAX_UPLOAD_MB ?? DEFAULT_MAX_UPLOAD_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024;
}

const REPORT_ERRORS = 1_000;
const REPORT_CHANGES = 500;
/** An import whose worker has shown no progress for this long is taken as dead (may be retried). */
export const STALE_AFTER_MS = 60_000;

export type ImportReport = {
  errors: RowError[];
  errorTotal: number;
  changes: { key: string; title: string; projectId: number | null; action: "create" | "update"; changes: { field: string; before: unknown; after: unknown }[] }[];
  changeTotal: number;
  newFlags: { key: string; flags: string[] }[];
  /** Project id → version the dry run saw: the apply refuses a project edited since. */
  versions: Record<string, number>;
  /** Keys the dry run planned to create (someone creating one meanwhile is a conflict too). */
  creates: string[];
  ignoredSheets: string[];
  ignoredColumns: Partial<Record<string, string[]>>;
  rowCount: number;
  /** Rows of the spending sheet (집행 실적) that would be added, changed, left as recorded. */
  spending?: SpendingCounts;
  /** The file's sheets and their headers (the column picker maps them to template fields). */
  sheets?: { name: string; kind: string | null; headers: string[] }[];
};

export type SpendingCounts = { created: number; updated: number; unchanged: number };
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

async function mappingByName(name: string | null | undefined): Promise<ColumnMapping | undefined> {
  if (!name) return undefined;
  const found = await db().importMapping.findUnique({ where: { name }, select: { mapping: true } });
  if (!found) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { mapping: ["mappingUnknown"] } });
  return found.mapping as ColumnMapping;
}

// ---------------------------------------------------------------------------------------------
// Starting, applying, cancelling, retrying

export type NewImport = { fileName: string; data: Buffer; publish: boolean; mappingName?: string | null };

/** Keeps the uploaded file as a new import record (status QUEUED). Permission: import.run. */
export async function createImportRecord(actor: Actor | null, input: NewImport): Promise<{ id: number }> {
  const who = await authorize(actor, "import.run");
  if (input.publish) await authorize(who, "project.publish");
  if (input.data.length === 0) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { file: ["fileEmpty"] } });
  if (input.data.length > maxUploadBytes()) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { file: ["fileTooLarge"] } });
  const mapping = await mappingByName(input.mappingName);
  const record = await db().importRecord.create({
    data: {
      actorId: who.id, actorEmail: who.email, fileName: input.fileName.normalize("NFC").slice(0, 255) || "import",
      fileSha256: createHash("sha256").update(input.data).digest("hex"), fileSize: input.data.length, fileData: new Uint8Array(input.data),
      publish: input.publish, mappingName: input.mappingName ?? null, mapping: (mapping ?? undefined) as Prisma.InputJsonValue | undefined,
    },
    select: { id: true },
  });
  return record;
}

/** Uploads a file and queues its dry run. */
export async function startImport(actor: Actor | null, input: NewImport): Promise<{ id: number }> {
  const record = await createImportRecord(actor, input);
  const jobId = await sendJob(QUEUES.import, { importId: record.id, phase: "dryRun" });
  await db().importRecord.update({ where: { id: record.id }, data: { jobId }, select: { id: true } });
  return record;
}

async function ownImport(actor: Actor | null, id: number) {
  const who = await authorize(actor, "import.run");
  const record = await db().importRecord.findUnique({ where: { id }, select: { id: true, actorId: true, status: true, progressAt: true } });
  if (!record) throw new AppError("NOT_FOUND");
  // Only the person who uploaded the file applies, cancels or retries it (the audit names them).
  if (record.actorId !== who.id) throw new AppError("FORBIDDEN");
  return { who, record };
}

/** Queues the apply of a dry run without errors. */
export async function requestApply(actor: Actor | null, id: number): Promise<void> {
  await ownImport(actor, id);
  const moved = await db().importRecord.updateMany({ where: { id, status: "READY" }, data: { status: "APPLY_QUEUED", progressDone: 0, progressTotal: 0, failure: null } });
  if (moved.count === 0) throw new AppError("CONFLICT", "importNotReady");
  const jobId = await sendJob(QUEUES.import, { importId: id, phase: "apply" });
  await db().importRecord.update({ where: { id }, data: { jobId }, select: { id: true } });
}

/** Cancels an import before it applies. */
export async function cancelImport(actor: Actor | null, id: number): Promise<void> {
  await ownImport(actor, id);
  const moved = await db().importRecord.updateMany({ where: { id, status: { in: ["QUEUED", "DRY_RUNNING", "READY", "INVALID", "APPLY_QUEUED", "FAILED"] } }, data: { status: "CANCELLED" } });
  if (moved.count === 0) throw new AppError("CONFLICT", "importNotCancellable");
}

/**
 * Runs a failed (or stalled: its worker died) step again: the dry run when it never finished, the
 * apply otherwise. Nothing of a failed apply was written, so it starts from scratch.
 */
export async function retryImport(actor: Actor | null, id: number, options: { staleAfterMs?: number } = {}): Promise<void> {
  const { record } = await ownImport(actor, id);
  const stale = record.progressAt === null || Date.now() - record.progressAt.getTime() >= (options.staleAfterMs ?? STALE_AFTER_MS);
  let phase: "dryRun" | "apply";
  if (record.status === "FAILED" || (record.status === "APPLYING" && stale) || (record.status === "APPLY_QUEUED" && stale)) phase = "apply";
  else if ((record.status === "DRY_RUNNING" || record.status === "QUEUED") && stale) phase = "dryRun";
  else throw new AppError("CONFLICT", "importNotRetryable");
  await db().importRecord.update({ where: { id }, data: { status: phase === "apply" ? "APPLY_QUEUED" : "QUEUED", failure: null, progressAt: new Date() }, select: { id: true } });
  const jobId = await sendJob(QUEUES.import, { importId: id, phase });
  await db().importRecord.update({ where: { id }, data: { jobId }, select: { id: true } });
}

// ---------------------------------------------------------------------------------------------
// The two steps (run by the worker, lib/jobs/import.ts, or directly by the CLI)

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

// ---------------------------------------------------------------------------------------------
// Reading

const listSelect = {
  id: true, actorEmail: true, fileName: true, fileSha256: true, fileSize: true, status: true, publish: true, mappingName: true,
  created: true, updated: true, unchanged: true, errorCount: true, createdAt: true, appliedAt: true,
  progressDone: true, progressTotal: true, progressAt: true, failure: true, actorId: true,
} satisfies Prisma.ImportRecordSelect;

/** Imports, newest first: all for admins, their own for program managers. Permission: import.run. */
export async function listImports(actor: Actor | null, options: { page?: number; pageSize?: number } = {}) {
  const who = await authorize(actor, "import.run");
  const pageSize = options.pageSize ?? 20;
  const page = Math.max(1, options.page ?? 1);
  const where = who.role === "ADMIN" ? {} : { actorId: who.id };
  const [total, rows] = await Promise.all([
    db().importRecord.count({ where }),
    db().importRecord.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize, select: listSelect }),
  ]);
  return { total, page, pageSize, rows };
}

/** One import with its report. Permission: import.run (own imports; admins all). */
export async function getImport(actor: Actor | null, id: number) {
  const who = await authorize(actor, "import.run");
  const record = await db().importRecord.findUnique({ where: { id }, select: { ...listSelect, report: true } });
  if (!record || (who.role !== "ADMIN" && record.actorId !== who.id)) throw new AppError("NOT_FOUND");
  const stalled = ["APPLYING", "DRY_RUNNING", "QUEUED", "APPLY_QUEUED"].includes(record.status)
    && record.progressAt !== null && Date.now() - record.progressAt.getTime() >= STALE_AFTER_MS;
  return { ...record, report: record.report as unknown as ImportReport | null, stalled, own: record.actorId === who.id };
}
export type ImportDetail = Awaited<ReturnType<typeof getImport>>;

/** The uploaded file with an error column (XLSX) or the CSV with one; every row error in the user's language. */
export async function importErrorsFile(actor: Actor | null, id: number, locale: ImportLocale): Promise<{ fileName: string; contentType: string; data: Buffer }> {
  const detail = await getImport(actor, id);
  const record = await db().importRecord.findUniqueOrThrow({ where: { id }, select: { fileData: true, report: true } });
  const { withErrorColumn } = await import("@/lib/import/error-file");
  return withErrorColumn(detail.fileName, Buffer.from(record.fileData), (record.report as unknown as ImportReport | null)?.errors ?? [], locale);
}

// ---------------------------------------------------------------------------------------------
// Saved column mappings

export async function listMappings(actor: Actor | null) {
  await authorize(actor, "import.run");
  return db().importMapping.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, mapping: true, updatedAt: true } });
}

/** Saves (or replaces) a mapping by name; every target must be a template field of its kind. */
export async function saveMapping(actor: Actor | null, input: { name: string; mapping: ColumnMapping }): Promise<void> {
  const who = await authorize(actor, "import.run");
  const name = input.name.normalize("NFC").trim();
  if (!name || name.length > 100) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { name: ["required"] } });
  for (const [kind, rules] of Object.entries(input.mapping)) {
    if (!(SHEET_KINDS as readonly string[]).includes(kind)) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { mapping: ["mappingInvalid"] } });
    const fields = new Set(SHEET_BY_KIND[kind as keyof typeof SHEET_BY_KIND].fields.map((f) => f.field));
    if (Object.values(rules ?? {}).some((f) => !fields.has(f))) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { mapping: ["mappingInvalid"] } });
  }
  await db().$transaction(async (tx) => {
    const before = await tx.importMapping.findUnique({ where: { name }, select: { mapping: true } });
    await tx.importMapping.upsert({ where: { name }, create: { name, mapping: input.mapping as Prisma.InputJsonValue, actorId: who.id }, update: { mapping: input.mapping as Prisma.InputJsonValue, actorId: who.id } });
    const { recordAudit } = await import("@/lib/data/audit");
    await recordAudit(tx, who, { action: "import.mapping.save", entityType: "import_mapping", entityId: name, before: before?.mapping, after: input.mapping });
  });
}
