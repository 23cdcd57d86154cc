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
