import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BackupError, backupDatabase, restoreDatabase } from "./backup";
import { applyMigrations } from "./migrate";
import { ensurePublishedPortfolio } from "./ensure-seed";

// npm run db:backup / db:restore against a real PostgreSQL: a backup taken while the app writes
// is one consistent snapshot, and a restore into an empty database gives back every row.

const serverUrl = (() => {
  const url = new URL(inject("databaseUrl"));
  url.pathname = "/postgres";
  return url.toString();
})();
const suffix = `${process.pid}_${Date.now()}`;
const names = { src: `keit_bk_src_${suffix}`, dst: `keit_bk_dst_${suffix}`, quiet: `keit_bk_quiet_${suffix}`, full: `keit_bk_full_${suffix}` };
const urlOf = (name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
let dir: string;
const PROGRAM_INSERT = "INSERT INTO program (code, name_ko, ministry_ko, agency_ko, kind, updated_at) VALUES ($1, $2, '산업통상자원부', 'KEIT', 'OTHER', now())";

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Row count and a checksum of the content of every table, migration history included. */
async function contents(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await query<{ name: string }>(url, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { name } of tables) {
    const [row] = await query<{ rows: number; md5: string }>(url, `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM "${name}" t`);
    out[name] = row!;
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "keit-backup-"));
  await query(serverUrl, `CREATE DATABASE "${names.src}" ENCODING 'UTF8' TEMPLATE template0`);
  await applyMigrations(urlOf(names.src));
  await ensurePublishedPortfolio(urlOf(names.src), { demoAccounts: true });
  process.env.DATABASE_URL = inject("databaseUrl");
});

afterAll(async () => {
  for (const name of Object.values(names)) await query(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await rm(dir, { recursive: true, force: true });
});

describe("db:backup and db:restore", () => {
  it("takes one consistent snapshot while the app writes, and restores it into an empty database", async () => {
    // A writer that, in each transaction, adds a programme and the audit row that records it.
    const writer = new pg.Client({ connectionString: urlOf(names.src) });
    await writer.connect();
    let written = 0;
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        const code = `w-${written + 1}`;
        await writer.query("BEGIN");
        await writer.query(PROGRAM_INSERT, [code, `쓰기 ${code}`]);
        await writer.query("INSERT INTO audit_log (action, outcome, entity_type, entity_id) VALUES ('test.write', 'SUCCESS', 'program', $1)", [code]);
        await writer.query("COMMIT");
        written++;
      }
    })();
    // A writer that fails ends the wait too (and the test, through `await writing`).
    writing.catch(() => { stop = true; });
    while (written < 20 && !stop) await new Promise((resolve) => setTimeout(resolve, 10));
    const before = written;
    const file = path.join(dir, "live.keitbackup.gz");
    const result = await backupDatabase(urlOf(names.src), file);
    const after = written;
    stop = true;
    await writing;
    await writer.end();
    expect(after).toBeGreaterThan(before); // the backup really ran while rows were being written

    const restored = await restoreDatabase(urlOf(names.dst), file); // the database does not exist yet: created
    expect(restored.rows).toBe(result.rows);
    expect(restored.appliedSince).toEqual([]);
    const programs = await query<{ code: string }>(urlOf(names.dst), "SELECT code FROM program WHERE code LIKE 'w-%'");
    const audits = await query<{ entity_id: string }>(urlOf(names.dst), "SELECT entity_id FROM audit_log WHERE action = 'test.write'");
    // Consistent: every programme has its audit row and the other way round, from one moment.
    expect(programs.map((p) => p.code).sort()).toEqual(audits.map((a) => a.entity_id).sort());
    expect(programs.length).toBeGreaterThanOrEqual(before);
    expect(programs.length).toBeLessThanOrEqual(after);
    // The sequences continue after the restored rows.
    await query(urlOf(names.dst), PROGRAM_INSERT, ["after-restore", "복원 뒤"]);
    // The migration history is the original one (same ids and times), not the restore's.
    expect(await query(urlOf(names.dst), 'SELECT id, migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name'))
      .toEqual(await query(urlOf(names.src), 'SELECT id, migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name'));
  });

  it("gives back every table with the same row count and content", async () => {
    const file = path.join(dir, "quiet.keitbackup.gz");
    await backupDatabase(urlOf(names.src), file);
    await restoreDatabase(urlOf(names.quiet), file);
    const source = await contents(urlOf(names.src));
    const copy = await contents(urlOf(names.quiet));
    expect(Object.keys(source).length).toBeGreaterThan(15);
    expect(source.project!.rows).toBeGreaterThan(0);
    expect(source.app_user!.rows).toBe(3);
    expect(copy).toEqual(source);
  });

  it("refuses a database that is not empty, an incomplete file and a file of something else", async () => {
    const file = path.join(dir, "quiet.keitbackup.gz");
    await expect(restoreDatabase(urlOf(names.src), file)).rejects.toThrow(/not empty/);

    const text = gunzipSync(await readFile(file)).toString("utf8");
    const truncated = path.join(dir, "truncated.keitbackup.gz");
    await writeFile(truncated, gzipSync(text.slice(0, text.indexOf("\nSEQUENCES ") + 1)));
    const error = await restoreDatabase(urlOf(names.full), truncated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(String(error)).toMatch(/no END line/);
    // The failed restore loaded nothing (one transaction).
    expect(await query(urlOf(names.full), "SELECT count(*)::int AS n FROM project")).toEqual([{ n: 0 }]);

    const other = path.join(dir, "other.gz");
    await writeFile(other, gzipSync("-- PostgreSQL database dump\n"));
    await expect(restoreDatabase(urlOf(`${names.full}_x`), other)).rejects.toThrow(/not a backup made by npm run db:backup/);
  });
});
