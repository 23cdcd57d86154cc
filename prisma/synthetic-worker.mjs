// Entry of the synthetic loader's worker thread: a worker does not inherit the `--import tsx`
// hooks of its parent, so it registers tsx itself before loading the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./synthetic-worker.ts");
