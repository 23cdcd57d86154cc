// Prisma Migrate's diffing without Prisma's native schema engine: Prisma 7's CLI downloads that
// binary as it starts, which fails on these machines (toolchain facts, "Prisma 7" and "Migrations
// offline, compatible with Prisma Migrate"; docs/decisions/0001-offline-migrations.md).
//
// We drive @prisma/schema-engine-wasm directly, the engine Prisma 7's own CLI loads when
// prisma.config.ts has `engine: "js"` (prisma/prisma packages/migrate/src/SchemaEngineWasm.ts), and
// hand it a migration-aware driver adapter built on @prisma/adapter-pg with three fixes that stock
// adapter-pg 7.10 needs for this use (FIX 1-3 below; each was a failure seen here, on Postgres 15
// and 18). The engine's diff gives no data-loss warnings: review destructive steps by hand.
import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import type { DiffTarget, MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";

// ---------------------------------------------------------------------------------------------
// Loading the engine.
// The package's main entry imports the .wasm as an ES module (needs --experimental-wasm-modules),
// so, like Prisma's own loader (packages/internals/src/wasm.ts), we instantiate it by hand from the
// wasm-bindgen glue. Once per process: the glue keeps its instance in module state.
// ---------------------------------------------------------------------------------------------
type EngineClass = typeof SchemaEngine;
let engineClass: Promise<EngineClass> | undefined;
let lastPanic: string | undefined; // message of the latest Rust panic

function loadEngineClass(): Promise<EngineClass> {
  engineClass ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const wasmFile = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const wasmModule = new WebAssembly.Module(await readFile(wasmFile));
    const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    // On a Rust panic the engine reports the message here (Prisma's CLI installs the same global);
    // without it the panic surfaces as "Cannot read properties of undefined (reading 'set_message')".
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => (lastPanic = message),
    };
    return glue.SchemaEngine;
  })();
  return engineClass;
}

// ---------------------------------------------------------------------------------------------
// FIX 1: column types of pg_catalog queries.
// The engine introspects through pg_catalog, whose contype/confupdtype/confdeltype columns have
// Postgres's one-byte `"char"` type (OID 18). adapter-pg (fieldToColumnType in its conversion.ts)
// throws "Column type 'char' could not be deserialized" for it and for any other pg_catalog type it
// does not know; reporting "char" as Text instead makes the engine panic (it reads a Rust char).
// So the pg client below relabels such columns as text before adapter-pg maps them (the values
// were parsed already, they are untouched), remembers which were "char", and
// FixedPgAdapter.queryRaw reports those as ColumnTypeEnum.Character.
// ---------------------------------------------------------------------------------------------
const CHAR_OID = 18;
const TEXT_OID = 25;
const FIRST_NORMAL_OBJECT_ID = 16384; // user-defined types (enums...) are text to adapter-pg
// The OIDs adapter-pg 7.10 maps itself (its src/conversion.ts, fieldToColumnType).
const ADAPTER_PG_OIDS = new Set([
  16, 17, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1266, 1560,
  1562, 1700, 2950, 3802, // scalars
  143, 199, 651, 791, 1000, 1001, 1002, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182, 1183,
  1185, 1231, 1561, 1563, 2951, 3807, // arrays
]);
const charColumnsOf = new WeakMap<unknown[], number[]>(); // result rows -> indexes of "char" columns

function relabelCatalogTypes(result: pg.QueryResult | undefined): void {
  if (!result?.fields) return;
  const charColumns: number[] = [];
  result.fields.forEach((field, i) => {
    if (field.dataTypeID === CHAR_OID) charColumns.push(i);
    if (field.dataTypeID < FIRST_NORMAL_OBJECT_ID && !ADAPTER_PG_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  });
  if (charColumns.length > 0) charColumnsOf.set(result.rows, charColumns);
}

/** pg.Client that relabels pg_catalog column types; every connection of our pools is one. */
class CatalogAwareClient extends pg.Client {
  // Typed loosely: it forwards whichever of pg's many query() overloads it is called with.
  override query(...args: unknown[]): never {
    const callback = args.at(-1);
    if (typeof callback === "function") {
      // pg.Pool#query passes a callback
      args[args.length - 1] = (error: Error | null, result?: pg.QueryResult) => {
        relabelCatalogTypes(result);
        callback(error, result);
      };
    }
    const returned = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    if (returned instanceof Promise) return returned.then((result: pg.QueryResult) => (relabelCatalogTypes(result), result)) as never;
    return returned as never;
  }
}

function withCharColumns(result: SqlResultSet): SqlResultSet {
  const charColumns = charColumnsOf.get(result.rows);
  if (!charColumns) return result;
  const columnTypes = [...result.columnTypes];
  for (const i of charColumns) columnTypes[i] = ColumnTypeEnum.Character;
  return { ...result, columnTypes };
}

function toDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  return new DriverAdapterError({
    kind: "postgres",
    code: error.code ?? "N/A",
    severity: error.severity ?? "N/A",
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}

/** adapter-pg's adapter with FIX 1 (queryRaw) and FIX 2 (executeScript). */
class FixedPgAdapter implements SqlDriverAdapter {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";

  private disposed = false;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly pool: pg.Pool,
    private readonly afterPoolEnd: () => Promise<void> = async () => {},
  ) {}

  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return withCharColumns(await this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  // FIX 2: adapter-pg's executeScript splits the script on ";" and runs the pieces, which breaks
  // $$ function bodies and any ";" in a string or comment (the engine replays every migration
  // through this). Postgres takes a whole script as one simple-protocol query, as Prisma's native
  // engine sends it and as prisma/migrate.ts applies migrations.
  async executeScript(script: string): Promise<void> {
    try {
      await this.pool.query(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const tx = await this.inner.startTransaction(isolationLevel);
    return Object.assign(Object.create(tx) as Transaction, {
      queryRaw: async (query: SqlQuery) => withCharColumns(await tx.queryRaw(query)),
    });
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  /** Idempotent: the engine disposes of what it opened, and withEngine() of anything left. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.inner.dispose(); // detaches adapter-pg's listener; our pool is "external" to it
    await this.pool.end();
    await this.afterPoolEnd();
  }
}

function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function connectFixed(url: string, afterPoolEnd?: () => Promise<void>): Promise<FixedPgAdapter> {
  const pool = new pg.Pool({ connectionString: url, Client: CatalogAwareClient });
  return new FixedPgAdapter(await new PrismaPg(pool).connect(), pool, afterPoolEnd);
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * FIX 3: adapter-pg's connectToShadowDb creates a shadow database but builds its pool from
 * `{ ...config, database }`, in which pg lets the connection string win over `database`: the
 * "shadow" pool is connected to the main database (checked: current_database() = the main one), so
 * the engine would replay the migrations there. And its dispose drops the shadow database before
 * ending that pool, which Postgres refuses once the pool really is connected to it. Here the shadow
 * database is real and separate, and dropped after its pool has ended (Prisma's native engine also
 * drops it from the main connection when done: prisma/prisma-engines#4722), even when the engine
 * fails half-way.
 */
class MigrationAwarePgFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private readonly opened: FixedPgAdapter[] = [];

  /**
   * url: the main database, read by "schemaDatasource" diffs. The engine connects to it as it starts
   * (it checks the server version), even for diffs that read no database.
   */
  constructor(private readonly url: string) {}

  async connect(): Promise<SqlDriverAdapter> {
    return this.keep(await connectFixed(this.url));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_shadow_${Date.now()}_${randomBytes(4).toString("hex")}`;
    await adminQuery(this.url, `CREATE DATABASE "${name}"`);
    return this.keep(await connectFixed(databaseUrl(this.url, name), () => adminQuery(this.url, `DROP DATABASE IF EXISTS "${name}"`)));
  }

  private keep(adapter: FixedPgAdapter): FixedPgAdapter {
    this.opened.push(adapter);
    return adapter;
  }

  /** Ends every pool the engine did not dispose of (error, panic) and drops leftover shadow databases. */
  async disposeAll(): Promise<void> {
    for (const adapter of this.opened) await adapter.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Running one engine command.
// ---------------------------------------------------------------------------------------------
const NO_FILTERS = { externalTables: [], externalEnums: [] };

async function withEngine<T>(url: string, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const SchemaEngineClass = await loadEngineClass();
  const factory = new MigrationAwarePgFactory(url);
  const log = process.env.SCHEMA_ENGINE_DEBUG ? (line: string) => console.error("[schema-engine]", line) : () => {};
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | undefined;
  lastPanic = undefined;
  try {
    engine = await SchemaEngineClass.new({ datamodels: undefined }, log, bound);
    return await run(engine);
  } catch (error) {
    // A Rust panic arrives as a bare WebAssembly "unreachable" error; the message came separately.
    if (error instanceof WebAssembly.RuntimeError && lastPanic) throw new Error(`Schema engine panicked: ${lastPanic}`, { cause: error });
    // An adapter error comes back as "External error id#N", N indexing the binder's error registry.
    const id = /External error id#(\d+)/.exec(String((error as Error)?.message))?.[1];
    const original = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
    if (original !== undefined) throw original instanceof Error ? original : new Error(JSON.stringify(original), { cause: error });
    throw error;
  } finally {
    engine?.free();
    await factory.disposeAll();
  }
}

async function diff(url: string, from: DiffTarget, to: DiffTarget): Promise<string> {
  const result = await withEngine(url, (engine) => engine.diff({ from, to, script: true, exitCode: null, filters: NO_FILTERS }));
  return result.stdout ?? "";
}

/** The migrations directory as Prisma's CLI hands it to the engine (packages/migrate/src/utils/listMigrations.ts). */
async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const baseDir = path.resolve(migrationsDir);
  const lockfile = { path: "migration_lock.toml", content: await readFile(path.join(baseDir, "migration_lock.toml"), "utf8").catch(() => null) };
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(path.join(baseDir, name, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return { baseDir, lockfile, shadowDbInitScript: "", migrationDirectories };
}

async function schemaFiles(schemaPath: string) {
  return [{ path: path.resolve(schemaPath), content: await readFile(schemaPath, "utf8") }];
}

/** True when a diff script has no statement (the engine answers with comments or nothing when in sync). */
export function isEmptyDiff(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}

/**
 * SQL taking the database built by the migrations in `migrationsDir` to `schemaPath`: a new
 * migration, or nothing when they agree. The migrations run in a temporary shadow database created
 * on the server at `url` (its user must be allowed to CREATE DATABASE) and dropped afterwards.
 */
export async function diffMigrationsToSchema(opts: { url: string; migrationsDir: string; schemaPath: string }): Promise<string> {
  const migrations = await readMigrations(opts.migrationsDir);
  return diff(opts.url, { tag: "migrations", ...migrations }, { tag: "schemaDatamodel", files: await schemaFiles(opts.schemaPath) });
}

/** SQL taking the live database at `url` to `schemaPath`; empty when they match. Read-only. */
export async function diffDatabaseToSchema(opts: { url: string; schemaPath: string }): Promise<string> {
  const files = await schemaFiles(opts.schemaPath);
  // "schemaDatasource" is the database the adapter connects to (the wasm engine rejects "url"
  // targets: "--from-url and --to-url flags are no longer supported").
  const live: DiffTarget = { tag: "schemaDatasource", files, configDir: path.dirname(path.resolve(opts.schemaPath)) };
  return diff(opts.url, live, { tag: "schemaDatamodel", files });
}

/**
 * SQL creating `schemaPath` from nothing. Reads no database, but the engine still connects to `url`
 * as it starts. Unlike diffMigrationsToSchema with no migrations yet (what `prisma migrate dev` does
 * for a first migration), it also emits `CREATE SCHEMA IF NOT EXISTS "public"`.
 */
export async function diffEmptyToSchema(opts: { url: string; schemaPath: string }): Promise<string> {
  return diff(opts.url, { tag: "empty" }, { tag: "schemaDatamodel", files: await schemaFiles(opts.schemaPath) });
}
