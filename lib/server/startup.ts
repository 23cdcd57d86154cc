import "server-only";
import { issueSetupToken, SETUP_TOKEN_MINUTES } from "@/lib/data/setup";
import { env, startConfig } from "@/lib/env";
import { exitIfDemoPasswordsInProduction } from "@/lib/server/demo-passwords";

// What a Next.js server does once when it starts (instrumentation.ts), whether through
// `npm start` or `next start` directly:
// 1. the configuration check: a wrong variable stops the start with one line saying what to set;
// 2. the refusal to serve production from an external database with a demo password;
// 3. on a database without an administrator, a one-time setup link in the log.
// Each stops the process with one line rather than a stack trace (docs/decisions/0021).

function stop(line: string): never {
  console.error(line);
  process.exit(1);
}

/** The one line for an error from the database at start (unreachable, wrong password, ...). */
function databaseProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n").map((l) => l.trim()).filter(Boolean).at(-1) ?? "unknown error";
  return `Cannot use the database at start (${firstLine.slice(0, 200)}): check DATABASE_URL and that PostgreSQL is running and migrated (npm run db:migrate).`;
}

export async function prepareServer(): Promise<void> {
  const checked = startConfig();
  if (!checked.ok) stop(checked.problem);
  if (!checked.config.DATABASE_URL) stop("Configuration error: DATABASE_URL is not set: start the app with `npm start` (embedded PostgreSQL) or set DATABASE_URL=postgresql://user:password@host:5432/database");
  try {
    await exitIfDemoPasswordsInProduction();
    await announceSetupLink();
  } catch (error) {
    stop(databaseProblem(error));
  }
}

/** Prints the setup link when the database has no enabled administrator (lib/data/setup.ts). */
async function announceSetupLink(): Promise<void> {
  const issued = await issueSetupToken();
  if (!issued) return;
  const { NEXTAUTH_URL, PUBLIC_ORIGIN, PORT } = env();
  const origin = (NEXTAUTH_URL ?? PUBLIC_ORIGIN ?? `http://127.0.0.1:${PORT}`).replace(/\/$/, "");
  // One console line each: the front server writes every console line as one JSON log line.
  for (const line of [
    "[setup] This database has no administrator yet. Create the first one, within " + `${SETUP_TOKEN_MINUTES} minutes, at:`,
    `[setup]   ${origin}/ko/setup?token=${issued.token}`,
    `[setup] (English: ${origin}/en/setup?token=${issued.token}). The link works once; every start prints a new one`,
    "[setup] until an administrator exists. Or on the command line: npm run user:create -- --email … --name … --role admin",
  ]) console.log(line);
}
