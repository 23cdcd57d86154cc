import { db, disconnectDb } from "@/lib/db";
import { seedDemoAccounts, seedPublishedPortfolio } from "../prisma/seed";

/**
 * An empty database gets the published portfolio; a database with projects is left alone. A
 * database without users gets the demo accounts (see README), whatever its projects.
 */
export async function ensurePublishedPortfolio(databaseUrl: string, log: (line: string) => void = () => {}): Promise<string[]> {
  process.env.DATABASE_URL = databaseUrl;
  try {
    const client = db();
    const created = (await client.project.count()) > 0 ? [] : (await seedPublishedPortfolio(client)).created;
    // After the portfolio, so that the demo program manager finds the programme assigned to them.
    const accounts = await seedDemoAccounts(client);
    if (accounts.created.length) log(`Created the demo accounts (passwords in README.md): ${accounts.created.join(", ")}`);
    return created;
  } finally {
    await disconnectDb();
  }
}
