// Writes the next migration: prisma/migrations/<yyyymmddHHMMSS>_<name>/migration.sql holding the SQL
// that takes the database built by the existing migrations to prisma/schema.prisma. This is what
// `prisma migrate dev --create-only` does; Prisma 7's CLI cannot run it on these machines (see
// prisma/tools/schema-engine.ts).
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres tsx scripts/migration-new.ts add_some_field
//
// DATABASE_URL only names a server: the migrations are replayed in a temporary shadow database
// created there (the user needs CREATE DATABASE) and dropped afterwards. Nothing else is changed.
import { existsSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, isEmptyDiff } from "../prisma/tools/schema-engine";

const ROOT = path.resolve(import.meta.dirname, "..");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");

/** UTC, as Prisma Migrate names its directories. */
function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]{1,200}$/.test(name)) {
    console.error("Usage: tsx scripts/migration-new.ts <name>   (name: lower case letters, digits and _)");
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL must name a PostgreSQL server where a temporary shadow database may be created,\n" +
      "e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres");
    return 2;
  }

  const directory = `${timestamp()}_${name}`;
  const existing = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const last = existing.at(-1);
  if (last && last >= directory) {
    console.error(`${directory} would not sort after the last migration, ${last}: migrations apply in name order.`);
    return 1;
  }

  const sql = await diffMigrationsToSchema({ url, migrationsDir: MIGRATIONS_DIR, schemaPath: SCHEMA_PATH });
  if (isEmptyDiff(sql)) {
    console.error("prisma/schema.prisma and the migrations already agree: no migration written.");
    return 1;
  }

  const target = path.join(MIGRATIONS_DIR, directory);
  if (existsSync(target)) throw new Error(`${target} exists`);
  await mkdir(target);
  await writeFile(path.join(target, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
  console.log(`Wrote ${path.relative(ROOT, path.join(target, "migration.sql"))}`);

  // Prisma's `migrate dev` would warn about data loss; this engine path gives no such warnings.
  const risky = sql.split("\n").filter((line) => /\bDROP\b|\bSET NOT NULL\b|\bALTER COLUMN\b.*\bTYPE\b|\bRENAME\b/i.test(line));
  console.log("\nReview it before committing. No data-loss check was made: a DROP or a type change loses data,");
  console.log("and a renamed field comes out as DROP + ADD. Add by hand what Prisma cannot express (CHECK");
  console.log("constraints, extensions), see docs/decisions/0003-database-constraints.md.");
  if (risky.length > 0) console.log(`\nPossibly destructive:\n${risky.map((line) => `  ${line.trim()}`).join("\n")}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
