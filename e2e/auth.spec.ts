import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo-accounts";

// Sign-in, sign-out and user administration in a real browser. The e2e server seeds the demo
// accounts (prisma/ensure-seed.ts); each test that changes users makes its own.

const demo = (role: "ADMIN" | "PROGRAM_MANAGER" | "REVIEWER") => {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`no demo ${role}`);
  return account;
};
const PM = demo("PROGRAM_MANAGER");
const ADMIN = demo("ADMIN");
const REVIEWER = demo("REVIEWER");
const GENERIC_ERROR = "이메일 또는 비밀번호가 올바르지 않습니다";

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "로그인", exact: true }).click();
}

async function signIn(page: Page, email: string, password: string, path = "/ko/login") {
  await page.goto(path);
  await fillSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

const account = (page: Page) => page.getByRole("navigation", { name: "내 계정" });
// Next.js has an empty role="alert" of its own (the route announcer).
const signInError = (page: Page) => page.getByRole("alert").filter({ hasText: /로그인하지 못했습니다|could not be signed in/ });

async function axeSerious(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test.describe("signing in", () => {
  test("the demo program manager signs in and lands in the workspace, named in the header", async ({ page }) => {
    await page.goto("/ko");
    await account(page).getByRole("link", { name: "로그인" }).click();
    await expect(page).toHaveURL(/\/ko\/login$/);
    await expect(page.getByRole("heading", { level: 1, name: "업무 화면 로그인" })).toBeVisible();
    await fillSignIn(page, PM.email, PM.password);
    await expect(page).toHaveURL(/\/ko\/manage$/);
    await expect(account(page)).toContainText("데모 사업담당자");
    await expect(account(page).getByRole("link", { name: "업무 화면" })).toHaveAttribute("href", "/ko/manage");
    // Signed in already: the sign-in page sends them on.
    await page.goto("/ko/login");
    await expect(page).toHaveURL(/\/ko\/manage$/);
  });

  test("a wrong password and an unknown e-mail get the same message, which names neither", async ({ page }) => {
    await page.goto("/ko/login");
    await fillSignIn(page, REVIEWER.email, "not-the-password");
    const alert = signInError(page);
    await expect(alert).toContainText(GENERIC_ERROR);
    const wrongPassword = await alert.innerText();
    await fillSignIn(page, "nobody@keit.example", REVIEWER.password);
    await expect(alert).toContainText(GENERIC_ERROR);
    expect(await alert.innerText()).toBe(wrongPassword);
    await expect(page).toHaveURL(/\/ko\/login$/);
  });

  test("empty or malformed input is explained beside the fields before anything is sent", async ({ page }) => {
    await page.goto("/ko/login");
    await page.getByRole("button", { name: "로그인", exact: true }).click();
    await expect(page.getByLabel("이메일")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("이메일")).toHaveAccessibleDescription("이메일을 입력해 주세요.");
    await expect(page.getByLabel("비밀번호")).toHaveAccessibleDescription("비밀번호를 입력해 주세요.");
    await page.getByLabel("이메일").fill("not-an-email");
    await page.getByRole("button", { name: "로그인", exact: true }).click();
    await expect(page.getByLabel("이메일")).toHaveAccessibleDescription(/이메일 형식이 올바르지 않습니다/);
  });

  test("an anonymous visitor of the workspace is sent to sign-in and back to the page they asked for", async ({ page }) => {
    await page.goto("/ko/manage");
    await expect(page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage$/);
    await page.goto("/ko/manage/projects");
    await expect(page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage%2Fprojects$/);
    await fillSignIn(page, PM.email, PM.password);
    await expect(page).toHaveURL(/\/ko\/manage\/projects$/);
  });

  for (const evil of ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example"]) {
    test(`ignores the outside callbackUrl ${evil}`, async ({ page }) => {
      await page.goto(`/ko/login?callbackUrl=${encodeURIComponent(evil)}`);
      await fillSignIn(page, PM.email, PM.password);
      await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/ko\/manage$/);
    });
  }

  test("a reviewer opening user administration gets the 403 page", async ({ page }) => {
    await signIn(page, REVIEWER.email, REVIEWER.password);
    await page.goto("/ko/admin/users");
    await expect(page).toHaveURL(/\/ko\/manage\/forbidden$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("이 화면을 열 권한이 없습니다");
    await page.getByRole("link", { name: "업무 화면으로 돌아가기" }).click();
    await expect(page).toHaveURL(/\/ko\/manage$/);
  });
});

test.describe("signing out", () => {
  test("ends the session on the server: the workspace, and even a replayed cookie, lead to sign-in", async ({ page, context }) => {
    await signIn(page, REVIEWER.email, REVIEWER.password);
    const before = await context.cookies();
    expect(before.some((c) => c.name === "next-auth.session-token")).toBe(true);
    await account(page).getByRole("button", { name: "로그아웃" }).click();
    await expect(page).toHaveURL(/\/ko$/);
    await expect(account(page).getByRole("link", { name: "로그인" })).toBeVisible();
    await page.goto("/ko/manage");
    await expect(page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage$/);

    // Someone who copied the cookie before the sign-out gets nothing from it.
    await context.addCookies(before.filter((c) => c.name === "next-auth.session-token"));
    await page.goto("/ko/manage");
    await expect(page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage$/);
  });
});

test.describe("user administration", () => {
  async function newContextPage(browser: Browser) {
    const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: "ko-KR", timezoneId: "Asia/Seoul" });
    return { context, page: await context.newPage() };
  }

  test("an admin creates a user who can sign in; disabling them refuses their open session at once", async ({ page, browser }) => {
    test.setTimeout(90_000); // two browsers, four sign-ins (each an argon2 hash) and a refused one
    const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@keit.example`;
    const password = "e2e-initial-password-1";
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/ko/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "사용자 관리" })).toBeVisible();
    await page.getByRole("link", { name: "사용자 추가" }).click();
    await expect(page).toHaveURL(/\/ko\/admin\/users\/new$/);

    // Bad input first: errors beside the fields, and the typed values stay.
    await page.getByLabel("이메일").fill("not-an-email");
    await page.getByLabel("이름").fill("이티 사용자");
    await page.getByLabel("비밀번호").fill("short");
    await page.getByRole("button", { name: "사용자 만들기" }).click();
    await expect(page.getByLabel("이메일")).toHaveAccessibleDescription(/이메일 형식이 올바르지 않습니다/);
    await expect(page.getByLabel("비밀번호")).toHaveAccessibleDescription(/12자 이상이어야 합니다/);
    await expect(page.getByLabel("이름")).toHaveValue("이티 사용자");

    await page.getByLabel("이메일").fill(email);
    await page.getByRole("radio", { name: /^사업담당자/ }).check();
    await page.getByRole("checkbox", { name: "알키미스트 프로젝트" }).check();
    await page.getByLabel("비밀번호").fill(password);
    await page.getByRole("button", { name: "사용자 만들기" }).click();
    await expect(page).toHaveURL(/\/ko\/admin\/users\/\d+\?created=1$/);
    await expect(page.getByRole("status").filter({ hasText: "사용자를 만들었습니다" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("이티 사용자");

    const other = await newContextPage(browser);
    try {
      await signIn(other.page, email, password);
      await expect(other.page).toHaveURL(/\/ko\/manage$/);
      await expect(account(other.page)).toContainText("이티 사용자");

      await page.getByRole("checkbox", { name: "사용 중지" }).check();
      await page.getByRole("button", { name: "저장", exact: true }).click();
      await expect(page.getByRole("status").filter({ hasText: "저장했습니다" })).toBeVisible();
      await expect(page.getByText("사용 중지", { exact: true }).first()).toBeVisible();

      await other.page.reload();
      await expect(other.page).toHaveURL(/\/ko\/login\?callbackUrl=%2Fko%2Fmanage$/);
      await fillSignIn(other.page, email, password);
      await expect(signInError(other.page)).toContainText(GENERIC_ERROR);
    } finally {
      await other.context.close();
    }

    await page.goto("/ko/admin/users");
    const row = page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
    await expect(row).toContainText("사용 중지");
    await expect(row).toContainText("알키미스트 프로젝트");
  });

  test("an admin's own account cannot be demoted or disabled from the form", async ({ page }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/ko/admin/users");
    await page.getByRole("link", { name: "데모 관리자 편집" }).click();
    await expect(page.getByText("본인 계정입니다")).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "사용 중지" })).toBeDisabled();
    await expect(page.getByRole("radio", { name: /^평가위원/ })).toBeDisabled();
  });
});

test.describe("accessibility", () => {
  // The submit button fades from its disabled grey back to blue; axe must not sample mid-fade.
  test.use({ reducedMotion: "reduce" });

  const labels = { ko: { email: "이메일", password: "비밀번호", submit: "로그인" }, en: { email: "E-mail", password: "Password", submit: "Sign in" } };
  for (const locale of ["ko", "en"] as const) {
    test(`axe: /${locale}/login, before and after a refused attempt`, async ({ page }) => {
      const label = labels[locale];
      await page.goto(`/${locale}/login`);
      expect(await axeSerious(page)).toEqual([]);
      await page.getByLabel(label.email, { exact: true }).fill(`nobody-${locale}@keit.example`);
      await page.getByLabel(label.password, { exact: true }).fill("wrong-password");
      const submit = page.getByRole("button", { name: label.submit, exact: true });
      await submit.click();
      await expect(signInError(page)).toBeVisible();
      await expect(submit).toBeEnabled();
      expect(await axeSerious(page)).toEqual([]);
    });
  }

  test("axe: user administration pages", async ({ page }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const path of ["/ko/admin/users", "/ko/admin/users/new", "/en/admin/users"]) {
      await page.goto(path);
      expect(await axeSerious(page), path).toEqual([]);
    }
    await page.goto("/ko/admin/users");
    await page.getByRole("link", { name: "데모 사업담당자 편집" }).click();
    expect(await axeSerious(page)).toEqual([]);
  });
});
