// Creates one project for an end-to-end test while the suite runs, with the shared factory
// (createProjectGraph, house style rule 13), on the database scripts/e2e-server.ts made. The
// Playwright fixture `createProject` (e2e/fixtures/test.ts) runs this as a child process: the
// factories import server-only modules, which load only under the react-server condition.
//
// Input: a ProjectSpec as JSON on stdin, won amounts written as "123n". Output: {"id": …} on stdout.
import { readFileSync } from "node:fs";
import path from "node:path";
import { db, disconnectDb } from "@/lib/db";
import { assertLocalDatabase } from "@/lib/testing/local-database";
import { createProjectGraph } from "@/prisma/factories";
import type { ProjectSpec } from "@/prisma/seed-data/types";
import { PROJECT_ROOT } from "../embedded-postgres";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main() {
  const url = readFileSync(path.join(PROJECT_ROOT, ".data", "e2e-database-url"), "utf8").trim();
  assertLocalDatabase(url);
  process.env.DATABASE_URL = url;
  const spec = JSON.parse(await readStdin(), (_key, value: unknown) =>
    typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value) as ProjectSpec;
  const id = await db().$transaction((tx) => createProjectGraph(tx, spec));
  await disconnectDb();
  process.stdout.write(`${JSON.stringify({ id })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
