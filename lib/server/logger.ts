// Structured JSON logs (pino), one object per line, each with the id of the request it belongs
// to. scripts/web-server.ts runs every request inside runWithRequest(); the store lives on
// globalThis because the front server and Next.js's bundled server code load separate copies of
// this module. Security events (sign-in failures, throttling, denied actions) are logged with an
// `event` field. Not "server-only": the start scripts log through it too.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

export type RequestContext = {
  requestId: string;
  address: string | null;
  /** Set when a query of this request failed because the database was unavailable (lib/server/database-unavailable.ts). */
  databaseUnavailable?: boolean;
};

type Holder = { storage?: AsyncLocalStorage<RequestContext>; logger?: Logger };
const holder: Holder = ((globalThis as { __keitLog?: Holder }).__keitLog ??= {});

function storage(): AsyncLocalStorage<RequestContext> {
  return (holder.storage ??= new AsyncLocalStorage<RequestContext>());
}

/** Runs `fn` with the request's context, which every log line inside it carries. */
export function runWithRequest<T>(context: RequestContext, fn: () => T): T {
  return storage().run(context, fn);
}

/** The current request's context, when the code runs inside one. */
export function currentRequest(): RequestContext | undefined {
  return storage().getStore();
}

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

export function logger(): Logger {
  if (!holder.logger) {
    const level = process.env.LOG_LEVEL && LEVELS.has(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : "info";
    holder.logger = pino({
      level,
      base: { service: "keit-portfolio" },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const request = currentRequest();
        return request ? { requestId: request.requestId } : {};
      },
      // Never a password, a session cookie or an authorization header in a log line.
      redact: { paths: ["password", "*.password", "req.headers.cookie", "req.headers.authorization", "headers.cookie"], censor: "[redacted]" },
    });
  }
  return holder.logger;
}
