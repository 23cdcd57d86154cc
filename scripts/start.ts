// `npm start` / `npm run dev`: the one process that owns the database. It starts the embedded
// PostgreSQL (unless DATABASE_URL is set), applies migrations, seeds an empty database with the
// published portfolio, builds the app when no build exists, then runs Next.js as a child and stops
// both cleanly on Ctrl-C / SIGTERM (web server first, then PostgreSQL). Beside Next.js it runs the
// job worker (scripts/worker-process.ts), which stops before PostgreSQL does.
import { disconnectDb } from "@/lib/db";
import { demoPasswordRefusal } from "@/lib/server/demo-passwords";
import { applyMigrations } from "../prisma/migrate";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { ensurePublishedPortfolio } from "./ensure-seed";
import { buildApp, hasProductionBuild, serveNext } from "./next-server";
import { runWorkerProcess } from "./worker-process";

const isDev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => console.log(`[start] ${line}`);

async function main() {
  let postgres: RunningPostgres | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startEmbeddedPostgres("dev", log);
    databaseUrl = await postgres.ensureDatabase("keit");
  } else {
    log("Using DATABASE_URL; no embedded PostgreSQL is started.");
  }

  const migrations = await applyMigrations(databaseUrl);
  log(migrations.applied.length ? `Applied migrations: ${migrations.applied.join(", ")}` : "Database schema is up to date.");
  const seeded = await ensurePublishedPortfolio(databaseUrl, log);
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
  const worker = runWorkerProcess(databaseUrl, log);
  const web = serveNext({ port, databaseUrl, dev: isDev, embeddedDatabase: postgres !== null });
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
