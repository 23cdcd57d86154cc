import { withDatabase } from "@/lib/db";
import { seedDemoAccounts, seedPublishedPortfolio } from "./seed";

export type SeedOptions = {
  /**
   * Whether a database without users gets the demo accounts (README): only our own local
   * databases (the embedded one of `npm start`, the e2e suite's, the benchmark's). An external
   * database (DATABASE_URL) never does: its first administrator comes from the setup link or
   * `npm run user:create` (docs/decisions/0021-first-run-and-operations.md).
   */
  demoAccounts: boolean;
  log?: (line: string) => void;
};

/**
 * An empty database gets the published portfolio; a database with projects is left alone. A
 * database without users gets the demo accounts when options.demoAccounts says so.
 */
export async function ensurePublishedPortfolio(databaseUrl: string, options: SeedOptions): Promise<string[]> {
  const log = options.log ?? (() => {});
  return withDatabase(databaseUrl, async (client) => {
    const created = (await client.project.count()) > 0 ? [] : (await seedPublishedPortfolio(client)).created;
    if (options.demoAccounts) {
      // After the portfolio, so that the demo program manager finds the programme assigned to them.
      const accounts = await seedDemoAccounts(client);
      if (accounts.created.length) log(`Created the demo accounts (passwords in README.md): ${accounts.created.join(", ")}`);
    }
    return created;
  });
}
