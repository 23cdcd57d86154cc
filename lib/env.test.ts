import { describe, expect, it } from "vitest";
import { defaultAuthUrl, startConfig } from "./env";

// The configuration check at start: every wrong value gives one line that names the variable
// and says what to set; valid configurations pass.

const problem = (vars: Record<string, string>) => {
  const result = startConfig(vars);
  return result.ok ? null : result.problem;
};

describe("startConfig", () => {
  it("accepts nothing at all (the embedded database) and a complete production configuration", () => {
    expect(startConfig({}).ok).toBe(true);
    const full = startConfig({
      NODE_ENV: "production", DATABASE_URL: "postgresql://keit:s%40cret@db.internal:5432/keit", PORT: "3000",
      PUBLIC_ORIGIN: "https://portfolio.example.kr", NEXTAUTH_URL: "https://portfolio.example.kr/", NEXTAUTH_SECRET: "x".repeat(48),
    });
    expect(full.ok).toBe(true);
    expect(full.ok && full.config.PORT).toBe(3000);
  });

  it.each([
    [{ NEXTAUTH_SECRET: "too-short-secret" }, "NEXTAUTH_SECRET", /at least 32 characters/],
    [{ PUBLIC_ORIGIN: "portfolio.example.kr" }, "PUBLIC_ORIGIN", /https:\/\/portfolio\.example\.kr/],
    [{ PUBLIC_ORIGIN: "https://portfolio.example.kr/ko" }, "PUBLIC_ORIGIN", /no path/],
    [{ PUBLIC_ORIGIN: "ftp://portfolio.example.kr" }, "PUBLIC_ORIGIN", /origin/],
    [{ NEXTAUTH_URL: "http://portfolio.example.kr" }, "NEXTAUTH_URL", /https:\/\//],
    [{ NEXTAUTH_URL: "https://portfolio.example.kr/app" }, "NEXTAUTH_URL", /no path/],
    [{ NEXTAUTH_URL: "https://a.example.kr", PUBLIC_ORIGIN: "https://b.example.kr" }, "NEXTAUTH_URL", /different sites/],
    [{ PORT: "70000" }, "PORT", /1 to 65535/],
    [{ PORT: "http" }, "PORT", /1 to 65535/],
    [{ DATABASE_URL: "mysql://db/keit" }, "DATABASE_URL", /postgresql:\/\//],
    [{ DATABASE_URL: "postgresql://db.internal:5432" }, "DATABASE_URL", /database name/],
    [{ DATABASE_POOL_SIZE: "0" }, "DATABASE_POOL_SIZE", /1 to 100/],
    [{ NODE_ENV: "prod" }, "NODE_ENV", /production/],
  ])("refuses %j with one line naming %s", (vars, name, what) => {
    const line = problem(vars);
    expect(line).not.toBeNull();
    expect(line).toContain(name);
    expect(line).toMatch(what);
    expect(line).not.toContain("\n");
  });

  it("accepts plain http on this machine, and an empty variable as unset", () => {
    expect(problem({ NEXTAUTH_URL: "http://127.0.0.1:3000" })).toBeNull();
    expect(problem({ NEXTAUTH_URL: "http://localhost:3000" })).toBeNull();
    expect(problem({ PUBLIC_ORIGIN: "", NEXTAUTH_SECRET: "" })).toBeNull();
  });

  it("gives NEXTAUTH_URL the public origin when only PUBLIC_ORIGIN is set", () => {
    const config = (vars: Record<string, string>) => {
      const r = startConfig(vars);
      if (!r.ok) throw new Error(r.problem);
      return r.config;
    };
    expect(defaultAuthUrl(config({ PUBLIC_ORIGIN: "https://portfolio.example.kr" }), 3000)).toBe("https://portfolio.example.kr");
    expect(defaultAuthUrl(config({}), 3003)).toBe("http://127.0.0.1:3003");
  });
});

describe("testConfig", () => {
  it("validates the test harnesses' variables and names the one that is wrong", async () => {
    const { testConfig } = await import("./env");
    expect(testConfig({})).toEqual({ E2E_PORT: 3210 });
    expect(testConfig({ E2E_PORT: "3415", TEST_DATABASE_URL: "postgresql://root@127.0.0.1:5432/test" })).toEqual({ E2E_PORT: 3415, TEST_DATABASE_URL: "postgresql://root@127.0.0.1:5432/test" });
    expect(() => testConfig({ E2E_PORT: "70000" })).toThrow(/E2E_PORT must be a port number/);
    expect(() => testConfig({ E2E_PORT: "abc" })).toThrow(/E2E_PORT must be a port number/);
    expect(() => testConfig({ TEST_DATABASE_URL: "mysql://x/y" })).toThrow(/TEST_DATABASE_URL must look like/);
  });
});

describe("env() parses once per set of values", () => {
  it("returns the same object while the variables stay, and a new one when one changes", async () => {
    const { env } = await import("./env");
    const saved = { DATABASE_URL: process.env.DATABASE_URL, DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE };
    try {
      process.env.DATABASE_URL = "postgresql://u@127.0.0.1:5432/once";
      process.env.DATABASE_POOL_SIZE = "7";
      const first = env();
      expect(env()).toBe(first);
      process.env.DATABASE_POOL_SIZE = "8";
      expect(env()).not.toBe(first);
      expect(env().DATABASE_POOL_SIZE).toBe(8);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
});
