import { db, disconnectDb } from "@/lib/db";
import { seedPublishedPortfolio } from "../prisma/seed";

/** An empty database gets the published portfolio; a database with projects is left alone. */
export async function ensurePublishedPortfolio(databaseUrl: string): Promise<string[]> {
  process.env.DATABASE_URL = databaseUrl;
  try {
    const client = db();
    if ((await client.project.count()) > 0) return [];
    return (await seedPublishedPortfolio(client)).created;
  } finally {
    await disconnectDb();
  }
}
