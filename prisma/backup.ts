// Logical backup and restore of the app's database, in Node, without pg_dump
// (docs/decisions/0021-first-run-and-operations.md: the embedded PostgreSQL is 18, no npm
// package ships a pg_dump 18 for it, and an older pg_dump refuses a newer server).
//
// Backup: one REPEATABLE READ READ ONLY transaction (one snapshot, as pg_dump takes), so the file
// is consistent while the app keeps writing; every table of the app's schemas is copied with
// COPY ... TO STDOUT in foreign-key order (parents first), with the sequences' positions and the
// migration history (_prisma_migrations). The schema itself is not in the file: it is the
// migrations, which the restore applies.
//
// File (gzip of text lines; COPY's text format escapes newlines, so a row is one line):
//   KEIT-BACKUP 1
//   MANIFEST {"createdAt":…,"server":…,"migrations":[{"name":…,"checksum":…}]}
//   TABLE {"schema":"public","name":"program","columns":["id",…]}
//   <COPY text rows>
//   \.
//   …
//   SEQUENCES [{"schema":…,"name":…,"lastValue":"42","isCalled":true}]
//   END {"rows":{"public.program":3,…}}
// A file without its END line is incomplete and is refused by the restore.
//
// Restore, into an empty database (created when missing): applies exactly the migrations the
// backup was made with, replaces their history with the backup's, loads every table with
// COPY ... FROM STDIN in one transaction, sets the sequences, checks the row counts, and then
// applies the migrations this release added since.
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { PassThrough, Writable } from "node:stream";
import pg from "pg";
import pgCopy from "pg-copy-streams";
import { applyMigrations, listMigrations, migrationChecksumMatches, MIGRATIONS_DIR } from "./migrate";

export const BACKUP_FORMAT = "KEIT-BACKUP 1";
const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast"];

type TableSpec = { schema: string; name: string; columns: string[] };
type SequenceSpec = { schema: string; name: string; lastValue: string; isCalled: boolean };
type Manifest = { createdAt: string; server: string; database: string; migrations: { name: string; checksum: string }[] };

export class BackupError extends Error {}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (t: { schema: string; name: string }) => `${ident(t.schema)}.${ident(t.name)}`;
const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** Session settings that make COPY's text output the same on every server (as pg_dump sets them). */
async function normaliseSession(client: pg.Client): Promise<void> {
  await client.query("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3");
}

/** The app's tables (every non-system schema), parents before the tables that refer to them. */
async function listTables(client: pg.Client): Promise<TableSpec[]> {
  const { rows: tables } = await client.query<{ oid: number; schema: string; name: string }>(
    `SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND NOT c.relispartition AND n.nspname <> ALL($1) AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname, c.relname`,
    [SYSTEM_SCHEMAS],
  );
  const { rows: columns } = await client.query<{ oid: number; name: string }>(
    `SELECT a.attrelid::int AS oid, a.attname AS name FROM pg_attribute a
      WHERE a.attrelid = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attrelid, a.attnum`,
    [tables.map((t) => t.oid)],
  );
  const { rows: references } = await client.query<{ child: number; parent: number }>(
    "SELECT conrelid::int AS child, confrelid::int AS parent FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1)",
    [tables.map((t) => t.oid)],
  );
  // Depth-first topological order; a self-reference is loaded in primary-key order (see backup).
  const parents = new Map<number, number[]>();
  for (const r of references) if (r.child !== r.parent) parents.set(r.child, [...(parents.get(r.child) ?? []), r.parent]);
  const ordered: number[] = [];
  const state = new Map<number, "visiting" | "done">();
  const visit = (oid: number, path: number[]) => {
    if (state.get(oid) === "done") return;
    if (state.get(oid) === "visiting") {
      const names = [...path, oid].map((o) => tables.find((t) => t.oid === o)?.name ?? String(o));
      throw new BackupError(`Foreign keys form a cycle (${names.join(" → ")}); this backup cannot order the tables.`);
    }
    state.set(oid, "visiting");
    for (const parent of parents.get(oid) ?? []) if (tables.some((t) => t.oid === parent)) visit(parent, [...path, oid]);
    state.set(oid, "done");
    ordered.push(oid);
  };
  for (const t of tables) visit(t.oid, []);
  return ordered.map((oid) => {
    const t = tables.find((x) => x.oid === oid)!;
    return { schema: t.schema, name: t.name, columns: columns.filter((c) => c.oid === oid).map((c) => c.name) };
  });
}

async function primaryKeyColumns(client: pg.Client, table: TableSpec): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [qualified(table)],
  );
  return rows.map((r) => r.name);
}

async function listSequences(client: pg.Client): Promise<SequenceSpec[]> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname <> ALL($1) AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY 1, 2`,
    [SYSTEM_SCHEMAS],
  );
  const out: SequenceSpec[] = [];
  for (const s of rows) {
    const { rows: [v] } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${qualified(s)}`);
    if (v) out.push({ ...s, lastValue: v.last_value, isCalled: v.is_called });
  }
  return out;
}

/** Writes a string to a stream, waiting when its buffer is full. */
async function write(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed) throw new BackupError("The stream was closed.");
  if (!stream.write(text)) await new Promise<void>((resolve, reject) => {
    stream.once("drain", resolve);
    stream.once("error", reject);
    stream.once("close", () => reject(new BackupError("The stream was closed.")));
  });
}

export type BackupResult = { file: string; tables: number; rows: number; migrations: number };

/** A consistent backup of the database at connectionString into `file` (written as file.partial, then renamed). */
export async function backupDatabase(connectionString: string, file: string): Promise<BackupResult> {
  const client = new pg.Client({ connectionString, application_name: "keit db:backup" });
  await client.connect();
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  // A failure of the file (disk full, no permission) must not leave us waiting for "drain".
  written.catch(() => undefined);
  try {
    await normaliseSession(client);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const { rows: [info] } = await client.query<{ server: string; database: string }>("SELECT version() AS server, current_database() AS database");
    const hasHistory = (await client.query<{ t: string | null }>("SELECT to_regclass('public._prisma_migrations')::text AS t")).rows[0]?.t;
    if (!hasHistory) throw new BackupError("This database has no _prisma_migrations table: it is not a database of this app (or was never migrated).");
    const { rows: migrations } = await client.query<{ name: string; checksum: string }>(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    const manifest: Manifest = { createdAt: new Date().toISOString(), server: info?.server ?? "", database: info?.database ?? "", migrations };
    const tables = await listTables(client);
    await write(gzip, `${BACKUP_FORMAT}\nMANIFEST ${JSON.stringify(manifest)}\n`);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      await write(gzip, `TABLE ${JSON.stringify(table)}\n`);
      const pk = await primaryKeyColumns(client, table);
      const columns = table.columns.map(ident).join(", ");
      const order = pk.length ? ` ORDER BY ${pk.map(ident).join(", ")}` : "";
      const copy = client.query(pgCopy.to(`COPY (SELECT ${columns} FROM ${qualified(table)}${order}) TO STDOUT`));
      // The stream ends at CommandComplete; the connection takes the next query after ReadyForQuery.
      const idle = new Promise<void>((resolve) => {
        const query = copy as unknown as { handleReadyForQuery: () => void };
        const handle = query.handleReadyForQuery.bind(copy);
        query.handleReadyForQuery = () => {
          handle();
          resolve();
        };
      });
      // Into the gzip stream without ending it: the next table follows.
      await pipeline(copy, new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (gzip.write(chunk)) done();
          else gzip.once("drain", () => done());
        },
      }));
      await idle;
      counts[key(table)] = copy.rowCount;
      await write(gzip, "\\.\n");
    }
    await write(gzip, `SEQUENCES ${JSON.stringify(await listSequences(client))}\n`);
    await write(gzip, `END ${JSON.stringify({ rows: counts })}\n`);
    await client.query("COMMIT");
    gzip.end();
    await written;
    await rename(partial, file);
    return { file, tables: tables.length, rows: Object.values(counts).reduce((a, b) => a + b, 0), migrations: migrations.length };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects to the database, creating it on its server first when it does not exist. */
async function connectOrCreate(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, application_name: "keit db:restore" });
  try {
    await client.connect();
    return client;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // 3D000: database does not exist
  }
  const url = new URL(connectionString);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${ident(name)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const created = new pg.Client({ connectionString, application_name: "keit db:restore" });
  await created.connect();
  return created;
}

export type RestoreResult = { tables: number; rows: number; restoredMigrations: number; appliedSince: string[] };

/** Restores `file` (made by backupDatabase) into the empty database at connectionString. */
export async function restoreDatabase(connectionString: string, file: string, options: { migrationsDir?: string } = {}): Promise<RestoreResult> {
  const dir = options.migrationsDir ?? MIGRATIONS_DIR;
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | null> => {
    const r = await iterator.next();
    return r.done ? null : r.value;
  };
  const header = await next();
  if (header !== BACKUP_FORMAT) throw new BackupError(`${file} is not a backup made by npm run db:backup (first line: ${JSON.stringify(header?.slice(0, 40) ?? "")}).`);
  const manifestLine = await next();
  if (!manifestLine?.startsWith("MANIFEST ")) throw new BackupError(`${file} has no manifest: it is damaged.`);
  const manifest = JSON.parse(manifestLine.slice("MANIFEST ".length)) as Manifest;

  // The backup's migrations must be ones this release knows, unchanged.
  const local = new Map((await listMigrations(dir)).map((m) => [m.name, m.sql]));
  for (const m of manifest.migrations) {
    const sql = local.get(m.name);
    if (sql === undefined) throw new BackupError(`The backup was made by a newer release (migration ${m.name} is unknown here): restore it with that release.`);
    if (!migrationChecksumMatches(m.checksum, sql)) throw new BackupError(`Migration ${m.name} differs from the one the backup was made with (checksum); restore with the release that made it.`);
  }

  const client = await connectOrCreate(connectionString);
  try {
    const { rows: [existing] } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname <> ALL($1)",
      [SYSTEM_SCHEMAS],
    );
    if ((existing?.n ?? 0) > 0) throw new BackupError("The target database is not empty: restore into a new, empty database (db:restore creates it when it does not exist).");
    await applyMigrations(connectionString, dir, { only: new Set(manifest.migrations.map((m) => m.name)) });

    await normaliseSession(client);
    await client.query("BEGIN");
    // Some migrations seed rows (the cost categories, the audit chain's head, the job queue's
    // queues); the backup holds those tables as they were, so they are emptied first.
    const { rows: tables } = await client.query<{ t: string }>(
      "SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname <> ALL($1) AND tablename <> '_prisma_migrations'",
      [SYSTEM_SCHEMAS],
    );
    const seeded: string[] = [];
    for (const { t } of tables) {
      const { rows: [has] } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${t}) AS any`);
      if (has?.any) seeded.push(t);
    }
    if (seeded.length) await client.query(`TRUNCATE ${seeded.join(", ")} CASCADE`);
    const counts: Record<string, number> = {};
    let sequences: SequenceSpec[] = [];
    let end: { rows: Record<string, number> } | null = null;
    for (let line = await next(); line !== null; line = await next()) {
      if (line.startsWith("TABLE ")) {
        const table = JSON.parse(line.slice("TABLE ".length)) as TableSpec;
        const { rows: [found] } = await client.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [qualified(table)]);
        if (!found?.t) throw new BackupError(`Table ${key(table)} of the backup does not exist after the migrations: the backup does not belong to this app.`);
        // The runner wrote its own history rows for the migrations just applied; keep the original ones.
        if (table.schema === "public" && table.name === "_prisma_migrations") await client.query('DELETE FROM "_prisma_migrations"');
        // The rows come as they were, derived columns and logs included (the audit chain's hashes,
        // the change feed): the table's own triggers stay off while they load. Foreign keys still hold.
        await client.query(`ALTER TABLE ${qualified(table)} DISABLE TRIGGER USER`);
        const copy = client.query(pgCopy.from(`COPY ${qualified(table)} (${table.columns.map(ident).join(", ")}) FROM STDIN`));
        const input = new PassThrough();
        const loaded = pipeline(input, copy);
        loaded.catch(() => undefined);
        let terminated = false;
        for (let row = await next(); row !== null; row = await next()) {
          if (row === "\\.") {
            terminated = true;
            break;
          }
          await write(input, `${row}\n`);
        }
        input.end();
        await loaded;
        if (!terminated) throw new BackupError(`${file} ends inside table ${key(table)}: the backup is incomplete.`);
        await client.query(`ALTER TABLE ${qualified(table)} ENABLE TRIGGER USER`);
        counts[key(table)] = copy.rowCount;
      } else if (line.startsWith("SEQUENCES ")) {
        sequences = JSON.parse(line.slice("SEQUENCES ".length)) as SequenceSpec[];
      } else if (line.startsWith("END ")) {
        end = JSON.parse(line.slice("END ".length)) as { rows: Record<string, number> };
      } else if (line !== "") {
        throw new BackupError(`${file} has an unexpected line (${JSON.stringify(line.slice(0, 40))}): it is damaged.`);
      }
    }
    if (!end) throw new BackupError(`${file} has no END line: the backup is incomplete (interrupted while it was written?).`);
    for (const [table, rows] of Object.entries(end.rows)) {
      if (counts[table] !== rows) throw new BackupError(`Table ${table}: the backup lists ${rows} rows, ${counts[table] ?? 0} were loaded.`);
    }
    for (const s of sequences) {
      const { rows: [found] } = await client.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [qualified(s)]);
      if (found?.t) await client.query("SELECT setval($1::regclass, $2::bigint, $3)", [qualified(s), s.lastValue, s.isCalled]);
    }
    await client.query("COMMIT");
    // Then whatever this release added since the backup was made.
    const since = await applyMigrations(connectionString, dir);
    return {
      tables: Object.keys(counts).length,
      rows: Object.values(counts).reduce((a, b) => a + b, 0),
      restoredMigrations: manifest.migrations.length,
      appliedSince: since.applied,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    lines.close();
    await client.end().catch(() => undefined);
  }
}
