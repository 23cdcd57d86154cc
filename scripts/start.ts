// `npm start` / `npm run dev`: the one process that owns the database. It checks the
// configuration, starts the embedded PostgreSQL (unless DATABASE_URL is set), applies migrations,
// seeds an empty database with the published portfolio (and, on the embedded database only, the
// demo accounts), builds the app when no build exists, then runs Next.js as a child and stops both
// cleanly on Ctrl-C / SIGTERM (web server first, then PostgreSQL). On an external database
// without an administrator, the Next.js server prints a one-time setup link (lib/server/startup.ts).
import { disconnectDb } from "@/lib/db";
import { defaultAuthUrl, startConfig } from "@/lib/env";
import { demoPasswordRefusal } from "@/lib/server/demo-passwords";
import { applyMigrations } from "../prisma/migrate";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { ensurePublishedPortfolio } from "./ensure-seed";
import { buildApp, hasProductionBuild, serveNext } from "./next-server";

const isDev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[start] ${line}`);

// First of all, before anything is started: a wrong variable stops here with one line.
const checked = startConfig();
if (!checked.ok) {
  console.error(checked.problem);
  process.exit(1);
}
const config = checked.config;
const port = config.PORT;

async function main() {
  let postgres: RunningPostgres | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres("dev", log);
    databaseUrl = await postgres.ensureDatabase("keit");
  } else {
    log("Using DATABASE_URL; no embedded PostgreSQL is started.");
  }

  const migrations = await applyMigrations(databaseUrl);
  log(migrations.applied.length ? `Applied migrations: ${migrations.applied.join(", ")}` : "Database schema is up to date.");
  // Demo accounts (published passwords) only ever go into the embedded database.
  const seeded = await ensurePublishedPortfolio(databaseUrl, { demoAccounts: postgres !== null, log });
  if (seeded.length) log(`Seeded the published portfolio: ${seeded.join(", ")}`);

  const refusal = await demoPasswordRefusal({ production: !isDev, embeddedDatabase: postgres !== null }).finally(() => disconnectDb());
  if (refusal) {
    console.error(refusal);
    await postgres?.stop();
    process.exit(1);
  }

  if (!isDev && !hasProductionBuild()) {
    log("No production build found: building (about half a minute) ...");
    buildApp();
  }
  const web = serveNext({ port, databaseUrl, dev: isDev, embeddedDatabase: postgres !== null, authUrl: defaultAuthUrl(config, port) });
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
