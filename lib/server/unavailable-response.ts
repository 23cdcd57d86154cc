// The front server's answers for "temporarily unavailable" (scripts/web-server.ts), kept apart
// from the rest of that file: docs/decisions/0028-database-outages-and-shutdown.md.
// - A request whose rendering met an unavailable database (lib/server/database-unavailable.ts)
//   and would answer 5xx gets 503, Retry-After and a short friendly page in Korean and English
//   instead of Next.js's 500 error page: no stack trace, no error text.
// - While the server stops (SIGTERM/SIGINT), requests already running finish; new requests on
//   open keep-alive connections get 503 with Connection: close, and the listening socket is closed
//   so new connections are refused. The process exits when the last request is done, or after the
//   grace period (SHUTDOWN_GRACE_MS, default 8000: inside the 10 s that process managers and
//   async-exit-hook give).
// Not "server-only": loaded by the front server outside Next.js.
import { ServerResponse, type IncomingMessage, type Server } from "node:http";
import { sinceLastDatabaseFailure } from "./database-unavailable";
import { currentRequest } from "./logger";

/** A 5xx this soon after a query failed for lack of a database counts as the outage's too. */
const OUTAGE_WINDOW_MS = 1_000;
export const RETRY_AFTER_SECONDS = 5;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type UnavailableReason = "database" | "stopping";

const TEXT = {
  database: {
    ko: ["서비스를 잠시 이용할 수 없습니다", "데이터베이스에 연결할 수 없어 요청을 처리하지 못했습니다. 몇 초 뒤에 다시 시도해 주세요. 저장하던 내용이 있다면 저장되지 않았으니 다시 저장해 주세요."],
    en: ["The service is briefly unavailable", "The database could not be reached, so the request was not completed. Please try again in a few seconds. If you were saving something, it was not saved: please save it again."],
  },
  stopping: {
    ko: ["서버를 다시 시작하는 중입니다", "잠시 뒤에 다시 시도해 주세요."],
    en: ["The server is restarting", "Please try again in a moment."],
  },
} as const;

/** The friendly page (HTML) or, for the API, a JSON problem; both name the request's reference. */
export function unavailableBody(reason: UnavailableReason, path: string, reference: string): { type: string; body: string } {
  const { ko, en } = TEXT[reason];
  if (path.startsWith("/api/")) {
    return {
      type: "application/problem+json; charset=utf-8",
      body: JSON.stringify({ type: "about:blank", status: 503, title: en[0], detail: `${ko[1]} / ${en[1]}`, reference }),
    };
  }
  const body = `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(ko[0])} | ${escapeHtml(en[0])} — KEIT R&amp;D 포트폴리오</title></head>
<body>
<main role="alert">
<h1>${escapeHtml(ko[0])}</h1>
<p>${escapeHtml(ko[1])}</p>
<h2 lang="en">${escapeHtml(en[0])}</h2>
<p lang="en">${escapeHtml(en[1])}</p>
<p>참조 번호 <span lang="en">/ Reference</span>: <code>${escapeHtml(reference)}</code></p>
<p><a href="${escapeHtml(path.startsWith("/en") ? "/en" : "/ko")}">다시 시도 <span lang="en">/ Try again</span></a></p>
</main>
</body>
</html>
`;
  return { type: "text/html; charset=utf-8", body };
}

function send(res: ServerResponse, reason: UnavailableReason, path: string, reference: string, writeHead: ServerResponse["writeHead"], end: (chunk: string) => void): void {
  const { type, body } = unavailableBody(reason, path, reference);
  for (const name of res.getHeaderNames()) if (name !== "x-request-id") res.removeHeader(name);
  writeHead.call(res, 503, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "Retry-After": String(RETRY_AFTER_SECONDS),
    "X-Content-Type-Options": "nosniff",
    // A page without scripts, styles or images: nothing to allow.
    "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ...(reason === "stopping" ? { Connection: "close" } : {}),
  });
  end(body);
}

type Shutdown = { stopping: boolean };
const shutdown: Shutdown = { stopping: false };

/**
 * Call first for every request, inside its request context. Answers it at once while the server
 * stops (returns true: do not handle it further); otherwise arranges that a 5xx caused by an
 * unavailable database goes out as the friendly 503 (returns false).
 */
export function guardUnavailable(req: IncomingMessage, res: ServerResponse, reference: string): boolean {
  const path = req.url ?? "/";
  const originalWriteHead = res.writeHead;
  const originalWrite = res.write;
  const originalEnd = res.end;
  if (shutdown.stopping) {
    send(res, "stopping", path, reference, originalWriteHead, (body) => (originalEnd as (chunk: string) => ServerResponse).call(res, body));
    return true;
  }
  const request = currentRequest();
  const outage = () => request?.databaseUnavailable === true || sinceLastDatabaseFailure() < OUTAGE_WINDOW_MS;
  const replaces = (status: number) => status >= 500 && status !== 503 && outage();
  // The decision is taken when the first byte would go out (write/end) or when the status is set
  // explicitly (writeHead, deferred until then); once replaced, Next.js's own bytes go nowhere.
  let replaced = false;
  let deferredStatus: number | null = null;
  const swallow = (args: unknown[]) => {
    const done = args.find((a) => typeof a === "function");
    if (typeof done === "function") process.nextTick(done as () => void);
  };
  const replace = () => {
    replaced = true;
    send(res, "database", path, reference, originalWriteHead, (body) => (originalEnd as (chunk: string) => ServerResponse).call(res, body));
    // Next.js may set statusCode again after this; the status sent (and logged) is 503.
    Object.defineProperty(res, "statusCode", { get: () => 503, set: () => {}, configurable: true });
  };
  const beforeBytes = (): boolean => {
    if (replaced) return true;
    if (res.headersSent) return false;
    if (replaces(deferredStatus ?? res.statusCode)) {
      replace();
      return true;
    }
    if (deferredStatus !== null) {
      const status = deferredStatus;
      deferredStatus = null;
      (originalWriteHead as (...a: unknown[]) => ServerResponse).call(res, status, ...deferredRest);
    }
    return false;
  };
  let deferredRest: unknown[] = [];
  res.writeHead = function writeHead(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (!replaced && !res.headersSent && replaces(statusCode)) {
      deferredStatus = statusCode;
      deferredRest = rest;
      return res;
    }
    if (replaced) return res;
    return (originalWriteHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as ServerResponse["writeHead"];
  res.write = function write(this: ServerResponse, ...args: unknown[]) {
    if (beforeBytes()) {
      swallow(args);
      return true;
    }
    return (originalWrite as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse["write"];
  res.end = function end(this: ServerResponse, ...args: unknown[]) {
    if (beforeBytes()) {
      swallow(args);
      return res;
    }
    return (originalEnd as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["end"];
  res.flushHeaders = function flushHeaders(this: ServerResponse) {
    if (!beforeBytes()) ServerResponse.prototype.flushHeaders.call(this);
  };
  return false;
}

/**
 * Stops the HTTP server gracefully: new connections refused, requests in flight finished, idle
 * keep-alive connections closed; then `exit` runs. After `graceMs` the remaining connections are
 * cut and `exit` runs anyway.
 */
export function stopGracefully(server: Server, options: { graceMs: number; exit: () => void; log: (line: object, message: string) => void }): void {
  if (shutdown.stopping) return;
  shutdown.stopping = true;
  const started = Date.now();
  let exited = false;
  const finish = (how: string) => {
    if (exited) return;
    exited = true;
    options.log({ event: "stopped", ms: Date.now() - started, how }, `web server stopped (${how})`);
    options.exit();
  };
  server.close(() => finish("all requests finished"));
  server.closeIdleConnections();
  // Keep-alive connections that become idle after their last response are closed too.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  idle.unref();
  setTimeout(() => {
    server.closeAllConnections();
    finish(`grace period of ${options.graceMs} ms over`);
  }, options.graceMs).unref();
}

/** SHUTDOWN_GRACE_MS (milliseconds a stop waits for requests in flight), default 8000. */
export function shutdownGraceMs(value = process.env.SHUTDOWN_GRACE_MS): number {
  const parsed = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(parsed) && parsed >= 0 && parsed <= 60_000 ? parsed : 8_000;
}
