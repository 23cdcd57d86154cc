import { hash } from "@node-rs/argon2";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo-accounts";
import { withDatabase } from "./fixtures/database";
import { TRAM } from "../prisma/e2e-fixtures/constants";

// The seven findings of issue 9, tried again against the running app as an attacker would.

const demo = (role: "ADMIN" | "PROGRAM_MANAGER" | "REVIEWER") => DEMO_ACCOUNTS.find((a) => a.role === role)!;
const REVIEWER = demo("REVIEWER");

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/ko/login");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "로그인", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

// Each sign-in costs an argon2 hash, and some tests sign in several times.
test.describe.configure({ timeout: 90_000 });

/**
 * A credentials sign-in through next-auth's HTTP endpoint, as a script would (its own cookie jar
 * per attempt, so parallel attempts do not mix CSRF cookies): the error code, or "OK".
 */
async function postSignIn(baseURL: string, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const request = await playwrightRequest.newContext({ baseURL });
  try {
    const csrf = await request.get("/api/auth/csrf", { headers });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      headers: { Origin: baseURL, ...headers },
      form: { csrfToken, email, password, json: "true" },
      maxRedirects: 0,
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string };
    const location = response.headers().location ?? body.url ?? "";
    if (location.includes("csrf=true")) return "CSRF";
    const error = /[?&]error=([^&]+)/.exec(location)?.[1];
    if (error) return decodeURIComponent(error);
    const cookies = await request.storageState();
    return cookies.cookies.some((c) => c.name.endsWith("next-auth.session-token")) ? "OK" : `NO_SESSION(${response.status()})`;
  } finally {
    await request.dispose();
  }
}

/** A user of our own with a known password (argon2id, as the app hashes). */
async function makeUser(label: string): Promise<{ email: string; password: string }> {
  const email = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@keit.example`;
  const password = `pw-${label}-${Math.random().toString(36).slice(2)}-2026`;
  const passwordHash = await hash(password);
  await withDatabase((db) => db.query(
    `INSERT INTO app_user (email, name, password_hash, role, updated_at) VALUES ($1, $2, $3, 'REVIEWER', now())`,
    [email, `공격 시험 ${label}`, passwordHash],
  ));
  return { email, password };
}

test.describe("finding 1: no open redirect after sign-in", () => {
  const variants = [
    "%2F.%2F%2Fevil.example",
    "/..//evil.example",
    "/ko/..//evil.example",
    "%2Fko%2F..%2F%2Fevil.example",
    "/ko/%2e%2e//evil.example",
    "/%2e%2e//evil.example",
    "/%2F%2Fevil.example",
    "%2F%09%2Fevil.example",
    "/%5Cevil.example",
    "https://evil.example/ko",
    "//evil.example",
  ];

  test("a signed-in visitor is sent to the workspace, never to another origin", async ({ page }) => {
    const user = await makeUser("redirect");
    await signIn(page, user.email, user.password);
    for (const variant of variants) {
      const response = await page.request.get(`/ko/login?callbackUrl=${variant}`, { maxRedirects: 0 });
      expect(response.status(), variant).toBeGreaterThanOrEqual(300);
      expect(response.status(), variant).toBeLessThan(400);
      const location = response.headers().location ?? "";
      expect(location, variant).toMatch(/^(http:\/\/127\.0\.0\.1:\d+)?\/ko\/manage$/);
    }
    // An app path still works.
    const fine = await page.request.get("/ko/login?callbackUrl=%2Fko%2Fmanage%2Fprojects", { maxRedirects: 0 });
    expect(fine.headers().location).toMatch(/\/ko\/manage\/projects$/);
  });
});

test.describe("findings 2–4: sign-in throttling and the client's address", () => {
  test("30 parallel wrong passwords: at most 5 are evaluated; another account from the same address still signs in", async ({ baseURL }) => {
    test.setTimeout(120_000);
    const victim = await makeUser("victim");
    // A different X-Forwarded-For on each request, as the attacker of finding 4 did.
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      postSignIn(baseURL!, victim.email, `wrong-password-${i}`, { "X-Forwarded-For": `6.6.6.${i}` })));
    const invalid = results.filter((r) => r === "INVALID").length;
    const limited = results.filter((r) => r === "RATE_LIMITED").length;
    expect(invalid).toBeLessThanOrEqual(5);
    expect(invalid + limited, results.join(" ")).toBe(30);
    expect(limited).toBeGreaterThanOrEqual(25);
    // The victim's right password waits too (growing delay, not a permanent lock) ...
    expect(await postSignIn(baseURL!, victim.email, victim.password)).toBe("RATE_LIMITED");
    // ... but a colleague at the same address signs in.
    const colleague = await makeUser("colleague");
    expect(await postSignIn(baseURL!, colleague.email, colleague.password)).toBe("OK");

    await withDatabase(async (db) => {
      const attempts = await db.query<{ outcome: string; n: number; ips: string[] }>(
        "SELECT outcome::text, count(*)::int AS n, array_agg(DISTINCT ip) AS ips FROM sign_in_attempt WHERE email = $1 GROUP BY outcome ORDER BY outcome", [victim.email]);
      expect(attempts.rows.find((r) => r.outcome === "FAILED")?.n).toBe(invalid);
      // X-Forwarded-For was ignored (TRUSTED_PROXY_HOPS=0): every attempt has the socket's address.
      expect([...new Set(attempts.rows.flatMap((r) => r.ips))]).toEqual(["127.0.0.1"]);
      const audit = await db.query<{ reason: string; ip: string }>("SELECT reason, ip FROM audit_log WHERE action = 'auth.signIn' AND actor_email = $1 ORDER BY id", [victim.email]);
      expect(audit.rows.filter((r) => r.reason.startsWith("rate limited"))).toHaveLength(1); // one per burst
      expect(audit.rows.every((r) => r.ip === "127.0.0.1")).toBe(true);
    });
  });

  test("X-Forwarded-Host does not reach the JSON-LD @id or canonical links without trusted proxies", async ({ request }) => {
    const response = await request.get(`/ko${TRAM}`, { headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https" } });
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("evil.example");
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? "";
    expect(ld).toMatch(/"@id":"http:\/\/127\.0\.0\.1:\d+\/ko\/projects\/hydrogen-electric-tram/);
  });

  test("every response carries a request id", async ({ request }) => {
    const response = await request.get("/ko");
    expect(response.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});

test.describe("finding 6: bad input is a 400, never a 500", () => {
  for (const path of ["/ko/projects/%00", "/en/projects/%00", "/ko/projects/%FF", "/ko/institutions/%00", "/ko?q=%00", "/ko/manage/projects/%00", "/api/compare?p=%00", "/ko/%C3%28"]) {
    test(`GET ${path}`, async ({ request }) => {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status()).toBe(400);
    });
  }
});

test.describe("sessions", () => {
  test("an idle session ends; so does one past its absolute lifetime", async ({ page }) => {
    const user = await makeUser("idle");
    await signIn(page, user.email, user.password);
    await page.goto("/ko/manage");
    await expect(page).toHaveURL(/\/ko\/manage$/);
    await withDatabase((db) => db.query(
      "UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = (SELECT id FROM app_user WHERE email = $1)", [user.email]));
    await page.goto("/ko/manage");
    await expect(page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage$/);

    await signIn(page, user.email, user.password);
    await withDatabase((db) => db.query(
      "UPDATE user_session SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' WHERE user_id = (SELECT id FROM app_user WHERE email = $1)", [user.email]));
    await page.goto("/ko/manage");
    await expect(page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage$/);
  });

  test("changing one's own password needs the current one and ends the other sessions; sign out everywhere", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const user = await makeUser("change");
    const other = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: "ko-KR" });
    const otherPage = await other.newPage();
    try {
      await signIn(otherPage, user.email, user.password);
      await signIn(page, user.email, user.password);
      await page.goto("/ko/manage/account");
      await expect(page.getByRole("navigation", { name: "업무 메뉴" }).getByRole("link", { name: "내 계정" })).toHaveAttribute("href", "/ko/manage/account");
      const newPassword = `${user.password}-new`;
      await page.getByLabel("지금 비밀번호").fill("not-the-password");
      await page.getByLabel("새 비밀번호", { exact: true }).fill(newPassword);
      await page.getByLabel("새 비밀번호 확인").fill(newPassword);
      await page.getByRole("button", { name: "비밀번호 바꾸기" }).click();
      await expect(page.getByLabel("지금 비밀번호")).toHaveAccessibleDescription("지금 쓰는 비밀번호가 맞지 않습니다.");

      await page.getByLabel("지금 비밀번호").fill(user.password);
      await page.getByLabel("새 비밀번호", { exact: true }).fill(newPassword);
      await page.getByLabel("새 비밀번호 확인").fill(newPassword);
      await page.getByRole("button", { name: "비밀번호 바꾸기" }).click();
      await expect(page.getByRole("status").filter({ hasText: "비밀번호를 바꿨습니다" })).toContainText("1개");
      // The other browser is signed out; this one is not.
      await otherPage.goto("/ko/manage");
      await expect(otherPage).toHaveURL(/\/ko\/login/);
      await page.goto("/ko/manage/account");
      await expect(page).toHaveURL(/\/ko\/manage\/account$/);

      await signIn(otherPage, user.email, newPassword);
      await page.getByRole("button", { name: "모든 곳에서 로그아웃" }).click();
      await expect(page).toHaveURL(/\/ko\/login$/);
      await otherPage.goto("/ko/manage");
      await expect(otherPage).toHaveURL(/\/ko\/login/);
      await withDatabase(async (db) => {
        const { rows } = await db.query("SELECT count(*)::int AS n FROM user_session WHERE user_id = (SELECT id FROM app_user WHERE email = $1)", [user.email]);
        expect(rows[0]).toEqual({ n: 0 });
      });
    } finally {
      await other.close();
    }
  });
});

test("the reviewer demo account is untouched by these tests", async ({ baseURL }) => {
  expect(await postSignIn(baseURL!, REVIEWER.email, REVIEWER.password)).toBe("OK");
});
