import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { contentSecurityPolicy, createNonce, crossOriginRefusal, hashedContentSecurityPolicy, inlineHashes } from "@/lib/server/security-headers";

const post = (headers: Record<string, string>, method = "POST") => crossOriginRefusal({ method, headers: new Headers(headers) });

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only, and eval in development only", () => {
    const production = contentSecurityPolicy("abc123==", { isDev: false });
    expect(production).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic';");
    expect(production).not.toContain("unsafe-eval");
    expect(production).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(production).not.toMatch(/style-src [^;]*unsafe-inline/);
    for (const directive of ["default-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"]) {
      expect(production).toContain(directive);
    }
    const development = contentSecurityPolicy("abc123==", { isDev: true });
    expect(development).toContain("'strict-dynamic' 'unsafe-eval'");
    expect(development).toContain("style-src 'self' 'unsafe-inline'");
  });

  it("uses a new, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("hashedContentSecurityPolicy and inlineHashes", () => {
  const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("base64");

  it("lists the hash of every inline script and <style>, and nothing inline besides", () => {
    const html = [
      `<script nonce="abc">self.__next_f=self.__next_f||[]</script>`,
      `<script>self.__next_f.push([1,"\\u003c/script\\u003e 수소"])</script>`,
      `<script src="/_next/static/chunks/a.js" async=""></script>`,
      `<script type="application/ld+json">{"@type":"ResearchProject"}</script>`,
      `<SCRIPT>self.__next_f.push([1,"x"])\r\n</SCRIPT >`,
      `<script>self.__next_f=self.__next_f||[]</script>`,
      `<style data-precedence="x">.a{color:red}</style>`,
    ].join("");
    const hashes = inlineHashes(html);
    expect(hashes.scripts).toEqual([sha("self.__next_f=self.__next_f||[]"), sha(`self.__next_f.push([1,"\\u003c/script\\u003e 수소"])`), sha(`self.__next_f.push([1,"x"])\n`)]);
    expect(hashes.styles).toEqual([sha(".a{color:red}")]);
    const csp = hashedContentSecurityPolicy(hashes);
    const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives["script-src"]).toEqual(["'self'", ...hashes.scripts.map((h) => `'sha256-${h}'`)]);
    expect(directives["style-src"]).toEqual(["'self'", `'sha256-${sha(".a{color:red}")}'`]);
    expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|strict-dynamic|nonce)/);
    expect(directives["object-src"]).toEqual(["'none'"]);
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(hashedContentSecurityPolicy({ scripts: [], styles: [] })).toContain("script-src 'self'; style-src 'self';");
  });
});

describe("crossOriginRefusal", () => {
  it("lets reads through whatever their origin", () => {
    expect(post({ origin: "https://evil.example", host: "portfolio.example" }, "GET")).toBeNull();
    expect(post({}, "HEAD")).toBeNull();
  });

  it("lets a same-origin POST through, by Host or by the proxy's X-Forwarded-Host", () => {
    expect(post({ origin: "http://127.0.0.1:3210", host: "127.0.0.1:3210" })).toBeNull();
    expect(post({ origin: "https://portfolio.example", host: "10.0.0.5:3000", "x-forwarded-host": "portfolio.example" })).toBeNull();
  });

  it("refuses a POST without Origin, from another site, from an opaque origin or with a broken Origin", () => {
    expect(post({ host: "127.0.0.1:3210", "next-action": "abc" })).toMatch(/Origin header/);
    expect(post({ origin: "https://evil.example", host: "127.0.0.1:3210" })).toMatch(/another site/);
    expect(post({ origin: "http://127.0.0.1:3211", host: "127.0.0.1:3210" })).toMatch(/another site/);
    expect(post({ origin: "null", host: "127.0.0.1:3210" })).toMatch(/another site/);
    expect(post({ origin: "not a url", host: "127.0.0.1:3210" })).toMatch(/another site/);
    expect(post({ origin: "https://evil.example" })).toMatch(/another site/);
    expect(post({ origin: "https://evil.example", host: "127.0.0.1:3210" }, "DELETE")).toMatch(/another site/);
  });
});
