// Runs Next.js as a child of the process that owns the database, so that Ctrl-C / SIGTERM stop
// the web server first and PostgreSQL after it (embedded-postgres' exit hook stops PostgreSQL).
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import { PROJECT_ROOT, stopBeforePostgres } from "../prisma/embedded-postgres";

const nextBin = path.join(PROJECT_ROOT, "node_modules", ".bin", "next");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";

export function hasProductionBuild(): boolean {
  return existsSync(path.join(PROJECT_ROOT, distDir, "BUILD_ID"));
}

/**
 * The secret that encrypts the session cookie: NEXTAUTH_SECRET when set, otherwise a random one
 * kept in .data/auth-secret (created once, readable only by its owner), so that sessions survive
 * a restart and nobody has to invent a secret to try the app.
 */
export function authSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = path.join(PROJECT_ROOT, ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      // "wx": a second process starting at the same moment keeps the first one's secret.
      writeFileSync(file, `${randomBytes(48).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret (fewer than 32 characters); delete it to create a new one.`);
  return secret;
}

export function buildApp(): void {
  const build = spawnSync(nextBin, ["build"], {
    cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, NEXTAUTH_SECRET: authSecret(), NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
}

export type ServeOptions = {
  port: number;
  databaseUrl: string;
  /**
   * The database is a local one of ours (the embedded PostgreSQL, or the throw-away database of
   * the e2e suite or the benchmark), where the published demo passwords are acceptable. An
   * external database in production refuses to serve while a demo password is in use.
   */
  embeddedDatabase: boolean;
  dev?: boolean;
  stdio?: StdioOptions;
  /** NEXTAUTH_URL for the server; default: as set, else http://127.0.0.1:<port>. */
  authUrl?: string;
};

/** The web server never gets the owner's credentials (docs/decisions/0019-database-roles.md). */
function withoutOwnerCredentials(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MIGRATION_DATABASE_URL: _owner, TEST_DATABASE_URL: _test, ...rest } = env;
  return rest;
}

export function serveNext(options: ServeOptions): ChildProcess {
  // Our front server (scripts/web-server.ts) runs Next.js in-process and replaces the client's
  // X-Forwarded-* headers by what TRUSTED_PROXY_HOPS allows, which `next start` cannot do.
  const args = ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", "web-server.ts"), String(options.port), "127.0.0.1"];
  const web = spawn(process.execPath, options.dev ? [...args, "--dev"] : args, {
    cwd: PROJECT_ROOT,
    stdio: options.stdio ?? "inherit",
    env: {
      ...withoutOwnerCredentials(process.env),
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_SECRET: authSecret(),
      // next-auth builds its redirects and cookie names from this; a deployment behind a proxy sets its public URL.
      NEXTAUTH_URL: options.authUrl ?? process.env.NEXTAUTH_URL ?? `http://127.0.0.1:${options.port}`,
      PORT: String(options.port),
      KEIT_EMBEDDED_DATABASE: options.embeddedDatabase ? "1" : "0",
      NODE_ENV: options.dev ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // A slow or stopped database makes a page fail within seconds instead of holding its request
      // (and memory) open: docs/decisions/0028-database-outages-and-shutdown.md. The command-line
      // tools keep no limit (their bulk statements may run long).
      DATABASE_STATEMENT_TIMEOUT_MS: process.env.DATABASE_STATEMENT_TIMEOUT_MS || "15000",
      DATABASE_LOCK_TIMEOUT_MS: process.env.DATABASE_LOCK_TIMEOUT_MS || "5000",
      DATABASE_CONNECT_TIMEOUT_MS: process.env.DATABASE_CONNECT_TIMEOUT_MS || "5000",
      // Node's default 16 KiB header limit answers a long (e.g. 10,000-character Korean) search URL
      // with a bare 431; let such requests reach the app, which explains what it ignored.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, "--max-http-header-size=131072"].filter(Boolean).join(" "),
    },
  });
  const stopWeb = () => new Promise<void>((resolve) => {
    if (web.exitCode !== null || web.signalCode !== null) return resolve();
    web.once("exit", () => resolve());
    web.kill("SIGTERM");
  });
  // async-exit-hook runs its hooks at the same time, embedded-postgres' stop among them: the
  // embedded PostgreSQL must wait until the web server has finished its requests in flight.
  stopBeforePostgres(stopWeb);
  // On a signal async-exit-hook waits for `done`; on process.exit() it calls hooks without one.
  exitHook((done?: () => void) => {
    void stopWeb().finally(() => { if (typeof done === "function") done(); });
  });
  return web;
}
