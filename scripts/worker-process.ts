// Runs the job worker (scripts/worker.ts) as a child of `npm start`, restarts it when it dies
// unexpectedly, and stops it (SIGTERM, then waits) before the embedded PostgreSQL stops.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import exitHook from "async-exit-hook";
import { PROJECT_ROOT, stopBeforePostgres } from "../prisma/embedded-postgres";
import { workerEnv, workerNodeFlags } from "./worker-memory";

export type WorkerProcess = { stop(): Promise<void> };

export function runWorkerProcess(databaseUrl: string, log: (line: string) => void): WorkerProcess {
  let child: ChildProcess | null = null;
  let stopping = false;
  let restarts = 0;

  const launch = () => {
    const started = Date.now();
    child = spawn(process.execPath, [...workerNodeFlags(), "--conditions=react-server", "--import", "tsx", path.join(PROJECT_ROOT, "scripts", "worker.ts")], {
      cwd: PROJECT_ROOT,
      stdio: "inherit",
      env: workerEnv({ ...process.env, DATABASE_URL: databaseUrl }),
    });
    child.on("exit", (code, signal) => {
      child = null;
      if (stopping) return;
      // A worker that keeps dying right after start (bad configuration) is not restarted forever.
      restarts = Date.now() - started > 60_000 ? 0 : restarts + 1;
      if (restarts > 5) {
        log(`The job worker exited (${signal ?? code}) ${restarts} times in a row; not restarting it. Imports wait until it runs again (npm run worker).`);
        return;
      }
      log(`The job worker exited (${signal ?? code}); restarting it.`);
      setTimeout(() => { if (!stopping) launch(); }, 1_000 * restarts);
    });
  };

  const stop = () => {
    stopping = true;
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
  };

  launch();
  stopBeforePostgres(stop);
  // With an external database (no embedded server to wrap) the exit hook stops the worker itself.
  exitHook((done?: () => void) => {
    void stop().finally(() => { if (typeof done === "function") done(); });
  });
  return { stop };
}
