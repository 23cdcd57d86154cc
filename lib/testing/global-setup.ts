import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/prisma/migrate";
import { createDatabaseIfMissing, startEmbeddedPostgres, type RunningPostgres } from "@/scripts/embedded-postgres";
import { assertLocalDatabase } from "./local-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

// Creates a throw-away database on the embedded test server (or on TEST_DATABASE_URL's server),
// migrates it, hands its URL to the tests and drops it afterwards.
export default async function setup(project: TestProject) {
  let server: RunningPostgres | null = null;
  let serverUrl = process.env.TEST_DATABASE_URL;
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
  project.provide("databaseUrl", databaseUrl);

  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
    await server?.stop();
  };
}
