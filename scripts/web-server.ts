// The HTTP server in front of Next.js (started by scripts/next-server.ts for `npm start`,
// `npm run dev`, the e2e suite and the benchmark), in the same process. For every request it
// - replaces X-Forwarded-For/-Host/-Proto by what TRUSTED_PROXY_HOPS allows
//   (lib/server/trusted-proxy.ts): Next.js itself keeps whatever a client sends there;
// - refuses NUL bytes and invalid UTF-8 in the path or query with 400 (lib/server/bad-input.ts);
// - gives the request an id (X-Request-Id on the response, on every log line of the request,
//   and the reference on the error page) and logs it as one JSON line (lib/server/logger.ts);
// - sends the build's JS and CSS in brotli (lib/server/static-brotli.ts) and anonymous public pages
//   from the page cache (lib/server/page-cache.ts, docs/decisions/0022-page-cache.md).
// Usage: node --import tsx scripts/web-server.ts <port> <hostname> [--dev]
import { randomUUID } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { format } from "node:util";
import next from "next";
import { env } from "../lib/env";
import { badRequestTarget } from "../lib/server/bad-input";
import { currentRequest, logger, runWithRequest } from "../lib/server/logger";
import { createPageCacheHandler, PageCache } from "../lib/server/page-cache";
import { listenForInvalidations } from "../lib/server/page-cache-listener";
import { createStaticBrotli } from "../lib/server/static-brotli";
import { applyForwardedFacts, forwardedFacts, parseHops } from "../lib/server/trusted-proxy";
import { guardUnavailable, shutdownGraceMs, stopGracefully } from "../lib/server/unavailable-response";

const [portArg, hostname = "127.0.0.1"] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const port = Number(portArg ?? 3000);
const dev = process.argv.includes("--dev");
const hops = parseHops(process.env.TRUSTED_PROXY_HOPS);
const log = logger();
const QUIET_PATHS = /^\/(healthz|readyz)(\?|$)/;

// Next.js and libraries write with console.*: make those JSON lines with the request id too.
const consoleLevels = { error: "error", warn: "warn", info: "info", log: "info", debug: "debug" } as const;
for (const [method, level] of Object.entries(consoleLevels)) {
  (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]) => {
    const err = args.find((a) => a instanceof Error);
    log[level]({ source: "console", ...(err ? { err } : {}) }, format(...args));
  };
}

async function main() {
  const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), hostname, port, turbopack: dev });
  const handle = app.getRequestHandler();
  await app.prepare();
  const pageCache = startPageCache(handle);
  // Build assets in brotli (Next.js sends gzip only); in development they change under their name.
  const serveStatic = dev ? async () => false : createStaticBrotli(path.resolve(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next"));
  // Node's default 16 KiB header limit answers a long (e.g. 10,000-character Korean) search URL
  // with a bare 431; let such requests reach the app, which explains what it ignored.
  const server = http.createServer({ maxHeaderSize: 131072 }, (req, res) => {
    const started = process.hrtime.bigint();
    const socket = req.socket as typeof req.socket & { encrypted?: boolean };
    const facts = forwardedFacts({ headers: req.headers, socketAddress: socket.remoteAddress, encrypted: Boolean(socket.encrypted), hops });
    applyForwardedFacts(req.headers, facts);
    const requestId = randomUUID();
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    runWithRequest({ requestId, address: facts.address }, () => {
      res.once("finish", () => {
        // Load balancers ask these every few seconds: only their failures are worth a line.
        if (QUIET_PATHS.test(req.url ?? "") && res.statusCode < 500) return;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const line = { event: "request", method: req.method, path: (req.url ?? "").slice(0, 300), status: res.statusCode, ms: Math.round(ms * 10) / 10, address: facts.address };
        if (res.statusCode >= 500) log.error(line, "request failed");
        else log.info(line, "request");
      });
      // 503 while stopping; a 5xx from an unavailable database becomes the friendly 503 (decision 0028).
      if (guardUnavailable(req, res, requestId)) return;
      const bad = badRequestTarget(req.url ?? "/");
      if (bad) {
        res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
        res.end(bad === "nul" ? "Bad request: the address contains a NUL byte.\n" : "Bad request: the address is not valid UTF-8.\n");
        return;
      }
      serveStatic(req, res)
        .then((served) => served || pageCache.serve(req, res))
        .then((served) => (served ? undefined : handle(req, res)))
        .catch((error: unknown) => {
          log.error({ event: "unexpected", err: error, reference: currentRequest()?.requestId }, "request handler failed");
          if (!res.headersSent) {
            res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
            res.end(`Something went wrong. Reference: ${requestId}\n`);
          } else res.end();
        });
    });
  });
  server.listen(port, hostname, () => {
    log.info({ event: "listening", port, hostname, dev, trustedProxyHops: hops }, `${dev ? "development" : "production"} server on http://${hostname}:${port}`);
  });
  const stop = () => {
    // The page cache's LISTEN connection goes first; requests in flight still finish (decision 0028).
    void pageCache.stop();
    stopGracefully(server, { graceMs: shutdownGraceMs(process.env.SHUTDOWN_GRACE_MS), exit: () => process.exit(0), log: (line, message) => log.info(line, message) });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** The page cache, watched by a LISTEN connection; in development, or with PAGE_CACHE=off, none. */
function startPageCache(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  const config = env();
  if (dev || config.PAGE_CACHE === "off") {
    log.info({ event: "page_cache_off", dev }, "page cache off");
    return { serve: async () => false, stop: async () => {} };
  }
  const cache = new PageCache({
    maxBytes: config.PAGE_CACHE_MAX_MB * 1024 * 1024,
    // Pages show dates relative to today (overdue milestones): render anew at least this often.
    maxAgeMs: 10 * 60 * 1000,
    sharedMaxAgeSeconds: config.PAGE_CACHE_SHARED_MAX_AGE,
    staleWhileRevalidateSeconds: config.PAGE_CACHE_SHARED_MAX_AGE * 6,
  });
  const listener = listenForInvalidations(cache, config.DATABASE_URL, log);
  return { serve: createPageCacheHandler(cache, handle), stop: listener.stop };
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, `the web server did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
