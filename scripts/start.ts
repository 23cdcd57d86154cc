// `npm start` / `npm run dev`: the one process that owns the database. It checks the
// configuration, starts the embedded PostgreSQL (unless DATABASE_URL is set), applies migrations,
// seeds an empty database with the published portfolio (and, on the embedded database only, the
// demo accounts), builds the app when no build exists, then runs Next.js as a child and stops both
// cleanly on Ctrl-C / SIGTERM (web server first, then PostgreSQL). Beside Next.js it runs the
// job worker (scripts/worker-process.ts), which stops before PostgreSQL does. On an external database
// without an administrator, the Next.js server prints a one-time setup link (lib/server/startup.ts).
import { disconnectDb } from "@/lib/db";
import { defaultAuthUrl, startConfig } from "@/lib/env";
import { demoPasswordRefusal } from "@/lib/server/demo-passwords";
import { applyMigrations } from "../prisma/migrate";
import { grantAppRole, roleOfUrl, roleProblem } from "../prisma/roles";
import { startEmbeddedPostgres, type RunningPostgres } from "../prisma/embedded-postgres";
import { ensurePublishedPortfolio } from "../prisma/ensure-seed";
import { buildApp, hasProductionBuild, serveNext } from "./next-server";
import { runWorkerProcess } from "./worker-process";

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
  // Two roles (docs/decisions/0019-database-roles.md): the owner applies the migrations and seeds,
  // the app serves with a role that owns nothing and can only append to the audit trail.
  let ownerUrl: string;
  let appUrl: string;
  if (!process.env.DATABASE_URL) {
    postgres = await startEmbeddedPostgres("dev", log);
    ownerUrl = await postgres.ensureDatabase("keit");
    appUrl = postgres.appDatabaseUrl("keit");
  } else {
    appUrl = process.env.DATABASE_URL;
    ownerUrl = process.env.MIGRATION_DATABASE_URL ?? appUrl;
    log(`Using DATABASE_URL${process.env.MIGRATION_DATABASE_URL ? " (app) and MIGRATION_DATABASE_URL (migrations)" : ""}; no embedded PostgreSQL is started.`);
  }

  const migrations = await applyMigrations(ownerUrl);
  log(migrations.applied.length ? `Applied migrations: ${migrations.applied.join(", ")}` : "Database schema is up to date.");
  if (roleOfUrl(ownerUrl) !== roleOfUrl(appUrl)) {
    const problem = roleProblem(await grantAppRole(ownerUrl, roleOfUrl(appUrl)));
    if (problem) log(`WARNING: ${problem}`);
  } else {
    log("WARNING: the app uses the role that owns the schema, so it could rewrite the audit trail. Set MIGRATION_DATABASE_URL for the owner and give DATABASE_URL a role of its own (README, \"Database roles\").");
  }
  // Demo accounts (published passwords) only ever go into the embedded database.
  const seeded = await ensurePublishedPortfolio(ownerUrl, { demoAccounts: postgres !== null, log });
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
  const worker = runWorkerProcess(appUrl, log);
  const web = serveNext({ port, databaseUrl: appUrl, dev: isDev, embeddedDatabase: postgres !== null, authUrl: defaultAuthUrl(config, port) });
  web.on("exit", (code, signal) => {
    if (signal === null) {
      log(`Next.js exited (${code}); stopping.`);
      void worker.stop()
        .then(() => postgres?.stop())
        .finally(() => process.exit(code ?? 1));
    }
  });
  log(`Open http://127.0.0.1:${port}/ko (English: http://127.0.0.1:${port}/en). Stop with Ctrl-C.`);
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
