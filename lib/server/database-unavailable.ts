// "The database cannot answer right now" as opposed to "this request is wrong" or "our code is
// wrong": PostgreSQL stopped or restarting, the connection cut, the pool exhausted for longer than
// DATABASE_CONNECT_TIMEOUT_MS, a statement cancelled by statement_timeout / lock_timeout. Such a
// failure is temporary: pages answer 503 with a friendly page (scripts/web-server.ts through
// lib/server/unavailable-response.ts) and server actions say that nothing was saved
// (lib/server/run-action.ts). See docs/decisions/0028-database-outages-and-shutdown.md.
//
// Not "server-only": the front server (scripts/web-server.ts) reads the request's mark too.
import { currentRequest } from "./logger";

/** PostgreSQL SQLSTATEs of a temporary condition (class 08 connection exceptions are matched by prefix). */
const TEMPORARY_SQLSTATES = new Set([
  "57P01", // admin_shutdown: the server is stopping (fast shutdown terminates sessions)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up or shutting down
  "57P05", // idle_session_timeout
  "53300", // too_many_connections
  "57014", // query_canceled: statement_timeout
  "55P03", // lock_not_available: lock_timeout
]);

/** Node socket errors on the way to the database. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "ENOTFOUND"]);

/** Prisma's codes for an unreachable server, a closed connection, pool and operation timeouts. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** Driver-adapter error kinds (Prisma 7, @prisma/driver-adapter-utils) of the same conditions. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** Messages of pg and pg-pool that carry no code. */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Query read timeout/i,
  /Client has encountered a connection error and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /canceling statement due to (statement|lock) timeout/i,
  /Can't reach database server/i,
  /Server has closed the connection/i,
];

function fieldsOf(error: object): { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown } {
  const e = error as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; meta?: { code?: unknown } };
  return { code: e.code ?? e.meta?.code, kind: e.kind, originalCode: e.originalCode, message: e.message };
}

/** True when `error` (or anything in its cause chain) says the database cannot answer right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === "object" && !seen.has(current); ) {
    seen.add(current);
    const { code, kind, originalCode, message } = fieldsOf(current);
    for (const c of [code, originalCode]) {
      if (typeof c !== "string") continue;
      if (TEMPORARY_SQLSTATES.has(c) || (c.startsWith("08") && c.length === 5) || SOCKET_CODES.has(c) || PRISMA_CODES.has(c)) return true;
    }
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && MESSAGES.some((m) => m.test(message))) return true;
    // Prisma wraps the driver's error: DriverAdapterError.cause, PrismaClient*Error.cause.
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

type Holder = { lastFailureAt?: number };
// On globalThis: the front server and Next.js's bundled server code load separate copies.
const holder: Holder = ((globalThis as { __keitDatabaseHealth?: Holder }).__keitDatabaseHealth ??= {});

/**
 * Marks the current request (and the process) as having met an unavailable database. Called by
 * lib/db.ts for every failed query, so the front server can answer 503 instead of 500.
 */
export function noteDatabaseFailure(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  holder.lastFailureAt = Date.now();
  const request = currentRequest();
  if (request) request.databaseUnavailable = true;
}

/** Milliseconds since the last query that failed because the database was unavailable (Infinity: never). */
export function sinceLastDatabaseFailure(now = Date.now()): number {
  return holder.lastFailureAt === undefined ? Infinity : now - holder.lastFailureAt;
}
