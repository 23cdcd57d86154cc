// The worker thread of the synthetic loader (prisma/synthetic.ts, workerBatches): makes the rows of
// one batch of projects after another while the main thread streams the previous batch into
// PostgreSQL. For each batch it reports how many ids it needs, waits for the ids the main thread
// reserved from the tables' sequences, and sends the rows back in COPY text.
import { parentPort, workerData } from "node:worker_threads";
import { formatBatch, lookupOf, prepareBatch, type BatchIds, type BatchLookups } from "./synthetic";

const { start, end, batchSize, lookups } = workerData as { start: number; end: number; batchSize: number; lookups: BatchLookups };
const port = parentPort;
if (!port) throw new Error("prisma/synthetic-worker.ts runs as a worker thread only");

const received: BatchIds[] = [];
let waiter: ((ids: BatchIds) => void) | null = null;
port.on("message", (ids: BatchIds) => {
  if (waiter) {
    const w = waiter;
    waiter = null;
    w(ids);
  } else received.push(ids);
});
const nextIds = () => new Promise<BatchIds>((resolve) => {
  const ids = received.shift();
  if (ids) resolve(ids);
  else waiter = resolve;
});

const lookup = lookupOf(lookups);
for (let from = start; from < end; from += batchSize) {
  const to = Math.min(from + batchSize, end);
  const prepared = prepareBatch(from, to);
  port.postMessage({ type: "counts", counts: prepared.counts });
  const ids = await nextIds();
  port.postMessage({ type: "rows", end: to, rows: formatBatch(prepared, ids, lookup), projectIds: ids.project });
}
port.postMessage({ type: "done" });
port.close();
