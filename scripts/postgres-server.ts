// A process that owns one embedded PostgreSQL and nothing else, for the end-to-end tests that
// need a database server they can stop and start again (e2e/first-run.spec.ts,
// e2e/operations-guide.spec.ts). Prints "READY <server URL>" and stops PostgreSQL on SIGTERM.
// Usage: node --import tsx scripts/postgres-server.ts first-run|ops-guide [--port N]
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type Purpose } from "../prisma/embedded-postgres";

const { values, positionals } = parseArgs({ options: { port: { type: "string" } }, allowPositionals: true, strict: true });
const purpose = positionals[0];
if (purpose !== "first-run" && purpose !== "ops-guide") {
  console.error("Usage: scripts/postgres-server.ts first-run|ops-guide [--port N]");
  process.exit(2);
}

startEmbeddedPostgres(purpose as Purpose, (line) => console.log(line), { port: values.port ? Number(values.port) : undefined }).then(
  (server) => {
    if (server.reused) {
      console.error("Another process owns this PostgreSQL; stop it first.");
      process.exit(1);
    }
    console.log(`READY ${server.serverUrl}`);
    // embedded-postgres' exit hook stops PostgreSQL on SIGTERM/SIGINT; keep the process alive until then.
    setInterval(() => {}, 60_000);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
