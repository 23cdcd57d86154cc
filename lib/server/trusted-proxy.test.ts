import { describe, expect, it } from "vitest";
import { applyForwardedFacts, forwardedFacts, parseHops, type RawHeaders } from "./trusted-proxy";

// Finding 4 of issue 9: the client picked its own address and host.
const facts = (headers: RawHeaders, hops: number, socketAddress = "10.0.0.5", encrypted = false) =>
  forwardedFacts({ headers, socketAddress, encrypted, hops });

describe("forwardedFacts without trusted proxies (TRUSTED_PROXY_HOPS=0)", () => {
  it("uses the socket address and the Host header, whatever X-Forwarded-* say", () => {
    expect(facts({ host: "127.0.0.1:3000", "x-forwarded-for": "1.2.3.4", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }, 0))
      .toEqual({ address: "10.0.0.5", host: "127.0.0.1:3000", proto: "http" });
  });

  it("unwraps IPv4-mapped IPv6 socket addresses", () => {
    expect(facts({ host: "a.example" }, 0, "::ffff:203.0.113.9").address).toBe("203.0.113.9");
    expect(facts({ host: "a.example" }, 0, "::1").address).toBe("::1");
  });

  it("refuses an unusable Host", () => {
    expect(facts({ host: "evil.example/<script>" }, 0).host).toBeNull();
  });
});

describe("forwardedFacts behind trusted proxies", () => {
  it("takes the address the nearest proxy saw, not what the client prepended", () => {
    // The client sent X-Forwarded-For: 6.6.6.6; the proxy appended the address it saw.
    expect(facts({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }, 1).address).toBe("203.0.113.7");
    expect(facts({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" }, 2).address).toBe("203.0.113.7");
    expect(facts({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] }, 1).address).toBe("203.0.113.7");
  });

  it("uses the leftmost entry when the chain is shorter than the hops, and the socket when there is none", () => {
    expect(facts({ "x-forwarded-for": "203.0.113.7" }, 3).address).toBe("203.0.113.7");
    expect(facts({}, 1).address).toBe("10.0.0.5");
    expect(facts({ "x-forwarded-for": "not-an-address" }, 1).address).toBe("10.0.0.5");
  });

  it("takes host and protocol from the nearest proxy", () => {
    expect(facts({ host: "app:3000", "x-forwarded-host": "evil.example, portfolio.example.kr", "x-forwarded-proto": "https" }, 1))
      .toMatchObject({ host: "portfolio.example.kr", proto: "https" });
    expect(facts({ host: "app:3000", "x-forwarded-host": "bad host!", "x-forwarded-proto": "gopher" }, 1))
      .toMatchObject({ host: "app:3000", proto: "http" });
  });
});

describe("applyForwardedFacts", () => {
  it("replaces what the client wrote", () => {
    const headers: RawHeaders = { host: "a", "x-forwarded-for": "1.2.3.4", "x-real-ip": "1.2.3.4", "x-forwarded-host": "evil.example", forwarded: "for=1.2.3.4" };
    applyForwardedFacts(headers, { address: "10.0.0.5", host: "a", proto: "http" });
    expect(headers).toEqual({ host: "a", "x-forwarded-for": "10.0.0.5", "x-forwarded-host": "a", "x-forwarded-proto": "http" });
  });
});

describe("parseHops", () => {
  it("defaults to 0 and refuses nonsense", () => {
    expect(parseHops(undefined)).toBe(0);
    expect(parseHops("")).toBe(0);
    expect(parseHops("2")).toBe(2);
    expect(() => parseHops("-1")).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseHops("11")).toThrow(/TRUSTED_PROXY_HOPS/);
    expect(() => parseHops("one")).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
