// The app as `npm start` runs it (scripts/start.ts), on the fault drills' own embedded PostgreSQL
// (.data/postgres-drills, database keit_drills), so the drills never touch dev data. Started by
// scripts/drills.ts with an IPC channel; it answers these messages:
//   { cmd: "pg-stop" } / { cmd: "pg-start" }   stop / start PostgreSQL (the web server keeps running)
//   { cmd: "web-restart" }                     start the web server again (after the drill killed it)
// and on SIGTERM stops like `npm start`: the web server first (requests in flight finish), then
// PostgreSQL. PostgreSQL's own log is appended to .data/drills/postgres.log, the web server's to
// .data/drills/web.log.
// Usage: node --conditions=react-server --import tsx scripts/drill-stack.ts <port>
import { appendFileSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { applyMigrations } from "../prisma/migrate";
import { grantAppRole } from "../prisma/roles";
import { PROJECT_ROOT, startEmbeddedPostgres } from "../prisma/embedded-postgres";
import { ensurePublishedPortfolio } from "../prisma/ensure-seed";
import { serveNext } from "./next-server";

const DRILL_DIR = path.join(PROJECT_ROOT, ".data", "drills");
const DRILL_DATABASE = "keit_drills";

export type StackReady = { type: "ready"; ownerUrl: string; appUrl: string; serverUrl: string; webPid: number };
export type StackMessage = StackReady | { type: "done"; cmd: string; webPid?: number } | { type: "failed"; cmd: string; error: string };
export type StackCommand = { cmd: "pg-stop" | "pg-start" | "web-restart" };

async function main() {
  const port = Number(process.argv[2]);
  if (!Number.isInteger(port) || port <= 0) throw new Error("Usage: scripts/drill-stack.ts <port>");
  mkdirSync(DRILL_DIR, { recursive: true });
  const pgLog = path.join(DRILL_DIR, "postgres.log");
  const postgres = await startEmbeddedPostgres("drills", () => {}, { serverLog: (line) => appendFileSync(pgLog, line) });
  if (postgres.reused) throw new Error("Another process runs the drills' PostgreSQL (.data/postgres-drills): stop it first.");
  const ownerUrl = await postgres.ensureDatabase(DRILL_DATABASE);
  await applyMigrations(ownerUrl);
  await grantAppRole(ownerUrl, postgres.appRole);
  await ensurePublishedPortfolio(ownerUrl, { demoAccounts: true });
  const appUrl = postgres.appDatabaseUrl(DRILL_DATABASE);
  const webLog = openSync(path.join(DRILL_DIR, "web.log"), "a");
  const serve = () => serveNext({ port, databaseUrl: appUrl, embeddedDatabase: true, stdio: ["ignore", webLog, webLog] });
  let web = serve();
  const send = (message: StackMessage) => process.send?.(message);
  process.on("message", (message: StackCommand) => {
    const run = async (): Promise<number | undefined> => {
      if (message.cmd === "pg-stop") await postgres.pause();
      else if (message.cmd === "pg-start") await postgres.restart();
      else if (message.cmd === "web-restart") {
        web = serve();
        return web.pid;
      }
      return undefined;
    };
    run().then(
      (webPid) => send({ type: "done", cmd: message.cmd, webPid }),
      (error: unknown) => send({ type: "failed", cmd: message.cmd, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The drills process went away without stopping us: stop as on SIGTERM (web server, then PostgreSQL).
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  send({ type: "ready", ownerUrl, appUrl, serverUrl: postgres.serverUrl, webPid: web.pid ?? 0 });
}

main().catch((error: unknown) => {
  console.error(`[drill-stack] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
