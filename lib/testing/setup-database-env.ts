import { afterAll } from "vitest";
import { inject } from "vitest";
import { disconnectDb } from "@/lib/db";

// lib/env reads DATABASE_URL when lib/db first connects, which is after this file runs.
process.env.DATABASE_URL = inject("databaseUrl");

afterAll(async () => {
  await disconnectDb();
});
