// `npm start` / `npm run dev`: the one process that owns the database. It starts the embedded
// PostgreSQL (unless DATABASE_URL is set), applies migrations, seeds an empty database with the
// published portfolio, builds the app when no build exists, then runs Next.js as a child and stops
// both cleanly on Ctrl-C / SIGTERM (web server first, then PostgreSQL).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import { applyMigrations } from "../prisma/migrate";
import { PROJECT_ROOT, startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { ensurePublishedPortfolio } from "./ensure-seed";

const isDev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const nextBin = path.join(PROJECT_ROOT, "node_modules", ".bin", "next");
const log = (line: string) => console.log(`[start] ${line}`);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(nextBin, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next ${args[0]} exited with ${code}`))));
  });
}

async function main() {
  let postgres: RunningPostgres | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres("dev", log);
    databaseUrl = await postgres.ensureDatabase("keit");
  } else {
    log("Using DATABASE_URL; no embedded PostgreSQL is started.");
  }
  const env = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) };

  let web: ChildProcess | null = null;
  // Registered after embedded-postgres' own hook; async-exit-hook waits for every async hook
  // before exiting, so the web server is gone before the process ends.
  exitHook((done) => {
    if (!web || web.exitCode !== null) return done();
    web.once("exit", () => done());
    web.kill("SIGTERM");
  });

  const migrations = await applyMigrations(databaseUrl);
  log(migrations.applied.length ? `Applied migrations: ${migrations.applied.join(", ")}` : "Database schema is up to date.");
  const seeded = await ensurePublishedPortfolio(databaseUrl);
  if (seeded.length) log(`Seeded the published portfolio: ${seeded.join(", ")}`);

  if (!isDev && !existsSync(path.join(PROJECT_ROOT, ".next", "BUILD_ID"))) {
    log("No production build found: building (about half a minute) ...");
    await run(["build"], { ...env, NODE_ENV: "production" });
  }
  web = spawn(nextBin, [isDev ? "dev" : "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: PROJECT_ROOT, env, stdio: "inherit" });
  web.on("exit", (code, signal) => {
    if (signal === null) {
      log(`Next.js exited (${code}); stopping.`);
      void (postgres?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 1));
    }
  });
  log(`Open http://127.0.0.1:${port}/ko (English: http://127.0.0.1:${port}/en). Stop with Ctrl-C.`);
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
