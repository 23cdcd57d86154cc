// Next.js calls register() once when a server starts, whether through `npm start` or `next start`
// directly: it checks the configuration, refuses to serve production from an external database
// while a published demo password is in use, and prints the one-time setup link on a database
// without an administrator (lib/server/startup.ts).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next.js itself; testing it here (rather than through lib/env) lets the
  // bundler drop the Node-only module from the edge build, as Next's instrumentation guide shows.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareServer } = await import("@/lib/server/startup");
    await prepareServer();
  }
}
