import { afterAll } from "vitest";
import { inject } from "vitest";
import { disconnectDb } from "@/lib/db";

// lib/env reads DATABASE_URL when lib/db first connects, which is after this file runs.
// Unlike the scripts (which pass their URL to withDatabase, issue 11), the test process keeps
// setting the variable: it is the whole process's database, and the app code under test reads it
// through lib/env exactly as the web server does.
process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  await disconnectDb();
});
