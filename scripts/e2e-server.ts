// The web server of the Playwright suite: a fresh database on the embedded e2e PostgreSQL (or on
// TEST_DATABASE_URL's server), migrated and seeded with the published portfolio, served by the
// production build. Stops Next.js, drops nothing (the next run recreates), then stops PostgreSQL.
import pg from "pg";
import { db, disconnectDb } from "@/lib/db";
import { assertLocalDatabase } from "@/lib/testing/local-database";
import { seedE2eFixtures } from "../e2e/fixtures/seed";
import { applyMigrations } from "../prisma/migrate";
import { createDatabaseIfMissing, startEmbeddedPostgres } from "./embedded-postgres";
import { ensurePublishedPortfolio } from "./ensure-seed";
import { serveNext } from "./next-server";

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
  await ensurePublishedPortfolio(databaseUrl, { demoAccounts: true });
  process.env.DATABASE_URL = databaseUrl;
  await seedE2eFixtures(db());
  await disconnectDb();

  // A throw-away local database whose demo accounts are the suite's fixtures.
  serveNext({ port, databaseUrl, embeddedDatabase: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
