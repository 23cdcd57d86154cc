import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { createStaticBrotli, staticAssetFile } from "./static-brotli";

const dist = mkdtempSync(path.join(os.tmpdir(), "static-brotli-"));
mkdirSync(path.join(dist, "static", "chunks"), { recursive: true });
const script = "console.log('안녕하세요');\n".repeat(200);
writeFileSync(path.join(dist, "static", "chunks", "app-0a1b.js"), script);
writeFileSync(path.join(dist, "secret.txt"), "not an asset");

function request(url: string, acceptEncoding = "gzip, deflate, br", method = "GET") {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  req.method = method;
  req.headers = { "accept-encoding": acceptEncoding };
  const res = new ServerResponse(req);
  const chunks: Buffer[] = [];
  res.write = ((chunk: Buffer) => (chunks.push(Buffer.from(chunk)), true)) as typeof res.write;
  res.end = ((chunk?: Buffer) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    return res;
  }) as typeof res.end;
  return { req, res, body: () => Buffer.concat(chunks) };
}

describe("static-brotli", () => {
  it("maps only build assets inside <distDir>/static", () => {
    expect(staticAssetFile(dist, "/_next/static/chunks/app-0a1b.js")).toBe(path.join(dist, "static", "chunks", "app-0a1b.js"));
    expect(staticAssetFile(dist, "/_next/static/../secret.txt")).toBeNull();
    expect(staticAssetFile(dist, "/_next/static/chunks/%2e%2e/x.js")).toBeNull();
    expect(staticAssetFile(dist, "/_next/static/chunks//app.js")).toBeNull();
    expect(staticAssetFile(dist, "/_next/static/media/font.woff2")).toBeNull();
  });

  it("answers a brotli-accepting request with the file in brotli, immutable", async () => {
    const serve = createStaticBrotli(dist);
    const { req, res, body } = request("/_next/static/chunks/app-0a1b.js");
    expect(await serve(req, res)).toBe(true);
    expect(res.statusCode).toBe(200);
    expect(res.getHeader("content-encoding")).toBe("br");
    expect(res.getHeader("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.getHeader("content-type")).toBe("application/javascript; charset=UTF-8");
    expect(zlib.brotliDecompressSync(body()).toString()).toBe(script);
    expect(body().length).toBeLessThan(Buffer.byteLength(script) / 10);
  });

  it("leaves to Next.js what it does not handle", async () => {
    const serve = createStaticBrotli(dist);
    expect(await serve(request("/_next/static/chunks/app-0a1b.js", "gzip").req, request("/").res)).toBe(false);
    expect(await serve(request("/_next/static/chunks/missing.js").req, request("/").res)).toBe(false);
    expect(await serve(request("/_next/static/chunks/app-0a1b.js?v=1").req, request("/").res)).toBe(false);
    expect(await serve(request("/ko").req, request("/").res)).toBe(false);
    expect(await serve(request("/_next/static/chunks/app-0a1b.js", "br", "POST").req, request("/").res)).toBe(false);
  });
});
