// Applies prisma/migrations the way Prisma Migrate does, without Prisma's native schema engine
// (which cannot be downloaded on these machines; see docs/decisions/0001-offline-migrations.md).
// Bookkeeping is identical to Prisma's `_prisma_migrations`, so `prisma migrate status` agrees on
// a machine that has the engine.
import { createHash, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { installJobQueue } from "../lib/jobs/boss";

const ADVISORY_LOCK_ID = 72707369; // the lock id Prisma Migrate takes
export const MIGRATIONS_DIR = path.join(import.meta.dirname, "migrations");

export type MigrationResult = { applied: string[]; alreadyApplied: number };

export class MigrationError extends Error {}

function checksum(sql: string): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** Prisma accepts a CRLF/LF variant of an applied migration as the same file. */
export function migrationChecksumMatches(stored: string, sql: string): boolean {
  return sameChecksum(stored, sql);
}

function sameChecksum(stored: string, sql: string): boolean {
  const variants = [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\r?\n/g, "\r\n")];
  return variants.some((v) => checksum(v) === stored);
}

export async function listMigrations(dir: string): Promise<{ name: string; sql: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ name, sql: await readFile(path.join(dir, name, "migration.sql"), "utf8") })));
}

export type ApplyOptions = {
  /** Apply only these migrations (db:restore brings an empty database to a backup's migrations first). */
  only?: ReadonlySet<string>;
};

export async function applyMigrations(connectionString: string, dir = MIGRATIONS_DIR, options: ApplyOptions = {}): Promise<MigrationResult> {
  const migrations = (await listMigrations(dir)).filter((m) => !options.only || options.only.has(m.name));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
    const { rows: exists } = await client.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!exists[0]?.t) {
      const { rows } = await client.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = current_schema()",
      );
      if (rows[0]?.n !== "0") {
        throw new MigrationError("P3005: the database schema is not empty and has no migration history. Use an empty database.");
      }
      await client.query(`CREATE TABLE "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    }
    const { rows: history } = await client.query<{
      migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at');

    const failed = history.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(`P3009: migration ${failed.migration_name} failed earlier. Fix the database, then mark it rolled back (prisma migrate resolve --rolled-back).`);
    }
    const applied = new Map(history.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
    const known = new Set(migrations.map((m) => m.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) throw new MigrationError(`Migration ${name} is applied in the database but missing from ${dir}.`);
    }
    const done: string[] = [];
    for (const m of migrations) {
      const stored = applied.get(m.name);
      if (stored !== undefined) {
        // Stricter than Prisma (which only warns): an edited, already applied migration stops the start.
        if (!sameChecksum(stored, m.sql)) throw new MigrationError(`Migration ${m.name} was edited after it was applied (checksum mismatch).`);
        continue;
      }
      const id = randomUUID();
      await client.query(
        'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
        [id, checksum(m.sql), m.name],
      );
      try {
        await client.query(m.sql); // one query: scripts may hold $$ bodies and semicolons in strings
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
        throw new MigrationError(`Migration ${m.name} failed: ${message}`);
      }
      await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
      done.push(m.name);
    }
    // pg-boss's schema and our queues are DDL too: the migrating (owner) process installs and
    // upgrades them, so the app and the worker run pg-boss with migrate: false (decision 0013).
    await installJobQueue(connectionString);
    return { applied: done, alreadyApplied: applied.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
