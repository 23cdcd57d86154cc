import { expect, test, type Page } from "@playwright/test";
import { DRAFT_TITLE, OTHER_PUBLISHED_FIXTURES, SYNTHETIC_PUBLISHED } from "../prisma/e2e-fixtures/constants";

const results = (page: Page) => page.getByRole("list", { name: /검색 결과|Results/ }).getByRole("article");
const titles = (page: Page) => results(page).getByRole("heading", { level: 3 });

async function search(page: Page, text: string) {
  await page.getByRole("searchbox", { name: /검색어|Search/ }).fill(text);
  await page.getByRole("button", { name: /^(검색|Search)$/ }).click();
}

test.describe("portfolio search", () => {
  test("finds Korean substrings, two-syllable words and institutions", async ({ page }) => {
    await page.goto("/ko");
    await expect(page.getByRole("heading", { level: 1, name: "R&D 과제 포트폴리오" })).toBeVisible();

    await search(page, "전기트램");
    await expect(page).toHaveURL(/q=%EC%A0%84%EA%B8%B0%ED%8A%B8%EB%9E%A8/);
    await expect(titles(page)).toHaveText(["수소전기트램 실증사업"]);
    await expect(page.getByRole("status").filter({ hasText: "과제 1건" })).toContainText("281억 원");

    await search(page, "트램");
    await expect(titles(page)).toHaveText(["수소전기트램 실증사업"]);

    await search(page, "넥스트칩");
    await expect(titles(page)).toHaveText(["다중센서 기반 Level 3 이상의 자율주행자동차를 위한 신호처리 SoC 및 플랫폼 개발"]);

    await search(page, "찾을수없는검색어");
    await expect(page.getByRole("heading", { name: "조건에 맞는 과제가 없습니다" })).toBeVisible();
  });

  test("searches in English on the English page", async ({ page }) => {
    await page.goto("/en");
    await search(page, "Hyundai Rotem");
    await expect(titles(page)).toHaveText(["Hydrogen-Electric Tram Demonstration Project"]);
    await search(page, "APACHE6");
    await expect(titles(page)).toHaveText(["Signal-Processing SoC and Platform for Level 3+ Autonomous Vehicles Based on Multiple Sensors"]);
    await expect(page.getByRole("status").filter({ hasText: "1 project" })).toContainText("KRW 3.891 billion");
  });

  test("filters by every facet", async ({ page }) => {
    await page.goto("/ko");
    const filters = page.getByRole("region", { name: "검색 조건" });
    const summary = page.getByRole("status").filter({ hasText: /과제 [\d,]+건/ });

    // Each facet option shows how many projects it would give; applying it gives exactly those.
    const cases = [
      { group: "사업", option: /알키미스트 프로젝트/, param: "program=", card: "알키미스트 프로젝트" },
      { group: "국가전략기술 분야", option: /^수소/, param: "area=HYDROGEN", card: "수소" },
      { group: "진행 상태", option: /^종료/, param: "status=COMPLETED", card: "종료" },
      { group: "시작 연도", option: /^2021/, param: "year=2021", card: "2021." },
      { group: "참여기관 유형", option: /^병원/, param: "instType=HOSPITAL", card: null },
    ];
    for (const c of cases) {
      await page.goto("/ko");
      const option = filters.getByRole("group", { name: c.group }).getByLabel(c.option);
      const label = await option.evaluate((input: HTMLInputElement) => input.labels?.[0]?.textContent ?? "");
      const expected = Number(/([\d,]+)건/.exec(label ?? "")?.[1]?.replace(/,/g, ""));
      expect(expected).toBeGreaterThan(0);
      await option.check();
      await filters.getByRole("button", { name: "조건 적용" }).click();
      await expect(page).toHaveURL(new RegExp(c.param));
      await expect(summary).toContainText(`과제 ${expected.toLocaleString("ko-KR")}건`);
      await expect(filters.getByRole("group", { name: c.group }).getByLabel(c.option)).toBeChecked();
      if (c.card) for (const card of await results(page).all()) await expect(card).toContainText(c.card);
    }
    await expect(titles(page).filter({ hasText: "메타 소프트 오간 모듈" })).toHaveCount(1);

    await page.goto("/ko?program=1&area=HYDROGEN&status=ACTIVE&status=PLANNED&instType=HOSPITAL&year=2015");
    await filters.getByRole("link", { name: "조건 초기화" }).click();
    await expect(page).toHaveURL(/\/ko$/);
  });

  test("sorts by funding, start, end and title", async ({ page }) => {
    await page.goto("/ko");
    const sort = page.getByLabel("정렬");
    await sort.selectOption("funding-desc");
    await page.getByRole("button", { name: "정렬 적용" }).click();
    await expect(page).toHaveURL(/sort=funding-desc/);
    const won = (await results(page).locator("[data-won]").evaluateAll((els) => els.map((e) => e.getAttribute("data-won") ?? ""))).map(BigInt);
    expect(won.length).toBe(20);
    expect(won).toEqual([...won].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));

    for (const [option, attribute, direction] of [["start-asc", "data-start", 1], ["end-desc", "data-end", -1]] as const) {
      await page.getByLabel("정렬").selectOption(option);
      await page.getByRole("button", { name: "정렬 적용" }).click();
      await expect(page).toHaveURL(new RegExp(`sort=${option}`));
      const months = await results(page).locator(`[${attribute}]`).evaluateAll((els, a) => els.map((e) => e.getAttribute(a) ?? ""), attribute);
      expect(months).toEqual([...months].sort((a, b) => (a < b ? -direction : a > b ? direction : 0)));
    }

    await page.getByLabel("정렬").selectOption("title-asc");
    await page.getByRole("button", { name: "정렬 적용" }).click();
    const koTitles = await titles(page).allTextContents();
    expect(koTitles).toEqual([...koTitles].sort());

    await page.goto("/en?sort=title");
    const enTitles = await titles(page).allTextContents();
    expect(enTitles).toEqual([...enTitles].sort());
  });

  test("paginates and never shows drafts", async ({ page }) => {
    await page.goto("/ko");
    await expect(page.getByRole("status").filter({ hasText: `과제 ${SYNTHETIC_PUBLISHED + OTHER_PUBLISHED_FIXTURES + 3}건` })).toBeVisible();
    await expect(results(page)).toHaveCount(20);
    const nav = page.getByRole("navigation", { name: /페이지/ });
    await nav.getByRole("link", { name: /2/ }).first().click();
    await expect(page).toHaveURL(/page=2/);
    await expect(results(page)).toHaveCount(SYNTHETIC_PUBLISHED + OTHER_PUBLISHED_FIXTURES + 3 - 20);
    await expect(page.getByText(DRAFT_TITLE)).toHaveCount(0);
    await search(page, "비공개 초안");
    await expect(page.getByRole("heading", { name: "조건에 맞는 과제가 없습니다" })).toBeVisible();
  });

  test("bad query parameters give a normal page with a message", async ({ page }) => {
    const long = "가".repeat(10_000);
    const response = await page.goto(`/ko?page=-1&sort=price&area=MAGIC&year=abc&q=${encodeURIComponent(long)}`);
    expect(response?.status()).toBe(200);
    const notice = page.getByRole("status").filter({ hasText: "일부 검색 조건을 적용하지 못했습니다" });
    await expect(notice).toContainText("검색어가 너무 깁니다");
    await expect(notice).toContainText("페이지 번호가 올바르지 않아");
    await expect(notice).toContainText("알 수 없는 정렬 기준");
    await expect(results(page)).toHaveCount(20);

    const en = await page.goto("/en?page=999");
    expect(en?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "This page has no results" })).toBeVisible();
  });
});
