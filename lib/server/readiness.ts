import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";

// What /readyz answers (docs/operations.md, "Health checks"): ready when the database answers
// and every migration folder this server was shipped with is applied and finished. A database
// ahead of the server (migrations it does not know, applied by a newer release during a rolling
// upgrade) stays ready: migrations are written to keep the previous release working.

export type Readiness =
  | { ready: true; migrations: number; newerMigrations: number }
  | { ready: false; reason: "database unreachable" | "database timeout" | "migrations pending" | "migration failed" | "migrations unknown"; detail?: string[] };

const TIMEOUT_MS = 3_000;
/** prisma/migrations as shipped with this server (the working directory is the app's root). */
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

let shipped: Promise<string[]> | null = null;

function shippedMigrations(dir: string): Promise<string[]> {
  if (dir !== MIGRATIONS_DIR) return listMigrationFolders(dir);
  shipped ??= listMigrationFolders(dir).catch((error: unknown) => {
    shipped = null;
    throw error;
  });
  return shipped;
}

async function listMigrationFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

type Row = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function readiness(options: { migrationsDir?: string; timeoutMs?: number } = {}): Promise<Readiness> {
  let expected: string[];
  try {
    expected = await shippedMigrations(options.migrationsDir ?? MIGRATIONS_DIR);
  } catch {
    return { ready: false, reason: "migrations unknown", detail: ["the server cannot read prisma/migrations"] };
  }
  let rows: Row[] | "timeout";
  try {
    rows = await withTimeout(
      db().$queryRaw<Row[]>`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`,
      options.timeoutMs ?? TIMEOUT_MS,
    );
  } catch (error) {
    // A database without the bookkeeping table answers, but has no migrations at all.
    const code = (error as { code?: string; meta?: { code?: string } }).meta?.code ?? (error as { code?: string }).code;
    if (code === "42P01") return { ready: false, reason: "migrations pending", detail: expected };
    return { ready: false, reason: "database unreachable" };
  }
  if (rows === "timeout") return { ready: false, reason: "database timeout" };
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name);
  if (failed.length) return { ready: false, reason: "migration failed", detail: failed };
  const applied = new Set(rows.filter((r) => r.rolled_back_at === null).map((r) => r.migration_name));
  const pending = expected.filter((name) => !applied.has(name));
  if (pending.length) return { ready: false, reason: "migrations pending", detail: pending };
  const known = new Set(expected);
  return { ready: true, migrations: expected.length, newerMigrations: [...applied].filter((name) => !known.has(name)).length };
}
