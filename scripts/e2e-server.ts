// The web server of the Playwright suite: a fresh database on the embedded e2e PostgreSQL (or on
// TEST_DATABASE_URL's server), migrated and seeded with the published portfolio, served by the
// production build. Stops Next.js, drops nothing (the next run recreates), then stops PostgreSQL.
import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withDatabase } from "@/lib/db";
import { assertLocalDatabase } from "@/lib/testing/local-database";
import { seedE2eFixtures, seedGrantComparisonFixture, seedReminderFixtures } from "../prisma/e2e-fixtures/seed";
import { applyMigrations } from "../prisma/migrate";
import { grantAppRole } from "../prisma/roles";
import { createDatabaseIfMissing, PROJECT_ROOT, startEmbeddedPostgres } from "../prisma/embedded-postgres";
import { ensurePublishedPortfolio } from "../prisma/ensure-seed";
import { serveNext } from "./next-server";
import { runWorkerProcess } from "./worker-process";
import { testConfig } from "../lib/env";

const port = testConfig().E2E_PORT;
const E2E_DATABASE_URL_FILE = path.join(PROJECT_ROOT, ".data", "e2e-database-url");
const E2E_APP_DATABASE_URL_FILE = path.join(PROJECT_ROOT, ".data", "e2e-app-database-url");

async function main() {
  let serverUrl = testConfig().TEST_DATABASE_URL;
  const embedded = serverUrl ? null : await startEmbeddedPostgres("e2e");
  if (embedded) serverUrl = embedded.serverUrl;
  if (!serverUrl) throw new Error("no database server");
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
  // The app runs as the least-privilege role, as in production (docs/decisions/0019-database-roles.md).
  let appUrl = databaseUrl;
  if (embedded) {
    await grantAppRole(databaseUrl, embedded.appRole);
    appUrl = embedded.appDatabaseUrl(name);
  }
  await ensurePublishedPortfolio(databaseUrl, { demoAccounts: true });
  await withDatabase(databaseUrl, async (client) => {
    await seedE2eFixtures(client);
    await seedReminderFixtures(client);
    await seedGrantComparisonFixture(client);
  });
  // The specs that check what reached the database (audit rows, sessions) read it as the owner
  // through this file (mode 600, git-ignored like all of .data/).
  writeFileSync(E2E_DATABASE_URL_FILE, `${databaseUrl}\n`, { mode: 0o600 });
  // e2e/page-cache.spec.ts starts a second server on the same database, as the app's role.
  writeFileSync(E2E_APP_DATABASE_URL_FILE, `${appUrl}\n`, { mode: 0o600 });

  // A throw-away local database whose demo accounts are the suite's fixtures.
  serveNext({ port, databaseUrl: appUrl, embeddedDatabase: true });
  // Imports run as jobs: the suite runs the worker beside the web server, as `npm start` does.
  runWorkerProcess(appUrl, (line) => console.log(`[e2e] ${line}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
