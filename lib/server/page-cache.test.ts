import { createHash } from "node:crypto";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cacheTarget, chooseEncoding, entryFor, PageCache, type Entry } from "@/lib/server/page-cache";
import { tagsOf } from "@/lib/server/page-cache-listener";

const options = { maxBytes: 1024 * 1024, maxAgeMs: 60_000, sharedMaxAgeSeconds: 10, staleWhileRevalidateSeconds: 60 };
const html = (body: string) => ({ status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: Buffer.from(body) });

async function entry(tags: string[], body = "<p>x</p>"): Promise<Entry> {
  const made = await entryFor(html(body), tags);
  if (!made) throw new Error("not cacheable");
  return made;
}

const H = { host: "portfolio.example" };
const O = "http://portfolio.example";

describe("cacheTarget", () => {
  it("takes anonymous GET and HEAD of public pages, with a stable query", () => {
    expect(cacheTarget("GET", "/ko", H)).toEqual({ key: `${O}/ko`, tags: ["portfolio"] });
    expect(cacheTarget("HEAD", "/en/statistics", H)).toEqual({ key: `${O}/en/statistics`, tags: ["portfolio"] });
    expect(cacheTarget("GET", "/ko?status=ACTIVE&area=HYDROGEN", H)?.key).toBe(`${O}/ko?area=HYDROGEN&status=ACTIVE`);
    expect(cacheTarget("GET", "/ko?area=HYDROGEN&status=ACTIVE", H)?.key).toBe(`${O}/ko?area=HYDROGEN&status=ACTIVE`);
    // The same search written with other percent-encoding shares the entry; repeated parameters keep their order.
    expect(cacheTarget("GET", "/ko?q=%EC%84%BC%EC%84%9C", H)?.key).toBe(cacheTarget("GET", "/ko?q=센서", H)?.key);
    expect(cacheTarget("GET", "/ko/compare?p=b&x=1&p=a", H)?.key).toBe(`${O}/ko/compare?p=b&p=a&x=1`);
    expect(cacheTarget("GET", "/ko/projects/hydrogen-electric-tram", H)).toEqual({ key: `${O}/ko/projects/hydrogen-electric-tram`, tags: ["project:hydrogen-electric-tram"] });
    expect(cacheTarget("GET", "/en/institutions/12", H)?.tags).toEqual(["portfolio"]);
    // Cookies other than the session (next-auth's CSRF cookie of a visitor who opened sign-in) do not matter.
    expect(cacheTarget("GET", "/ko", { ...H, cookie: "next-auth.csrf-token=abc" })?.key).toBe(`${O}/ko`);
  });

  it("keeps each origin apart (pages carry absolute links)", () => {
    expect(cacheTarget("GET", "/ko", { host: "evil.example" })?.key).toBe("http://evil.example/ko");
    expect(cacheTarget("GET", "/ko", { host: "10.0.0.5:3000", "x-forwarded-host": "Portfolio.example", "x-forwarded-proto": "https" })?.key).toBe("https://portfolio.example/ko");
  });

  it("leaves signed-in users, the client router, server actions and private pages to Next.js", () => {
    for (const cookie of ["next-auth.session-token=x", "a=1; __Secure-next-auth.session-token=x", "next-auth.session-token.0=x"]) {
      expect(cacheTarget("GET", "/ko", { ...H, cookie }), cookie).toBeNull();
    }
    for (const header of ["rsc", "next-router-state-tree", "next-router-prefetch", "next-action", "authorization"]) {
      expect(cacheTarget("GET", "/ko", { ...H, [header]: "1" }), header).toBeNull();
    }
    expect(cacheTarget("GET", "/ko?_rsc=abc", H)).toBeNull();
    expect(cacheTarget("POST", "/ko", H)).toBeNull();
    for (const url of ["/ko/manage", "/ko/manage/dashboard", "/ko/admin/users", "/ko/login", "/ko/setup", "/api/v1/projects", "/", "/ko/", "/fr", "/ko/projects", "/ko/projects/a/b", "/_next/static/x.js"]) {
      expect(cacheTarget("GET", url, H), url).toBeNull();
    }
    expect(cacheTarget("GET", "/ko", {})).toBeNull();
    expect(cacheTarget("GET", `/ko?q=${"가".repeat(1000)}`, H)).not.toBeNull();
    expect(cacheTarget("GET", `/ko?q=${encodeURIComponent("가".repeat(1000))}`, H)).toBeNull();
  });
});

describe("entryFor", () => {
  it("stores HTML with a CSP of the hashes of its inline scripts, and both compressions", async () => {
    const body = `<html><head><style>p{color:red}</style></head><body><script nonce="n">self.__next_f.push([1])</script><script src="/_next/static/a.js" async></script><script type="application/ld+json">{}</script></body></html>`;
    const made = await entryFor({ status: 200, headers: { "content-type": "text/html", "content-security-policy": "nonce stuff", "cache-control": "private, no-store", vary: "RSC, Next-Router-State-Tree", link: "</x>" }, body: Buffer.from(body) }, ["portfolio"]);
    const sha = (text: string) => createHash("sha256").update(text).digest("base64");
    expect(made?.headers["content-security-policy"]).toContain(`script-src 'self' 'sha256-${sha("self.__next_f.push([1])")}';`);
    expect(made?.headers["content-security-policy"]).toContain(`style-src 'self' 'sha256-${sha("p{color:red}")}';`);
    expect(made?.headers["content-security-policy"]).not.toMatch(/(script-src|style-src) [^;]*unsafe-inline/);
    expect(made?.headers["content-security-policy"]).not.toContain("nonce");
    expect(made?.headers["cache-control"]).toBeUndefined();
    expect(made?.headers.vary).toBe("RSC, Next-Router-State-Tree, Cookie, Accept-Encoding");
    const lower = await entryFor({ status: 200, headers: { "content-type": "text/html", vary: "rsc, Accept-Encoding" }, body: Buffer.from("x") }, []);
    expect(lower?.headers.vary).toBe("rsc, Accept-Encoding, Cookie");
    expect(made?.headers.link).toBe("</x>");
    expect(gunzipSync(made?.gzip ?? Buffer.alloc(0)).toString()).toBe(body);
    expect(brotliDecompressSync(made?.br ?? Buffer.alloc(0)).toString()).toBe(body);
  });

  it("refuses what may not be shared", async () => {
    expect(await entryFor({ ...html("x"), status: 404 }, [])).toBeNull();
    expect(await entryFor({ ...html("x"), headers: { "content-type": "application/json" } }, [])).toBeNull();
    expect(await entryFor({ ...html("x"), headers: { "content-type": "text/html", "set-cookie": ["a=1"] } }, [])).toBeNull();
    expect(await entryFor({ ...html("x"), headers: { "content-type": "text/html", "set-cookie": ["NEXT_LOCALE=ko; Path=/"] } }, [])).toBeNull();
    expect(await entryFor({ ...html("x"), headers: { "content-type": "text/html", "content-encoding": "gzip" } }, [])).toBeNull();
  });
});

describe("PageCache", () => {
  it("drops entries by tag, everything for *, and serves nothing while disabled", async () => {
    const cache = new PageCache(options);
    cache.enabled = true;
    expect(cache.set("/ko", await entry(["portfolio"]), cache.generation)).toBe(true);
    expect(cache.set("/ko/projects/a", await entry(["project:a"]), cache.generation)).toBe(true);
    expect(cache.set("/en/projects/b", await entry(["project:b"]), cache.generation)).toBe(true);
    expect(cache.invalidate(["portfolio", "project:a"])).toBe(2);
    expect(cache.get("/ko")).toBeUndefined();
    expect(cache.get("/ko/projects/a")).toBeUndefined();
    expect(cache.get("/en/projects/b")).toBeDefined();
    cache.enabled = false;
    expect(cache.get("/en/projects/b")).toBeUndefined();
    cache.enabled = true;
    expect(cache.invalidate(["*"])).toBe(1);
    expect(cache.size).toBe(0);
  });

  it("does not store a render that began before an invalidation", async () => {
    const cache = new PageCache(options);
    cache.enabled = true;
    const started = cache.generation;
    cache.invalidate(["project:zzz"]);
    expect(cache.set("/ko", await entry(["portfolio"]), started)).toBe(false);
    expect(cache.get("/ko")).toBeUndefined();
  });

  it("keeps within its memory, least recently used out first, and renders anew after maxAge", async () => {
    const big = "x".repeat(200_000);
    const cache = new PageCache({ ...options, maxBytes: 2 * (200_000 + 4000) });
    cache.enabled = true;
    cache.set("/a", await entry(["portfolio"], big), 0);
    cache.set("/b", await entry(["portfolio"], big), 0);
    cache.get("/a");
    cache.set("/c", await entry(["portfolio"], big), 0);
    expect(cache.get("/b")).toBeUndefined();
    expect(cache.get("/a")).toBeDefined();
    expect(cache.get("/c")).toBeDefined();
    const old = new PageCache({ ...options, maxAgeMs: -1 });
    old.enabled = true;
    old.set("/a", await entry(["portfolio"]), 0);
    expect(old.get("/a")).toBeUndefined();
  });
});

describe("chooseEncoding and tagsOf", () => {
  it("prefers brotli, then gzip, and honours q=0", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding("identity")).toBeNull();
    expect(chooseEncoding("*")).toBe("br");
  });

  it("reads a notification's tags; an empty one means everything", () => {
    expect(tagsOf("portfolio project:a project:b")).toEqual(["portfolio", "project:a", "project:b"]);
    expect(tagsOf("")).toEqual(["*"]);
    expect(tagsOf(undefined)).toEqual(["*"]);
  });
});
