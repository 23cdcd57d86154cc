import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { db } from "@/lib/db";
import { recordRefusal } from "@/lib/data/audit";
import { resetDatabase } from "@/lib/testing/reset-database";

// Issue 9, finding 5: the app connected as the superuser and could empty the audit trail. Here
// the app's own credentials (the role npm start and the e2e server serve with) try everything
// an attacker inside the app would, against a real PostgreSQL; and a superuser's edits of the
// trail are found by the hash chain (docs/decisions/0019-database-roles.md, 0020-audit-hash-chain.md).

const ownerUrl = inject("databaseUrl");
const appUrl = inject("appDatabaseUrl");
let app: pg.Client;
let owner: pg.Client;

async function refused(client: pg.Client, sql: string): Promise<string> {
  await client.query("SAVEPOINT attempt");
  try {
    await client.query(sql);
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT attempt");
    return (error as Error).message;
  }
  await client.query("ROLLBACK TO SAVEPOINT attempt");
  throw new Error(`the app role was allowed to run: ${sql}`);
}

/** Runs a superuser's edit; a failed one is rolled back so that the connection stays usable. */
async function tamper(sql: string) {
  try {
    await owner.query(sql);
  } catch (error) {
    await owner.query("ROLLBACK");
    throw error;
  }
}

async function someAuditEntries(n: number) {
  for (let i = 0; i < n; i++) await recordRefusal({ id: null, email: `entry-${i}@keit.example`, ip: "203.0.113.1" }, { action: "test.entry", reason: `entry ${i}` }, "DENIED");
}

beforeAll(async () => {
  app = new pg.Client({ connectionString: appUrl });
  owner = new pg.Client({ connectionString: ownerUrl });
  await app.connect();
  await owner.connect();
});

afterAll(async () => {
  await app.end();
  await owner.end();
});

beforeEach(async () => {
  await resetDatabase();
  await someAuditEntries(3);
  await app.query("BEGIN");
});

const afterEachRollback = async () => app.query("ROLLBACK");

describe("the app's database role", () => {
  it("is a different role from the owner, not a superuser, and owns nothing", async () => {
    const { rows } = await app.query<{ me: string; superuser: boolean; owns: string }>(
      `SELECT current_user AS me, r.rolsuper AS superuser,
              (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) + (SELECT count(*) FROM pg_namespace n WHERE n.nspowner = r.oid) AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    const { rows: ownerRows } = await owner.query<{ me: string }>("SELECT current_user AS me");
    expect(rows[0]!.me).not.toBe(ownerRows[0]!.me);
    expect(rows[0]!.superuser).toBe(false);
    expect(rows[0]!.owns).toBe("0");
    await afterEachRollback();
  });

  it("reads and appends to the audit trail, and does its normal work", async () => {
    const { rows } = await app.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_log");
    expect(rows[0]!.n).toBe("3");
    const inserted = await app.query<{ chain_seq: string; hash: string }>(
      `INSERT INTO audit_log (action, outcome, reason, chain_seq, hash) VALUES ('test.app', 'SUCCESS', 'by the app', 999, 'forged') RETURNING chain_seq::text, hash`,
    );
    // Whatever the app puts into the chain columns, the trigger decides them.
    expect(inserted.rows[0]).toMatchObject({ chain_seq: "4" });
    expect(inserted.rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    await app.query("INSERT INTO sign_in_attempt (email, ip, outcome) VALUES ('x@keit.example', '203.0.113.2', 'FAILED')");
    await app.query("DELETE FROM sign_in_attempt WHERE email = 'x@keit.example'");
    await app.query("SELECT count(*) FROM project");
    await afterEachRollback();
  });

  it.each([
    ["DELETE", "DELETE FROM audit_log", /permission denied/],
    ["UPDATE", "UPDATE audit_log SET reason = 'rewritten'", /permission denied/],
    ["TRUNCATE", "TRUNCATE audit_log", /permission denied/],
    ["ALTER TABLE … DISABLE TRIGGER", "ALTER TABLE audit_log DISABLE TRIGGER USER", /must be owner/],
    ["ALTER TABLE … DISABLE TRIGGER ALL", "ALTER TABLE audit_log DISABLE TRIGGER ALL", /must be owner/],
    ["SET session_replication_role", "SET session_replication_role = replica", /permission denied/],
    ["SET LOCAL session_replication_role", "SET LOCAL session_replication_role = replica", /permission denied/],
    ["DROP TRIGGER", "DROP TRIGGER audit_log_chain ON audit_log", /must be owner/],
    ["writing the chain head", "UPDATE audit_chain_head SET seq = 0", /permission denied/],
    ["CREATE TABLE (DDL)", "CREATE TABLE intruder (id int)", /permission denied/],
    ["CREATE TEMP TABLE", "CREATE TEMP TABLE intruder (id int)", /permission denied/],
    ["DROP TABLE", "DROP TABLE project", /must be owner/],
    ["ALTER TABLE", "ALTER TABLE project ADD COLUMN intruder int", /must be owner/],
    ["CREATE FUNCTION in public", "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'", /permission denied/],
    ["COPY … TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'id'", /permission denied|must be superuser|not allowed/],
    ["CREATE ROLE", "CREATE ROLE intruder", /permission denied/],
  ])("cannot %s", async (_name, sql, expected) => {
    expect(await refused(app, sql)).toMatch(expected);
    await afterEachRollback();
  });

  it("gets privileges on tables the owner creates later, in public and in a schema such as pgboss", async () => {
    await owner.query("CREATE TABLE later_table (id int)");
    await owner.query("CREATE SCHEMA later_schema");
    await owner.query("CREATE TABLE later_schema.job (id serial PRIMARY KEY, name text)");
    try {
      await app.query("INSERT INTO later_table VALUES (1)");
      await app.query("INSERT INTO later_schema.job (name) VALUES ('x')");
      expect((await app.query("SELECT count(*)::int AS n FROM later_schema.job")).rows[0]).toEqual({ n: 1 });
      expect(await refused(app, "DROP TABLE later_schema.job")).toMatch(/must be owner/);
      expect(await refused(app, "CREATE TABLE later_schema.intruder (id int)")).toMatch(/permission denied/);
    } finally {
      await afterEachRollback();
      await owner.query("DROP TABLE later_table; DROP SCHEMA later_schema CASCADE");
    }
  });
});

describe("the audit hash chain", () => {
  const verifyScript = (url: string) =>
    spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(process.cwd(), "scripts", "audit-verify.ts")], {
      env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", timeout: 60_000,
    });

  it("is whole after many concurrent writers, and npm run audit:verify says so with the app's credentials", async () => {
    await afterEachRollback();
    // Writers queue on the chain head until the one before them commits.
    await Promise.all(Array.from({ length: 40 }, (_, i) =>
      db().$transaction(async (tx) => {
        await tx.auditLog.create({ data: { action: "test.concurrent", outcome: "SUCCESS", reason: `writer ${i}` } });
        await tx.auditLog.create({ data: { action: "test.concurrent", outcome: "SUCCESS", reason: `writer ${i}, second` } });
      }, { maxWait: 30_000, timeout: 30_000 })));
    const report = await verifyAuditChain(appUrl);
    expect(report).toMatchObject({ ok: true, entries: 83, head: { seq: "83" } });
    const run = verifyScript(appUrl);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/audit:verify OK: 83 entries/);
  }, 60_000);

  it("names an entry a superuser changed, and exits non-zero", async () => {
    await afterEachRollback();
    const { rows } = await owner.query<{ id: string }>("SELECT id::text FROM audit_log WHERE chain_seq = 2");
    await tamper("BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_log SET reason = 'nothing happened' WHERE chain_seq = 2; COMMIT");
    const report = await verifyAuditChain(appUrl);
    expect(report.problem).toMatchObject({ kind: "changed", entryId: rows[0]!.id, seq: "2" });
    const run = verifyScript(appUrl);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`entry #${rows[0]!.id} (chain position 2) was changed`);
  }, 60_000);

  it("names the place of an entry a superuser deleted, and of the last entries removed", async () => {
    await afterEachRollback();
    await tamper("BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE chain_seq = 2; COMMIT");
    expect((await verifyAuditChain(appUrl)).problem).toMatchObject({ kind: "removed", seq: "3" });
    expect((await verifyAuditChain(appUrl)).problem?.message).toMatch(/entry #2 of the chain was removed/);
    await resetDatabase();
    await someAuditEntries(3);
    await tamper("BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE chain_seq = 3; COMMIT");
    expect((await verifyAuditChain(appUrl)).problem?.message).toMatch(/the last 1 entries were removed/);
  });

  it("names an entry inserted out of order, or outside the chain", async () => {
    await afterEachRollback();
    // A forged entry with a plausible place and a self-consistent hash still breaks its successor.
    await tamper(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE audit_log SET chain_seq = -chain_seq WHERE chain_seq >= 2;
      UPDATE audit_log SET chain_seq = 1 - chain_seq WHERE chain_seq < 0;
      INSERT INTO audit_log (action, outcome, reason, chain_seq, prev_hash) SELECT 'forged', 'SUCCESS', 'forged', 2, hash FROM audit_log WHERE chain_seq = 1;
      UPDATE audit_log a SET hash = encode(sha256(convert_to(audit_log_canonical(a), 'UTF8')), 'hex') WHERE chain_seq = 2;
      COMMIT`);
    const report = await verifyAuditChain(appUrl);
    // The forged entry fits after entry 1, but the entry after it was chained to entry 1 itself.
    expect(report.problem).toMatchObject({ kind: "out-of-order", seq: "3" });
    await resetDatabase();
    await someAuditEntries(2);
    await tamper("BEGIN; SET LOCAL session_replication_role = replica; INSERT INTO audit_log (action, outcome) VALUES ('sneaked', 'SUCCESS'); COMMIT");
    expect((await verifyAuditChain(appUrl)).problem).toMatchObject({ kind: "unchained" });
  });

  it("notices a rewritten chain through an earlier anchor", async () => {
    await afterEachRollback();
    const before = await verifyAuditChain(appUrl);
    expect(before.ok).toBe(true);
    // A superuser rewrites entry 1 and recomputes every hash after it: the chain is whole again ...
    await tamper(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE audit_log SET reason = 'rewritten' WHERE chain_seq = 1;
      DO $$ DECLARE r record; prev char(64) := repeat('0', 64); h char(64); BEGIN
        FOR r IN SELECT id FROM audit_log ORDER BY chain_seq LOOP
          UPDATE audit_log SET prev_hash = prev WHERE id = r.id;
          SELECT encode(sha256(convert_to(audit_log_canonical(a), 'UTF8')), 'hex') INTO h FROM audit_log a WHERE a.id = r.id;
          UPDATE audit_log SET hash = h WHERE id = r.id; prev := h;
        END LOOP;
        UPDATE audit_chain_head SET hash = prev; END $$;
      COMMIT`);
    expect((await verifyAuditChain(appUrl)).ok).toBe(true);
    // ... but not to the anchor taken before.
    expect((await verifyAuditChain(appUrl, [before.head])).problem).toMatchObject({ kind: "anchor", seq: before.head.seq });
  });
});
