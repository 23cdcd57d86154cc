// What the operator's one-shot commands (db:backup, db:restore, audit:verify, user:create,
// user:set-password) share: the database they work on, and how they end. Each takes the URL it is
// given (DATABASE_URL, validated by the caller) or else the embedded database of `npm start`,
// which is started for the command and stopped after it; and each ends with its exit code, or with
// one line (no stack trace) when it fails.
import { startEmbeddedPostgres, type RunningPostgres } from "../prisma/embedded-postgres";

/**
 * Runs `work` on the database at `url`, or, without one, on the embedded dev database (as its
 * owner, or as the app's role with `role: "app"`), stopping that server again afterwards.
 */
export async function onOperatorDatabase<T>(url: string | undefined, work: (url: string) => Promise<T>, options: { role?: "owner" | "app" } = {}): Promise<T> {
  if (url) return work(url);
  let postgres: RunningPostgres | null = null;
  try {
    postgres = await startEmbeddedPostgres("dev");
    const embedded = options.role === "app" ? postgres.appDatabaseUrl("keit") : await postgres.ensureDatabase("keit");
    return await work(embedded);
  } finally {
    await postgres?.stop();
  }
}

/** Exits with main's code; if it throws, prints `<failure>: <message>` (or the message alone) and exits with `errorCode`. */
export function runOperatorCommand(main: () => Promise<number>, failure: string | null, errorCode = 1): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(failure ? `${failure}: ${message}` : message);
      process.exit(errorCode);
    },
  );
}
