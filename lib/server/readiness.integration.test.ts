import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { readiness } from "@/lib/server/readiness";

// /readyz's answer against a real PostgreSQL: ready when every shipped migration is applied;
// pending, failed or unreachable otherwise. (The e2e suite checks the HTTP answers, including 503
// while the database is stopped: e2e/first-run.spec.ts.)

let dir: string;
// /readyz gives the database 3 s; a test machine under load may need longer for a first connection.
const patient = { timeoutMs: 30_000 };
const shipped = path.join(process.cwd(), "prisma", "migrations");

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "keit-readyz-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readiness", () => {
  it("is ready when the database answers and every migration folder is applied", async () => {
    const result = await readiness(patient);
    expect(result).toMatchObject({ ready: true, newerMigrations: 0 });
    expect(result.ready && result.migrations).toBeGreaterThan(5);
  });

  it("is not ready while a shipped migration is pending, and names it", async () => {
    const folder = path.join(dir, "pending");
    await cp(shipped, folder, { recursive: true });
    await mkdir(path.join(folder, "29991231000000_later"));
    await writeFile(path.join(folder, "29991231000000_later", "migration.sql"), "SELECT 1;");
    expect(await readiness({ ...patient, migrationsDir: folder })).toEqual({ ready: false, reason: "migrations pending", detail: ["29991231000000_later"] });
  });

  it("stays ready when the database is ahead (a newer release migrated it during a rolling upgrade)", async () => {
    const folder = path.join(dir, "older");
    await cp(shipped, folder, { recursive: true });
    const last = (await readdir(folder)).filter((n) => /^\d{14}_/.test(n)).sort().at(-1)!;
    await rm(path.join(folder, last), { recursive: true });
    expect(await readiness({ ...patient, migrationsDir: folder })).toMatchObject({ ready: true, newerMigrations: 1 });
  });

  it("is not ready after a failed migration", async () => {
    await db().$executeRaw`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, applied_steps_count) VALUES ('00000000-0000-4000-8000-000000000001', ${"0".repeat(64)}, '29991231000001_failed', 0)`;
    try {
      expect(await readiness(patient)).toEqual({ ready: false, reason: "migration failed", detail: ["29991231000001_failed"] });
    } finally {
      await db().$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = '29991231000001_failed'`;
    }
  });

  it("answers 'database unreachable' quickly when nothing listens", async () => {
    const saved = process.env.DATABASE_URL;
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:1/keit";
    try {
      const started = Date.now();
      expect(await readiness()).toEqual({ ready: false, reason: "database unreachable" });
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      await disconnectDb();
      process.env.DATABASE_URL = saved;
    }
  });
});
