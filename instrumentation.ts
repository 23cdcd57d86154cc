// Next.js calls register() once when a server starts. Here it refuses to serve production from an
// external database while a published demo password is in use (lib/server/demo-passwords.ts),
// for anyone who runs `next start` directly instead of `npm start` (which checks it first).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself; testing it here (rather than through lib/env) lets the
  // bundler drop the Node-only module from the edge build, as Next's instrumentation guide shows.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { exitIfDemoPasswordsInProduction } = await import("@/lib/server/demo-passwords");
    await exitIfDemoPasswordsInProduction();
  }
}
