// Runs Next.js as a child of the process that owns the database, so that Ctrl-C / SIGTERM stop
// the web server first and PostgreSQL after it (embedded-postgres' exit hook stops PostgreSQL).
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import { PROJECT_ROOT } from "./embedded-postgres";

const nextBin = path.join(PROJECT_ROOT, "node_modules", ".bin", "next");
const distDir = process.env.NEXT_DIST_DIR ?? ".next";

export function hasProductionBuild(): boolean {
  return existsSync(path.join(PROJECT_ROOT, distDir, "BUILD_ID"));
}

export function buildApp(): void {
  const build = spawnSync(nextBin, ["build"], {
    cwd: PROJECT_ROOT, stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
}

export function serveNext(options: { port: number; databaseUrl: string; dev?: boolean; stdio?: StdioOptions }): ChildProcess {
  const web = spawn(nextBin, [options.dev ? "dev" : "start", "-p", String(options.port), "-H", "127.0.0.1"], {
    cwd: PROJECT_ROOT,
    stdio: options.stdio ?? "inherit",
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      NODE_ENV: options.dev ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      // Node's default 16 KiB header limit answers a long (e.g. 10,000-character Korean) search URL
      // with a bare 431; let such requests reach the app, which explains what it ignored.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, "--max-http-header-size=131072"].filter(Boolean).join(" "),
    },
  });
  exitHook((done) => {
    if (web.exitCode !== null || web.signalCode !== null) return done();
    web.once("exit", () => done());
    web.kill("SIGTERM");
  });
  return web;
}
