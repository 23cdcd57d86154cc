// Brotli for Next.js's build assets. `next start` compresses with gzip only; the JavaScript of a
// public page's first load is ~140 KB gzip but ~120 KB brotli (docs/decisions/0023-first-load.md).
// The files under /_next/static never change under their name (content hashes), so each one is
// compressed once, at the highest quality, and kept in memory: the whole build's JS and CSS is a few
// MB. Anything this does not recognise (other files, no brotli accepted, a missing file) returns
// false and goes to Next.js as before.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { chooseEncoding } from "./page-cache";

const brotli = promisify(zlib.brotliCompress);
const TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
};
const ASSET = /^\/_next\/static\/([A-Za-z0-9._~\-/]+)$/;

type Compressed = { body: Buffer; type: string };

/** The file under `<distDir>/static` that a request path names, or null (never outside that folder). */
export function staticAssetFile(distDir: string, urlPath: string): string | null {
  const match = ASSET.exec(urlPath);
  const rest = match?.[1];
  if (!rest || rest.split("/").some((segment) => segment === "" || segment === "." || segment === "..")) return null;
  if (!TYPES[path.extname(rest)]) return null;
  const root = path.resolve(distDir, "static");
  const file = path.resolve(root, rest);
  return file.startsWith(root + path.sep) ? file : null;
}

export function createStaticBrotli(distDir: string) {
  // Promises, so that concurrent first requests for one file compress it once.
  const compressed = new Map<string, Promise<Compressed | null>>();
  const load = (file: string) =>
    readFile(file).then(
      async (raw): Promise<Compressed> => ({
        body: await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        type: TYPES[path.extname(file)] ?? "application/octet-stream",
      }),
      () => null, // not in this build: Next.js answers (404)
    );

  return async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const url = req.url ?? "";
    if (!url.startsWith("/_next/static/") || url.includes("?")) return false;
    if (chooseEncoding(req.headers["accept-encoding"]) !== "br") return false;
    const file = staticAssetFile(distDir, url);
    if (!file) return false;
    let entry = compressed.get(file);
    if (!entry) {
      entry = load(file);
      compressed.set(file, entry);
    }
    const asset = await entry;
    if (!asset) {
      compressed.delete(file);
      return false;
    }
    res.setHeader("Content-Type", asset.type);
    res.setHeader("Content-Encoding", "br");
    res.setHeader("Content-Length", asset.body.length);
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.writeHead(200);
    res.end(req.method === "HEAD" ? undefined : asset.body);
    return true;
  };
}
