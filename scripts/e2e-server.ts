// The web server of the Playwright suite: a fresh database on the embedded e2e PostgreSQL (or on
// TEST_DATABASE_URL's server), migrated and seeded with the published portfolio, served by the
// production build. Stops Next.js, drops nothing (the next run recreates), then stops PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import exitHook from "async-exit-hook";
import pg from "pg";
import { db, disconnectDb } from "@/lib/db";
import { assertLocalDatabase } from "@/lib/testing/local-database";
import { seedE2eFixtures } from "../e2e/fixtures/portfolio";
import { applyMigrations } from "../prisma/migrate";
import { createDatabaseIfMissing, PROJECT_ROOT, startEmbeddedPostgres } from "./embedded-postgres";
import { ensurePublishedPortfolio } from "./ensure-seed";

const port = Number(process.env.E2E_PORT ?? 3210);

async function main() {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) serverUrl = (await startEmbeddedPostgres("e2e")).serverUrl;
  assertLocalDatabase(serverUrl);
  const name = "keit_e2e";
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await createDatabaseIfMissing(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await applyMigrations(databaseUrl);
  await ensurePublishedPortfolio(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  await seedE2eFixtures(db());
  await disconnectDb();

  let web: ChildProcess | null = null;
  exitHook((done) => {
    if (!web || web.exitCode !== null) return done();
    web.once("exit", () => done());
    web.kill("SIGTERM");
  });
  web = spawn(path.join(PROJECT_ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: "inherit",
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
