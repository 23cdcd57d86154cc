import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one PrismaClient (house style rule 2). Prisma 7 needs no native engine: it talks to
// PostgreSQL through the pg driver adapter. The embedded PostgreSQL is started by the process
// that owns it (scripts/start.ts, the test global setup), never inside the Next server, which
// always receives DATABASE_URL; see docs/decisions/0002-embedded-postgres.md.

type Holder = { client?: PrismaClient; url?: string };
const holder: Holder = ((globalThis as { __keitPrisma?: Holder }).__keitPrisma ??= {});

export function db(): PrismaClient {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = env();
  if (!holder.client || holder.url !== DATABASE_URL) {
    // A new database URL (a test harness or script switching databases): the old client's pool
    // is closed, not left holding connections to the previous database.
    if (holder.client) void holder.client.$disconnect();
    const adapter = new PrismaPg({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE });
    holder.client = new PrismaClient({ adapter });
    holder.url = DATABASE_URL;
  }
  return holder.client;
}

export async function disconnectDb(): Promise<void> {
  if (holder.client) await holder.client.$disconnect();
  holder.client = undefined;
  holder.url = undefined;
}
