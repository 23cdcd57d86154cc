// `npm run worker`: the job worker as its own process (production may run several, beside any
// number of web servers). `npm start` runs one itself (scripts/start.ts). Stops on SIGINT/SIGTERM
// after aborting the running jobs, whose transactions roll back; pg-boss marks them failed, and
// they can be retried.
import { startWorker } from "@/lib/jobs/worker";
import { withDatabase } from "@/lib/db";
import { toolDatabase } from "./database";

const log = (line: string) => console.log(`[worker] ${line}`);

async function main() {
  const database = await toolDatabase(log);
  // The handlers' data functions call db(): inside withDatabase it is a client for database.url,
  // and its pool closes once the worker has stopped.
  await withDatabase(database.url, async () => {
    const worker = await startWorker(database.url, undefined, log);
    database.beforeStop(() => worker.stop());
    log("Waiting for jobs.");
    const signal = await new Promise<string>((resolve) => {
      // A second signal while stopping changes nothing (resolve() is then a no-op).
      process.on("SIGINT", () => resolve("SIGINT"));
      process.on("SIGTERM", () => resolve("SIGTERM"));
    });
    log(`${signal}: stopping.`);
    await worker.stop();
  });
  await database.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`[worker] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
