import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";

// The operator's commands as processes: `npm start` with a wrong variable stops with one line
// and no stack trace, before it starts anything; `npm run user:create` creates an audited user.

const root = path.resolve(import.meta.dirname, "..");
const run = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", script), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    // Only what the test sets, besides PATH and HOME: no variable of the developer's shell leaks in.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEXT_TELEMETRY_DISABLED: "1", ...env } as unknown as NodeJS.ProcessEnv,
  });

describe("npm start with a wrong configuration", () => {
  it.each([
    ["NEXTAUTH_SECRET", "short-secret", /NEXTAUTH_SECRET must be at least 32 characters/],
    ["PUBLIC_ORIGIN", "https://portfolio.example.kr/ko/", /PUBLIC_ORIGIN must be an origin/],
    ["NEXTAUTH_URL", "http://portfolio.example.kr", /NEXTAUTH_URL uses http:\/\//],
    ["PORT", "80800", /PORT must be a port number/],
    ["DATABASE_URL", "mysql://127.0.0.1/keit", /DATABASE_URL must look like postgresql:\/\//],
  ])("stops on %s=%s with one line naming it", (name, value, message) => {
    const result = run("start.ts", [], { [name]: value });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(""); // nothing was started: no PostgreSQL, no migration
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toMatch(/^Configuration error: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});

describe("npm run user:create", () => {
  it("creates an administrator from NEW_PASSWORD, audited, and refuses a short password", async () => {
    const databaseUrl = inject("databaseUrl");
    const created = run("user-create.ts", ["--email", "Ops.Admin@agency.example", "--name", "운영 관리자", "--role", "admin"], {
      DATABASE_URL: databaseUrl, NEW_PASSWORD: "an-operators-password",
    });
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/Created user \d+: ops\.admin@agency\.example \(admin\)/);
    const user = await db().user.findUniqueOrThrow({ where: { email: "ops.admin@agency.example" } });
    expect(user).toMatchObject({ role: "ADMIN", name: "운영 관리자", usesDemoPassword: false });
    expect(await db().auditLog.count({ where: { action: "user.create", entityId: String(user.id), reason: "created on the command line (npm run user:create)" } })).toBe(1);

    const refused = run("user-create.ts", ["--email", "second@agency.example", "--name", "둘째", "--role", "reviewer"], {
      DATABASE_URL: databaseUrl, NEW_PASSWORD: "short",
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe("The password must have at least 12 characters. Nothing was created.");
    expect(await db().user.count({ where: { email: "second@agency.example" } })).toBe(0);

    // user:set-password gets the same URL passed down (scripts/set-password.ts → withDatabase).
    const changed = run("set-password.ts", ["--email", "ops.admin@agency.example"], {
      DATABASE_URL: databaseUrl, NEW_PASSWORD: "another-operators-password",
    });
    expect(changed.stderr).toBe("");
    expect(changed.status).toBe(0);
    expect(changed.stdout).toMatch(/Password changed for ops\.admin@agency\.example; 0 session\(s\) ended/);
    expect(await db().auditLog.count({ where: { action: "user.resetPassword", entityId: String(user.id) } })).toBe(1);
    const unknown = run("set-password.ts", ["--email", "nobody@agency.example"], { DATABASE_URL: databaseUrl, NEW_PASSWORD: "another-operators-password" });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr.trim()).toBe("No user has the e-mail nobody@agency.example. Nothing was changed.");
  }, 90_000);
});
