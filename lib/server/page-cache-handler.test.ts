import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPageCacheHandler, PageCache } from "@/lib/server/page-cache";

// The request path through the cache with a stand-in for Next.js's handler that writes the way
// Next.js does (setHeader, then write and end in pieces).

let renders = 0;
let status = 200;
const cache = new PageCache({ maxBytes: 1 << 20, maxAgeMs: 60_000, sharedMaxAgeSeconds: 10, staleWhileRevalidateSeconds: 60 });
cache.enabled = true;

async function fakeNext(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  renders++;
  await new Promise((resolve) => setTimeout(resolve, 50));
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate");
  res.setHeader("Content-Security-Policy", "script-src 'nonce-abc'");
  res.setHeader("Transfer-Encoding", "chunked");
  res.write(`<html><script nonce="abc">self.__next_f.push([${renders}])</script>`);
  res.end(`<p>${req.url} rendered for ${req.headers["accept-encoding"] ?? "no encoding"}</p></html>`);
}

const serve = createPageCacheHandler(cache, fakeNext);
const server = http.createServer((req, res) => {
  void serve(req, res).then((served) => (served ? undefined : fakeNext(req, res)));
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

describe("createPageCacheHandler", () => {
  it("renders once for concurrent requests, then answers from memory with shared headers and a hash CSP", async () => {
    renders = 0;
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/ko/statistics`)));
    expect(renders).toBe(1);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain("rendered for no encoding");
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(r.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=10, stale-while-revalidate=60");
      expect(r.headers.get("content-security-policy")).toMatch(/script-src 'self' 'sha256-[^']+';/);
      expect(r.headers.get("transfer-encoding")).toBeNull();
    }
    expect(responses.map((r) => r.headers.get("x-page-cache")).sort()).toEqual(["HIT", "HIT", "HIT", "HIT", "MISS"]);
    // Precompressed for those who accept it (fetch decodes it).
    const again = await fetch(`${base}/ko/statistics`, { headers: { "Accept-Encoding": "br" } });
    expect(again.headers.get("content-encoding")).toBe("br");
    expect(await again.text()).toBe(bodies[0]);
    const gzipped = await fetch(`${base}/ko/statistics`, { headers: { "Accept-Encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(await gzipped.text()).toBe(bodies[0]);
    expect(renders).toBe(1);
    const notModified = await fetch(`${base}/ko/statistics`, { headers: { "If-None-Match": again.headers.get("etag") ?? "" } });
    expect(notModified.status).toBe(304);
  });

  it("passes signed-in users and other pages to Next.js, and sends what may not be cached as rendered", async () => {
    renders = 0;
    const signedIn = await fetch(`${base}/ko/statistics`, { headers: { Cookie: "next-auth.session-token=x" } });
    expect(signedIn.headers.get("cache-control")).toContain("private");
    expect(signedIn.headers.get("x-page-cache")).toBeNull();
    expect(renders).toBe(1);
    status = 404;
    const missing = await fetch(`${base}/ko/projects/nothing-here`);
    const missingAgain = await fetch(`${base}/ko/projects/nothing-here`);
    expect([missing.status, missingAgain.status]).toEqual([404, 404]);
    expect(missing.headers.get("content-security-policy")).toBe("script-src 'nonce-abc'");
    expect(missing.headers.get("x-page-cache")).toBe("BYPASS");
    expect(renders).toBe(3);
    status = 200;
  });

  it("renders anew after an invalidation of the entry's tag", async () => {
    renders = 0;
    await (await fetch(`${base}/en/projects/a`)).text();
    await (await fetch(`${base}/en/projects/a`)).text();
    expect(renders).toBe(1);
    cache.invalidate(["project:b"]);
    await (await fetch(`${base}/en/projects/a`)).text();
    expect(renders).toBe(1);
    cache.invalidate(["project:a"]);
    const fresh = await fetch(`${base}/en/projects/a`);
    expect(fresh.headers.get("x-page-cache")).toBe("MISS");
    expect(renders).toBe(2);
  });
});
