// Size (above 300 lines): one protocol of the front server, read top to bottom: which request may
// be cached (cacheTarget), what an entry holds, the tagged store, and capturing and sending a
// response; each step's rule refers to the previous ones' (the same key, headers and tags), and
// lib/server/page-cache.test.ts and page-cache-handler.test.ts test them as one.
// The shared page cache of the front server (scripts/web-server.ts): anonymous GET/HEAD requests
// for public pages are answered from memory, with a hash-based CSP, `Cache-Control: public, …`
// for a CDN, and precompressed brotli/gzip bodies. Entries carry tags (`portfolio`,
// `project:<slug>`); the database's triggers NOTIFY the tags of every change and each server drops
// what they name (lib/server/page-cache-listener.ts). See docs/decisions/0022-page-cache.md.
// Not "server-only": the front server runs outside Next.js's bundle.
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { hashedContentSecurityPolicy, inlineHashes } from "./security-headers";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Every entry has this tag too: NOTIFY `*` drops the whole cache. */
export const ALL = "*";
export const PORTFOLIO = "portfolio";
export const projectTag = (slug: string) => `project:${slug}`;

// Public pages: the portfolio (with any filter, search, sort or page), statistics, comparison,
// the open-data guide, project and institution pages, in each language. Nothing else: the
// workspace, sign-in and set-up pages and every API stay out.
const PUBLIC_PAGE = /^\/(ko|en)(?:\/(statistics|compare|developers)|\/(projects|institutions)\/([^/?]+))?$/;
// next-auth's session cookie, with the __Secure- name under https and chunked (.0, .1) when large.
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;
/**
 * A Cookie header that passes this cache (it names a session) while next-auth reads nobody signed
 * in (it is no token): the anonymous page as Next.js renders it. The bench and the fault drills
 * measure the uncached path with it.
 */
export const BYPASS_COOKIE = "next-auth.session-token=uncached";
// Requests of Next.js's client router (RSC payloads, prefetches) and server actions: not pages.
const ROUTER_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url", "authorization"];
/** Longer addresses are answered, not cached (a cache key per arbitrary long search). */
const MAX_CACHED_URL = 2048;
/** A render that has not ended this long after Next.js's handler returned is given up. */
const RENDER_END_TIMEOUT_MS = 60_000;
/** Larger bodies are answered, not cached. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;

export type CacheTarget = { key: string; tags: string[] };

/**
 * The cache key and tags of a request, or null when it must go to Next.js: not GET/HEAD, signed
 * in (a session cookie, valid or not), a request of the client router or a server action, or not
 * a public page. The key is the origin, the path and the query with its parameters in a stable order (values
 * of one parameter keep theirs, as `?p=a&p=b` lists a comparison in order) and percent-encoding
 * made uniform, so equal searches written differently share one entry.
 */
export function cacheTarget(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): CacheTarget | null {
  if (method !== "GET" && method !== "HEAD") return null;
  if (!url || url.length > MAX_CACHED_URL) return null;
  if (headers.cookie && SESSION_COOKIE.test(headers.cookie)) return null;
  if (ROUTER_HEADERS.some((name) => headers[name] !== undefined)) return null;
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const match = PUBLIC_PAGE.exec(path);
  if (!match) return null;
  const params = new URLSearchParams(queryAt === -1 ? "" : url.slice(queryAt + 1));
  if (params.has("_rsc")) return null;
  params.sort();
  const query = params.toString();
  // Pages write absolute links with the request's host and protocol (lib/server/request-origin.ts,
  // as the front server established them under TRUSTED_PROXY_HOPS): each origin has its own
  // entries, so a request with a made-up Host never reaches anyone else.
  const host = String(headers["x-forwarded-host"] ?? headers.host ?? "").toLowerCase();
  if (!host) return null;
  const origin = `${headers["x-forwarded-proto"] === "https" ? "https" : "http"}://${host}`;
  const [, , , detail, rawKey] = match;
  let tags = [PORTFOLIO];
  if (detail === "projects") {
    let slug: string;
    try {
      slug = decodeURIComponent(rawKey ?? "");
    } catch {
      return null;
    }
    tags = [projectTag(slug)];
  }
  return { key: `${origin}${path}${query ? `?${query}` : ""}`, tags };
}

export type Entry = {
  status: number;
  headers: OutgoingHttpHeaders;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
  tags: string[];
  storedAt: number;
  bytes: number;
};

// What the cache sets itself, or what belongs to one response only.
const DROPPED_HEADERS = new Set([
  "cache-control", "content-security-policy", "content-length", "content-encoding", "transfer-encoding", "connection",
  "keep-alive", "date", "etag", "vary", "x-request-id", "set-cookie", "x-page-cache",
]);

/**
 * An entry for a captured response, or null when it may not be shared: not 200, not HTML, it
 * sets a cookie, or it is too large.
 */
export async function entryFor(response: { status: number; headers: OutgoingHttpHeaders; body: Buffer }, tags: string[]): Promise<Entry | null> {
  const type = String(response.headers["content-type"] ?? "");
  if (response.status !== 200 || !type.startsWith("text/html") || response.headers["set-cookie"] !== undefined) return null;
  if (response.body.length > MAX_ENTRY_BYTES || response.headers["content-encoding"] !== undefined) return null;
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && !DROPPED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  headers["content-security-policy"] = hashedContentSecurityPolicy(inlineHashes(response.body.toString("utf8")));
  const vary = [...String(response.headers.vary ?? "").split(","), "Cookie", "Accept-Encoding"].map((v) => v.trim()).filter(Boolean);
  headers.vary = vary.filter((v, i) => vary.findIndex((w) => w.toLowerCase() === v.toLowerCase()) === i).join(", ");
  const [gz, br] = await Promise.all([
    gzip(response.body, { level: 6 }),
    brotli(response.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: response.body.length } }),
  ]);
  const etag = `"${createHash("sha256").update(response.body).digest("base64url").slice(0, 27)}"`;
  return {
    status: 200, headers, identity: response.body, gzip: gz, br, etag, tags,
    storedAt: Date.now(), bytes: response.body.length + gz.length + br.length + 2048,
  };
}

export type PageCacheOptions = {
  /** Memory for entries (bodies in all three encodings); least recently used entries go first. */
  maxBytes: number;
  /** An entry is rendered anew after this long even without a change (dates shown relative to today). */
  maxAgeMs: number;
  /** `Cache-Control` for shared caches in front (CDN, reverse proxy), which nobody notifies. */
  sharedMaxAgeSeconds: number;
  staleWhileRevalidateSeconds: number;
};

/** The in-memory store: LRU by bytes, tag index, and a generation counter for fills in flight. */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;
  /** Bumped by every invalidation: a render that began before one is not stored. */
  generation = 0;
  /** False while no LISTEN connection watches the database: nothing is served or stored then. */
  enabled = false;
  readonly stats = { hits: 0, misses: 0, stored: 0, invalidations: 0 };

  constructor(readonly options: PageCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Entry | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.storedAt > this.options.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    // Map order is insertion order: re-inserting marks it as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores an entry unless the cache was invalidated since `generation` (the render's start). */
  set(key: string, entry: Entry, generation: number): boolean {
    if (!this.enabled || generation !== this.generation || entry.bytes > this.options.maxBytes) return false;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.bytes > this.options.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    this.stats.stored++;
    return true;
  }

  /** Drops every entry with one of the tags (all of them for `*`). */
  invalidate(tags: readonly string[]): number {
    this.generation++;
    this.stats.invalidations++;
    if (tags.includes(ALL)) {
      const count = this.entries.size;
      this.entries.clear();
      this.byTag.clear();
      this.bytes = 0;
      return count;
    }
    let count = 0;
    for (const tag of tags) {
      for (const key of this.byTag.get(tag) ?? []) count += this.delete(key) ? 1 : 0;
    }
    return count;
  }

  private delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }
}

/** The encoding to send: brotli, then gzip, by the client's Accept-Encoding (q=0 refuses). */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): "br" | "gzip" | null {
  const accepted = new Map<string, number>();
  for (const part of String(acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name = "", ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get("*") ?? 0) > 0;
  if (ok("br")) return "br";
  if (ok("gzip")) return "gzip";
  return null;
}

/**
 * Removes what Next.js set on this response while it rendered into memory (a miss uses the same
 * response object), so that only the headers sent now go out; the front server's X-Request-Id stays.
 */
function clearHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) if (name !== "x-request-id") res.removeHeader(name);
}

/** Writes an entry as the response, or 304 when the client has this version. */
export function sendEntry(req: IncomingMessage, res: ServerResponse, entry: Entry, cache: PageCache, state: "HIT" | "MISS"): void {
  clearHeaders(res);
  const { sharedMaxAgeSeconds, staleWhileRevalidateSeconds } = cache.options;
  const headers: OutgoingHttpHeaders = {
    ...entry.headers,
    // Browsers ask again each time (a cheap 304); shared caches keep it briefly and serve it stale while they refresh.
    "cache-control": `public, max-age=0, s-maxage=${sharedMaxAgeSeconds}, stale-while-revalidate=${staleWhileRevalidateSeconds}`,
    etag: entry.etag,
    "x-page-cache": state,
  };
  const noneMatch = req.headers["if-none-match"];
  if (noneMatch && noneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === entry.etag)) {
    for (const name of ["content-type", "content-security-policy"]) delete headers[name];
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const encoding = chooseEncoding(req.headers["accept-encoding"]);
  const body = encoding === "br" ? entry.br : encoding === "gzip" ? entry.gzip : entry.identity;
  if (encoding) headers["content-encoding"] = encoding;
  headers["content-length"] = body.length;
  res.writeHead(entry.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

export type Captured = { status: number; headers: OutgoingHttpHeaders; body: Buffer };

/**
 * Lets Next.js write its response into memory instead of the socket: the response's own
 * write/end/writeHead are replaced until Next.js ends it, then restored, so that the caller can
 * send what was captured (or an entry made from it). Resolves when Next.js has ended the response.
 */
export function captureResponse(res: ServerResponse): { done: Promise<Captured>; release: () => void } {
  const chunks: Buffer[] = [];
  const original = { write: res.write, end: res.end, writeHead: res.writeHead, flushHeaders: res.flushHeaders };
  let finish!: (captured: Captured) => void;
  const done = new Promise<Captured>((resolve) => (finish = resolve));
  const toBuffer = (chunk: unknown, encoding?: unknown): Buffer | null => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return null;
    if (Buffer.isBuffer(chunk)) return chunk;
    if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    return Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  };
  const release = () => Object.assign(res, original);
  const callbackOf = (...args: unknown[]) => args.find((a): a is () => void => typeof a === "function");
  res.writeHead = function writeHead(this: ServerResponse, status: number, ...rest: unknown[]) {
    this.statusCode = status;
    const headers = rest.find((r) => typeof r === "object" && r !== null) as OutgoingHttpHeaders | string[] | undefined;
    if (Array.isArray(headers)) {
      for (let i = 0; i + 1 < headers.length; i += 2) this.setHeader(String(headers[i]), String(headers[i + 1]));
    } else if (headers) {
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) this.setHeader(name, value);
    }
    return this;
  } as ServerResponse["writeHead"];
  res.flushHeaders = () => {};
  res.write = function write(chunk: unknown, ...rest: unknown[]) {
    const buffer = toBuffer(chunk, rest[0]);
    if (buffer) chunks.push(buffer);
    const callback = callbackOf(...rest);
    if (callback) process.nextTick(callback);
    return true;
  } as ServerResponse["write"];
  res.end = function end(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    const buffer = toBuffer(chunk, rest[0]);
    if (buffer) chunks.push(buffer);
    release();
    finish({ status: this.statusCode, headers: this.getHeaders(), body: Buffer.concat(chunks) });
    const callback = callbackOf(chunk, ...rest);
    if (callback) process.nextTick(callback);
    return this;
  } as ServerResponse["end"];
  return { done, release };
}

/** Sends a captured response as it was (one that could not be cached). */
export function sendCaptured(res: ServerResponse, captured: Captured): void {
  clearHeaders(res);
  for (const [name, value] of Object.entries(captured.headers)) {
    if (value !== undefined && name !== "content-length" && name !== "transfer-encoding") res.setHeader(name, value);
  }
  res.setHeader("content-length", captured.body.length);
  res.setHeader("x-page-cache", "BYPASS");
  res.writeHead(captured.status);
  res.end(captured.body);
}

type Handle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The front server's request path through the cache: answers from an entry, or renders once per
 * key (requests for a key being rendered wait for that render) and stores the result. Returns
 * false when the request is not the cache's business; the caller then passes it to Next.js.
 */
export function createPageCacheHandler(cache: PageCache, handle: Handle) {
  const rendering = new Map<string, Promise<Entry | null>>();

  async function render(req: IncomingMessage, res: ServerResponse, target: CacheTarget): Promise<{ entry: Entry | null; captured: Captured | null }> {
    const generation = cache.generation;
    // Next.js would compress for this client; the cache stores plain HTML and compresses itself.
    delete req.headers["accept-encoding"];
    delete req.headers["if-none-match"];
    delete req.headers["if-modified-since"];
    const capture = captureResponse(res);
    // Next.js ends the response; a client that went away may make it give up instead (the
    // socket closes before the end), and nothing must wait for that render for ever.
    let giveUp: (value: null) => void = () => {};
    const gone = new Promise<null>((resolve) => (giveUp = resolve));
    const onClose = () => giveUp(null);
    res.once("close", onClose);
    try {
      await handle(req, res);
    } catch (error) {
      capture.release();
      res.off("close", onClose);
      throw error;
    }
    const timer = setTimeout(() => giveUp(null), RENDER_END_TIMEOUT_MS);
    const captured = await Promise.race([capture.done, gone]);
    clearTimeout(timer);
    res.off("close", onClose);
    if (!captured) {
      capture.release();
      return { entry: null, captured: null };
    }
    const entry = await entryFor(captured, target.tags);
    if (entry) cache.set(target.key, entry, generation);
    return { entry, captured };
  }

  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (!cache.enabled) return false;
    const target = cacheTarget(req.method, req.url, req.headers);
    if (!target) return false;
    const hit = cache.get(target.key);
    if (hit) {
      cache.stats.hits++;
      sendEntry(req, res, hit, cache, "HIT");
      return true;
    }
    cache.stats.misses++;
    const pending = rendering.get(target.key);
    if (pending) {
      const entry = await pending.catch(() => null);
      if (entry) {
        sendEntry(req, res, entry, cache, "HIT");
        return true;
      }
      return false;
    }
    // A HEAD renders no body: let Next.js answer it; the next GET fills the entry.
    if (req.method !== "GET") return false;
    const acceptEncoding = req.headers["accept-encoding"];
    const ifNoneMatch = req.headers["if-none-match"];
    const job = render(req, res, target);
    const shared = job.then((r) => r.entry);
    rendering.set(target.key, shared);
    try {
      const { entry, captured } = await job;
      if (entry) {
        req.headers["accept-encoding"] = acceptEncoding;
        req.headers["if-none-match"] = ifNoneMatch;
        sendEntry(req, res, entry, cache, "MISS");
      } else if (captured && !res.destroyed) sendCaptured(res, captured);
      else if (!res.headersSent && !res.destroyed) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "5", "cache-control": "no-store" });
        res.end("The page took too long. Please try again.\n페이지를 만드는 데 너무 오래 걸렸습니다. 다시 시도해 주세요.\n");
      }
    } finally {
      rendering.delete(target.key);
      shared.catch(() => {});
    }
    return true;
  };
}
