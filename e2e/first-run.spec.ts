import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { eventually, freePort, freshDatabase, ROOT, sql, startApp, startPostgres, type Running } from "./fixtures/processes";

// First run on a production database, as an operator does it: `npm start` with DATABASE_URL on a
// fresh database gets no demo account and prints a one-time setup link; the link creates the
// first administrator once and then refuses; /healthz and /readyz answer load balancers,
// including 503 while the database is stopped. The app and its PostgreSQL are this spec's own.

test.describe.configure({ mode: "serial", timeout: 240_000 });

let postgres: Awaited<ReturnType<typeof startPostgres>>;
let app: Running;
let databaseUrl: string;
let origin: string;
let setupUrl: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  postgres = await startPostgres("first-run");
  databaseUrl = await freshDatabase(postgres.serverUrl, "keit_first_run");
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  app = startApp({ DATABASE_URL: databaseUrl, PORT: String(port) });
  const [, link] = await app.waitFor(/\[setup\]\s+(http:\/\/127\.0\.0\.1:\d+\/ko\/setup\?token=[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/);
  setupUrl = link!;
  await eventually(async () => (await fetch(`${origin}/healthz`)).ok, 60_000);
});

test.afterAll(async () => {
  await app?.stop();
  await postgres?.stop();
});

test("a fresh external database gets the published portfolio, no demo account, and a setup link", async () => {
  expect(await sql(databaseUrl, "SELECT count(*)::int AS n FROM app_user")).toEqual([{ n: 0 }]);
  expect((await sql<{ n: number }>(databaseUrl, "SELECT count(*)::int AS n FROM project"))[0]!.n).toBeGreaterThan(0);
  expect(app.output()).not.toMatch(/demo accounts/i);
  expect(app.output()).not.toMatch(/Refusing to start/);
  expect(setupUrl.startsWith(`${origin}/ko/setup?token=`)).toBe(true);
  // Only the token's hash is stored.
  const token = new URL(setupUrl).searchParams.get("token")!;
  const rows = await sql<{ token_hash: string }>(databaseUrl, "SELECT token_hash FROM setup_token");
  expect(rows).toHaveLength(1);
  expect(rows[0]!.token_hash).not.toContain(token);
});

test("the setup link creates the first administrator once, then refuses", async ({ page }) => {
  await page.goto(`${origin}/ko/setup?token=${"x".repeat(43)}`);
  await expect(page.getByText("이 설정 링크는 쓸 수 없습니다")).toBeVisible();

  await page.goto(setupUrl);
  await expect(page.getByRole("heading", { level: 1, name: "첫 관리자 만들기" })).toBeVisible();
  await page.getByLabel("이메일").fill("admin@agency.example");
  await page.getByLabel("이름").fill("첫 관리자");
  await page.getByLabel("비밀번호", { exact: true }).fill("short");
  await page.getByLabel("비밀번호 확인").fill("short");
  await page.getByRole("button", { name: "관리자 만들기" }).click();
  await expect(page.getByText("비밀번호는 12자 이상이어야 합니다.")).toBeVisible();
  expect(await sql(databaseUrl, "SELECT count(*)::int AS n FROM app_user")).toEqual([{ n: 0 }]);

  await page.getByLabel("비밀번호", { exact: true }).fill("first-admin-password-2026");
  await page.getByLabel("비밀번호 확인").fill("first-admin-password-2026");
  await page.getByRole("button", { name: "관리자 만들기" }).click();
  await expect(page.getByRole("status")).toContainText("admin@agency.example 계정을 만들었습니다");
  const audit = await sql(databaseUrl, "SELECT action, outcome, reason FROM audit_log WHERE action = 'user.create'");
  expect(audit).toEqual([{ action: "user.create", outcome: "SUCCESS", reason: "first administrator, through the one-time setup link" }]);

  // The administrator signs in and reaches the user admin.
  await page.getByRole("link", { name: "로그인" }).first().click();
  await page.getByLabel("이메일").fill("admin@agency.example");
  await page.getByLabel("비밀번호").fill("first-admin-password-2026");
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await expect(page).toHaveURL(/\/ko\/manage/, { timeout: 30_000 });
  await page.goto(`${origin}/ko/admin/users`);
  await expect(page.getByRole("cell", { name: "admin@agency.example" })).toBeVisible();

  // The same link again: refused, nothing created.
  await page.goto(setupUrl);
  await expect(page.getByText("이미 관리자가 있습니다")).toBeVisible();
  await expect(page.getByRole("button", { name: "관리자 만들기" })).toHaveCount(0);
  expect(await sql(databaseUrl, "SELECT count(*)::int AS n FROM app_user")).toEqual([{ n: 1 }]);
});

test("/healthz and /readyz answer without sign-in, and /readyz is 503 while the database is stopped", async () => {
  const get = (path: string) => fetch(`${origin}${path}`, { redirect: "manual" });
  const health = await get("/healthz");
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await get("/readyz");
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", newerMigrations: 0 });

  const port = postgres.port;
  await postgres.stop();
  await eventually(async () => (await get("/readyz")).status === 503);
  const down = await get("/readyz");
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
  // Alive all the same: an orchestrator must not restart the app for a database outage.
  expect((await get("/healthz")).status).toBe(200);

  postgres = await startPostgres("first-run", port);
  await eventually(async () => (await get("/readyz")).status === 200, 30_000);
});

test("`next start` directly with a wrong variable stops with the same one line, before serving", async () => {
  const port = await freePort();
  const result = spawnSync(`${ROOT}/node_modules/.bin/next`, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: "x".repeat(40), NEXTAUTH_URL: "http://portfolio.example.kr",
    } as unknown as NodeJS.ProcessEnv,
  });
  expect(result.status).toBe(1);
  const errors = result.stderr.trim().split("\n").filter(Boolean);
  expect(errors).toEqual([expect.stringMatching(/^Configuration error: NEXTAUTH_URL uses http:\/\/ for a host other than this machine/)]);
  expect(result.stderr).not.toMatch(/\n\s+at /);
});
