import "server-only";
import { runApply, runDryRun } from "@/lib/data/import-runs";
import type { JobHandler } from "./handlers";
import { QUEUES } from "./queues";

// Import jobs: { importId, phase: "dryRun" | "apply" } (lib/data/imports.ts does the work).
export const importJobHandler: JobHandler = {
  queue: QUEUES.import,
  concurrency: 1,
  async run(job, { signal }) {
    const data = job.data as { importId?: unknown; phase?: unknown };
    const id = Number(data.importId);
    if (!Number.isInteger(id) || id < 1) throw new Error("An import job needs an importId.");
    if (data.phase === "dryRun") {
      const result = await runDryRun(id, signal);
      return { status: result.status, created: result.created, updated: result.updated, unchanged: result.unchanged, errors: result.errors.length };
    }
    if (data.phase === "apply") {
      const result = await runApply(id, signal);
      return { status: result.status, created: result.created, updated: result.updated, unchanged: result.unchanged, errors: result.errors.length };
    }
    throw new Error(`Unknown import phase ${String(data.phase)}.`);
  },
};
