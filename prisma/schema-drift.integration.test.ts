// Schema drift: prisma/schema.prisma, the migrations and a migrated database must describe the
// same tables. Fails when someone changes schema.prisma without writing a migration (or edits a
// migration by hand so that it no longer builds the schema). Uses Prisma's own schema engine
// (WebAssembly build, see prisma/tools/schema-engine.ts); CHECK constraints and extensions added
// by hand in migrations are invisible to it, so they never count as drift.
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { diffDatabaseToSchema, diffMigrationsToSchema, isEmptyDiff } from "./tools/schema-engine";

const schemaPath = path.join(import.meta.dirname, "schema.prisma");
const migrationsDir = path.join(import.meta.dirname, "migrations");
// Loading the engine and replaying every migration in a shadow database takes a few seconds.
const TIMEOUT = 120_000;

/** The statements of a diff, or "" when there are none, so a failure prints the SQL itself. */
function statements(sql: string): string {
  return isEmptyDiff(sql) ? "" : sql.trim();
}

describe("prisma/schema.prisma and the migrations", () => {
  it("the migrations build exactly the schema (no migration is missing)", { timeout: TIMEOUT }, async () => {
    // The shadow database is created and dropped on the test database's server.
    const sql = await diffMigrationsToSchema({ url: inject("databaseUrl"), migrationsDir, schemaPath });
    expect(
      statements(sql),
      "schema.prisma has changes that no migration makes. Write one with " +
        "`DATABASE_URL=<server> npm run db:migration:new -- <name>`; this SQL is what is missing",
    ).toBe("");
  });

  it("the migrated test database matches the schema", { timeout: TIMEOUT }, async () => {
    const sql = await diffDatabaseToSchema({ url: inject("databaseUrl"), schemaPath });
    expect(statements(sql), "the migrated database differs from schema.prisma; this SQL would bring it in line").toBe("");
  });
});
