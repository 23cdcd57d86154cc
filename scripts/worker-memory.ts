// Memory settings of the processes that run imports (the job worker of `npm start`, `npm run bench`'s
// import scenario). Measured on a 100,000-project file (docs/decisions/0025): without them the
// process's resident memory passes 1 GB although its JavaScript heap stays far below it.
// - A cap on V8's old generation, so the garbage collector works before the heap grows far past
//   its live set (WORKER_MAX_OLD_SPACE_MB, default 640).
// - MALLOC_ARENA_MAX=2: glibc gives each thread (libuv's pool, V8's helpers, zlib) its own malloc
//   arena by default and keeps their freed pages; two arenas keep native memory compact. Read by
//   glibc when the process starts, so it is set for the child, not here.

export const WORKER_MAX_OLD_SPACE_MB = Number(process.env.WORKER_MAX_OLD_SPACE_MB ?? 640);

/** Node flags for a process that runs imports (before the script's own flags). */
export function workerNodeFlags(): string[] {
  return Number.isFinite(WORKER_MAX_OLD_SPACE_MB) && WORKER_MAX_OLD_SPACE_MB > 0 ? [`--max-old-space-size=${WORKER_MAX_OLD_SPACE_MB}`] : [];
}

/** The environment for such a process. */
export function workerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2" };
}
