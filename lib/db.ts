import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env, provideScopedDatabaseUrl, startConfig } from "@/lib/env";
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
//
// Scripts and tools that work on a database they chose (the embedded one, a benchmark's, the e2e
// suite's) pass its URL to withDatabase(url, fn) instead of rewriting process.env.DATABASE_URL:
// inside fn (and everything it starts, through AsyncLocalStorage) db() is a client for that URL,
// and its pool is closed when fn ends. The web server never calls it, so db() there is the one
// client built from lib/env.

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

type Settings = { url: string; poolSize: number; statementTimeoutMs: number; lockTimeoutMs: number; connectTimeoutMs: number };

/** The pool settings alone: a script that passes its own URL may have no DATABASE_URL set. */
function poolEnv() {
  const checked = startConfig();
  if (!checked.ok) throw new Error(checked.problem);
  return checked.config;
}

function settings(url?: string): Settings {
  const { DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_MS } = url ? poolEnv() : env();
  return {
    url: url ?? env().DATABASE_URL,
    poolSize: DATABASE_POOL_SIZE,
    statementTimeoutMs: DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: DATABASE_LOCK_TIMEOUT_MS,
    connectTimeoutMs: DATABASE_CONNECT_TIMEOUT_MS,
  };
}

function build(s: Settings): PrismaClient {
  const factory = new PrismaPg(
    {
      connectionString: s.url,
      max: s.poolSize,
      connectionTimeoutMillis: s.connectTimeoutMs,
      // Sent in the connection's start-up packet, so they hold for every statement on it.
      ...(s.statementTimeoutMs ? { statement_timeout: s.statementTimeoutMs } : {}),
      ...(s.lockTimeoutMs ? { lock_timeout: s.lockTimeoutMs } : {}),
      keepAlive: true,
    },
    // An idle pooled connection that PostgreSQL closed (restart, fast shutdown): the pool drops it.
    { onPoolError: noteDatabaseFailure, onConnectionError: noteDatabaseFailure },
  );
  const connect = factory.connect.bind(factory);
  factory.connect = async () => watched(await connect());
  return new PrismaClient({ adapter: factory });
}

type Scoped = { client: PrismaClient; url: string };
const scope = new AsyncLocalStorage<Scoped>();
// Inside withDatabase(), env().DATABASE_URL is the call's URL too (lib/env.ts says why).
provideScopedDatabaseUrl(() => scope.getStore()?.url);

/** The client of the current withDatabase() call, else the process's one client (lib/env's DATABASE_URL). */
export function db(): PrismaClient {
  const scoped = scope.getStore();
  if (scoped) return scoped.client;
  const s = settings();
  const key = [s.url, s.poolSize, s.statementTimeoutMs, s.lockTimeoutMs, s.connectTimeoutMs].join("|");
  if (!holder.client || holder.key !== key) {
    // A new database URL or setting (a test harness switching databases): the old client's pool
    // is closed, not left holding connections to the previous database.
    if (holder.client) void holder.client.$disconnect();
    holder.client = build(s);
    holder.key = key;
  }
  return holder.client;
}

/**
 * Runs fn with db() bound to the database at url (a client of its own, with the pool settings of
 * the environment), and closes that client's pool when fn settles.
 */
export async function withDatabase<T>(url: string, fn: (client: PrismaClient) => Promise<T>): Promise<T> {
  const client = build(settings(url));
  try {
    return await scope.run({ client, url }, () => fn(client));
  } finally {
    await client.$disconnect();
  }
}

export async function disconnectDb(): Promise<void> {
  if (holder.client) await holder.client.$disconnect();
  holder.client = undefined;
  holder.key = undefined;
}
