import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { noteDatabaseFailure } from "@/lib/server/database-unavailable";

// The one PrismaClient (house style rule 2). Prisma 7 needs no native engine: it talks to
// PostgreSQL through the pg driver adapter. The embedded PostgreSQL is started by the process
// that owns it (scripts/start.ts, the test global setup), never inside the Next server, which
// always receives DATABASE_URL; see docs/decisions/0002-embedded-postgres.md.
//
// Outages and slowness (docs/decisions/0028-database-outages-and-shutdown.md): pg's pool drops a
// connection that broke and opens a new one for the next query, so the app recovers by itself when
// PostgreSQL returns. Every failed query passes through noteDatabaseFailure(), which marks the
// request so the front server answers 503 instead of 500. statement_timeout, lock_timeout and the
// pool's connection wait come from DATABASE_*_TIMEOUT_MS (0: no limit).

type Holder = { client?: PrismaClient; key?: string };
const holder: Holder = ((globalThis as { __keitPrisma?: Holder }).__keitPrisma ??= {});

const WATCHED = new Set(["queryRaw", "executeRaw", "executeScript", "startTransaction", "commit", "rollback"]);

/** The adapter (or a transaction of it) with every failure reported to noteDatabaseFailure(). */
function watched<T extends SqlDriverAdapter | Transaction>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof property !== "string" || !WATCHED.has(property) || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
          return property === "startTransaction" ? watched(result as Transaction) : result;
        } catch (error) {
          noteDatabaseFailure(error);
          throw error;
        }
      };
    },
  });
}

export function db(): PrismaClient {
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_MS } = env();
  const key = [DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_MS].join("|");
  if (!holder.client || holder.key !== key) {
    // A new database URL or setting (a test harness or script switching databases): the old
    // client's pool is closed, not left holding connections to the previous database.
    if (holder.client) void holder.client.$disconnect();
    const factory = new PrismaPg(
      {
        connectionString: DATABASE_URL,
        max: DATABASE_POOL_SIZE,
        connectionTimeoutMillis: DATABASE_CONNECT_TIMEOUT_MS,
        // Sent in the connection's start-up packet, so they hold for every statement on it.
        ...(DATABASE_STATEMENT_TIMEOUT_MS ? { statement_timeout: DATABASE_STATEMENT_TIMEOUT_MS } : {}),
        ...(DATABASE_LOCK_TIMEOUT_MS ? { lock_timeout: DATABASE_LOCK_TIMEOUT_MS } : {}),
        keepAlive: true,
      },
      // An idle pooled connection that PostgreSQL closed (restart, fast shutdown): the pool drops it.
      { onPoolError: noteDatabaseFailure, onConnectionError: noteDatabaseFailure },
    );
    const connect = factory.connect.bind(factory);
    factory.connect = async () => watched(await connect());
    holder.client = new PrismaClient({ adapter: factory });
    holder.key = key;
  }
  return holder.client;
}

export async function disconnectDb(): Promise<void> {
  if (holder.client) await holder.client.$disconnect();
  holder.client = undefined;
  holder.key = undefined;
}
