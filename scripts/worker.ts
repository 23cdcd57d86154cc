// `npm run worker`: the job worker as its own process (production may run several, beside any
// number of web servers). `npm start` runs one itself (scripts/start.ts). Stops on SIGINT/SIGTERM
// after aborting the running jobs, whose transactions roll back; pg-boss marks them failed, and
// they can be retried.
import { startWorker } from "@/lib/jobs/worker";
import { disconnectDb } from "@/lib/db";
import { toolDatabase } from "./database";

const log = (line: string) => console.log(`[worker] ${line}`);

async function main() {
  const database = await toolDatabase(log);
  process.env.DATABASE_URL = database.url;
  const worker = await startWorker(database.url, undefined, log);
  database.beforeStop(() => worker.stop());
  log("Waiting for jobs.");
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping.`);
    void worker.stop()
      .then(() => disconnectDb())
      .then(() => database.stop())
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
