import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { signInAs } from "./fixtures/auth";
import { expect, test } from "./fixtures/test";
import { freePort, ROOT } from "./fixtures/processes";

// The page cache of the front server (docs/decisions/0022-page-cache.md): anonymous visitors get
// public pages from memory with `Cache-Control: public, s-maxage=…` and a hash CSP; a publish shows
// at once, on every server of the same database; signed-in users never get or fill the cache.
// Publishing changes the portfolio's counts that other specs check, so playwright.config.ts runs
// this spec after all others; alone: `npm run test:e2e -- --no-deps e2e/page-cache.spec.ts`.

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const SHARED = /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/;

/** A new draft project, created by a program manager in the workspace; returns its workspace URL. */
async function createDraft(page: Page, base: string, slug: string, titleKo: string): Promise<string> {
  await page.goto(`${base}/ko/manage/projects/new`);
  await page.getByLabel("주소용 이름").fill(slug);
  await page.getByLabel("과제명·제목(한국어)").fill(titleKo);
  await page.getByLabel("과제명·제목(영어)").fill(`${slug} (e2e)`);
  await page.getByLabel("개발기간 시작").fill("2025-01");
  await page.getByLabel("개발기간 종료").fill("2026-12");
  await page.getByLabel("상태", { exact: true }).selectOption("PLANNED");
  await page.getByRole("button", { name: "과제 저장" }).click();
  await expect(page).toHaveURL(/\/ko\/manage\/projects\/\d+$/);
  return new URL(page.url()).pathname;
}

async function setPublished(page: Page, base: string, workspacePath: string, publish: boolean): Promise<void> {
  await page.goto(`${base}${workspacePath}`);
  await page.getByRole("button", { name: publish ? "공개하기" : "비공개로 전환" }).click();
  await expect(page.getByText(publish ? "공개했습니다." : "비공개로 전환했습니다.")).toBeVisible();
}

function expectShared(response: APIResponse, url: string): void {
  const headers = response.headers();
  expect(headers["cache-control"], url).toMatch(SHARED);
  expect(headers["x-page-cache"], url).toMatch(/^(HIT|MISS)$/);
  expect(headers.vary, url).toContain("Cookie");
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, url).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;/);
  expect(csp, url).not.toMatch(/nonce|unsafe-inline'[^;]*; style-src 'self'|script-src[^;]*unsafe-inline/);
}

/** Polls an anonymous page until it contains (or no longer contains) a text; returns the elapsed time. */
async function until(request: APIRequestContext, url: string, check: (status: number, html: string) => boolean, ms: number): Promise<number> {
  const started = Date.now();
  await expect.poll(async () => {
    const response = await request.get(url, { maxRedirects: 0 });
    return check(response.status(), await response.text());
  }, { timeout: ms, intervals: [50, 100, 100, 200] }).toBe(true);
  return Date.now() - started;
}

test.describe("page cache", () => {
  test("publishing a project shows on its page and in the portfolio at once; headers let a CDN keep public pages only", async ({ managerPage: page, playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL: BASE });
    const stamp = Date.now().toString(36);
    const slug = `cache-publish-${stamp}`;
    const word = `캐시공개${stamp}`;
    const search = `/ko?q=${encodeURIComponent(word)}`;
    const workspace = await createDraft(page, BASE, slug, `${word} 과제`);

    // Before: the search finds nothing and is cached (a second request is a hit), the page is a 404.
    const before = await anonymous.get(search);
    expect(await before.text()).not.toContain(`${word} 과제`);
    const again = await anonymous.get(search);
    expect(again.headers()["x-page-cache"]).toBe("HIT");
    expectShared(again, search);
    expect((await anonymous.get(`/ko/projects/${slug}`)).status()).toBe(404);

    await setPublished(page, BASE, workspace, true);
    // The search was cached: invalidation plus one render. The page was a 404 (never cached): one render.
    const listMs = await until(anonymous, search, (_, html) => html.includes(`${word} 과제`), 2000);
    const pageMs = await until(anonymous, `/ko/projects/${slug}`, (status, html) => status === 200 && html.includes(`${word} 과제`), 10_000);
    console.log(`after publishing: project page ${pageMs} ms, portfolio search ${listMs} ms`);

    const first = await anonymous.get(`/en/projects/${slug}`);
    expect(first.status()).toBe(200);
    expectShared(first, `/en/projects/${slug}`);
    const second = await anonymous.get(`/en/projects/${slug}`);
    expect(second.headers()["x-page-cache"]).toBe("HIT");
    expect(second.headers().etag).toBe(first.headers().etag);
    // The browser revalidates with the ETag and gets a 304 without a body.
    const revalidated = await anonymous.get(`/en/projects/${slug}`, { headers: { "If-None-Match": second.headers().etag ?? "" } });
    expect(revalidated.status()).toBe(304);
    for (const url of ["/ko", "/en/statistics", `/ko/compare?p=hydrogen-electric-tram&p=${slug}`]) {
      const response = await anonymous.get(url);
      expect(response.status(), url).toBe(200);
      expectShared(response, url);
    }

    // Signed in: rendered for this user (a nonce CSP), never shared, never from the cache.
    for (const url of [`/ko/projects/${slug}`, search, "/ko/manage"]) {
      const response = await page.request.get(`${BASE}${url}`);
      expect(response.status(), url).toBe(200);
      expect(response.headers()["cache-control"], url).toContain("private");
      expect(response.headers()["x-page-cache"], url).toBeUndefined();
      expect(response.headers()["content-security-policy"], url).toContain("'nonce-");
    }
    // The client router's requests and the sign-in page are not cached either.
    const rsc = await anonymous.get(`/ko/projects/${slug}`, { headers: { RSC: "1" } });
    expect(rsc.headers()["x-page-cache"]).toBeUndefined();
    expect((await anonymous.get("/ko/login")).headers()["cache-control"]).toContain("private");

    await setPublished(page, BASE, workspace, false);
    await until(anonymous, `/ko/projects/${slug}`, (status) => status === 404, 2000);
    await until(anonymous, search, (_, html) => !html.includes(`${word} 과제`), 2000);
    await anonymous.dispose();
  });

  test.describe("two servers on one database", () => {
    let second: ChildProcess | null = null;
    let secondBase = "";

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const appUrlFile = path.join(ROOT, ".data", "e2e-app-database-url");
      const secretFile = path.join(ROOT, ".data", "auth-secret");
      const port = await freePort();
      secondBase = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "web-server.ts"), String(port), "127.0.0.1"], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DATABASE_URL: readFileSync(appUrlFile, "utf8").trim(),
          NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? (existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : ""),
          NEXTAUTH_URL: secondBase,
          KEIT_EMBEDDED_DATABASE: "1",
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          LOG_LEVEL: "info",
        } as unknown as NodeJS.ProcessEnv,
      });
      let output = "";
      const collect = (chunk: Buffer) => (output += chunk.toString("utf8"));
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      second = child;
      await expect.poll(() => (child.exitCode === null ? /page_cache_listening/.test(output) : `exited: ${output}`), { timeout: 90_000 }).toBe(true);
    });

    test.afterAll(async () => {
      const child = second;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    });

    test("a change through one server shows through the other within 2 s, and a session works on both", async ({ page, context, playwright }) => {
      const anonymous = await playwright.request.newContext();
      const stamp = Date.now().toString(36);
      const slug = `cache-two-${stamp}`;
      const title = `두서버${stamp} 과제`;
      // Signed in through the second server; the cookie (same host, same secret) works on the first.
      await signInAs(context, secondBase, "PROGRAM_MANAGER");
      const workspace = await createDraft(page, BASE, slug, title);
      await page.goto(`${secondBase}${workspace}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

      // The second server has the portfolio's first page cached before the change.
      const search = `/ko?q=${encodeURIComponent(title.split(" ")[0] ?? "")}`;
      await anonymous.get(`${secondBase}${search}`);
      expect((await anonymous.get(`${secondBase}${search}`)).headers()["x-page-cache"]).toBe("HIT");

      // Published through the first server: the second shows it. The search was cached there, so
      // this is the invalidation's time plus one render; the project page had never been shown
      // (a 404 is not cached), so its time is only its first render, which a loaded machine slows.
      await setPublished(page, BASE, workspace, true);
      const listedMs = await until(anonymous, `${secondBase}${search}`, (_, html) => html.includes(title), 2000);
      const shownMs = await until(anonymous, `${secondBase}/ko/projects/${slug}`, (status, html) => status === 200 && html.includes(title), 10_000);
      expect((await anonymous.get(`${secondBase}/ko/projects/${slug}`)).headers()["x-page-cache"]).toBe("HIT");

      // Unpublished through the second server: the first stops showing it.
      await anonymous.get(`${BASE}/ko/projects/${slug}`);
      expect((await anonymous.get(`${BASE}/ko/projects/${slug}`)).headers()["x-page-cache"]).toBe("HIT");
      await setPublished(page, secondBase, workspace, false);
      const goneMs = await until(anonymous, `${BASE}/ko/projects/${slug}`, (status) => status === 404, 2000);
      console.log(`two servers: published via 1 → cached search on 2 shows it after ${listedMs} ms, page after ${shownMs} ms; unpublished via 2 → cached page on 1 gone after ${goneMs} ms`);
      await anonymous.dispose();
    });
  });
});
