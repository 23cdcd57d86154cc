import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// Set-based writing for large imports (lib/data/import-engine.ts, lib/data/import-spending.ts).

export const CHUNK = 2_000;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Inserts many rows in one statement per chunk: the rows travel as one JSON parameter and
 * PostgreSQL unpacks them (jsonb_to_recordset), which is far cheaper than an ORM's createMany for
 * the hundreds of thousands of rows of a large import. Columns are [name, PostgreSQL type].
 */
export async function insertRows(tx: Prisma.TransactionClient, table: string, columns: [string, string][], rows: Record<string, unknown>[], returning?: string, onConflict = ""): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const names = columns.map(([c]) => `"${c}"`).join(", ");
  const types = columns.map(([c, t]) => `"${c}" ${t}`).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS x(${types})${onConflict ? ` ${onConflict}` : ""}${returning ? ` RETURNING ${returning}` : ""}`;
  for (const part of chunks(rows, 10_000)) {
    const json = JSON.stringify(part, (_k, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    if (returning) out.push(...(await tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, json)));
    else await tx.$executeRawUnsafe(sql, json);
  }
  return out;
}


/** The audit rows of an import, one statement per chunk, in the caller's transaction. */
export async function insertAuditRows(tx: Prisma.TransactionClient, auditRows: Prisma.AuditLogCreateManyInput[]): Promise<void> {
  await insertRows(tx, "audit_log", [
    ["actor_id", "int"], ["actor_email", "text"], ["ip", "text"], ["action", "text"], ["outcome", '"AuditOutcome"'], ["entity_type", "text"], ["entity_id", "text"],
    ["project_id", "int"], ["before", "jsonb"], ["after", "jsonb"], ["import_id", "int"],
  ], auditRows.map((a) => ({
    actor_id: a.actorId, actor_email: a.actorEmail, ip: a.ip, action: a.action, outcome: a.outcome, entity_type: a.entityType, entity_id: a.entityId,
    project_id: a.projectId, before: a.before ?? null, after: a.after ?? null, import_id: a.importId,
  })));
}

/**
 * Updates many rows by key in one statement per chunk (UPDATE … FROM jsonb_to_recordset). Columns
 * are [name, PostgreSQL type], the key among them; `extraSet` adds assignments (e.g. a version bump).
 */
export async function updateRows(tx: Prisma.TransactionClient, table: string, key: string, columns: [string, string][], rows: Record<string, unknown>[], extraSet = "", inputs: [string, string][] = []): Promise<void> {
  // `inputs`: columns of the rows that only `extraSet` reads.
  const types = [...columns, ...inputs].map(([c, t]) => `"${c}" ${t}`).join(", ");
  const sets = [...columns.filter(([c]) => c !== key).map(([c]) => `"${c}" = x."${c}"`), ...(extraSet ? [extraSet] : [])].join(", ");
  const sql = `UPDATE "${table}" AS t SET ${sets} FROM jsonb_to_recordset($1::jsonb) AS x(${types}) WHERE t."${key}" = x."${key}"`;
  for (const part of chunks(rows, 10_000)) {
    await tx.$executeRawUnsafe(sql, JSON.stringify(part, (_k, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
  }
}

/** Ids for rows about to be inserted, taken from the table's own sequence (so rows can refer to them). */
export async function nextIds(tx: Prisma.TransactionClient, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(`SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::int AS id FROM generate_series(1, $1::int)`, count);
  return rows.map((r) => r.id);
}
