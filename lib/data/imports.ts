import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ImportLocale } from "@/lib/import/messages";
import type { RowError } from "@/lib/import/parse";
import { SHEET_BY_KIND, SHEET_KINDS, type ColumnMapping } from "@/lib/import/template";
import { sendJob } from "@/lib/jobs/client";
import { QUEUES } from "@/lib/jobs/queues";
import type { Actor } from "@/lib/permissions";

// Imports (docs/decisions/0014-import.md): an uploaded file is kept in import_record; a dry run
// (a job) parses it and compares it with the database; applying (another job) does it again in
// ONE transaction that also writes the audit rows (linked to the import) and the record's counts,
// after checking that no project was edited since the dry run. Permission: import.run; the scope
// rule is checked per project by the engine. This file holds the requests (create, apply, cancel,
// retry: they queue jobs), the reads and the saved column mappings; the two steps the jobs run are
// in lib/data/import-runs.ts.

export const DEFAULT_MAX_UPLOAD_MB = 100;
export function maxUploadBytes(): number {
  const mb = Number(process.env.IMPORT_MAX_UPLOAD_MB ?? DEFAULT_MAX_UPLOAD_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024;
}

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
