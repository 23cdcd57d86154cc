import { expect, test, type Page } from "@playwright/test";
import { ADAS, DRAFT_SLUG, ORGAN, TRAM } from "../prisma/e2e-fixtures/constants";

const fact = (page: Page, label: string | RegExp) =>
  page.getByRole("term").filter({ hasText: label }).locator("xpath=following-sibling::dd[1]");

/** The milestones of a project page, one list item each. */
const timeline = (page: Page) => page.getByRole("region", { name: /^(성과·마일스톤|Results and milestones)$/ }).getByRole("listitem");

async function jsonLd(page: Page) {
  const text = await page.locator('script[type="application/ld+json"]').textContent();
  return JSON.parse(text ?? "{}") as Record<string, unknown> & { funding?: { amount?: { value?: string; currency?: string } } };
}

test.describe("project pages show the published figures", () => {
  test("hydrogen-electric tram, in Korean", async ({ page }) => {
    await page.goto(`/ko${TRAM}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("수소전기트램 실증사업");
    await expect(fact(page, "개발기간")).toHaveText("2021.7 ~ 2024.3 (33개월)");
    await expect(fact(page, "제품명")).toHaveText("수소전기트램");
    await expect(fact(page, "과제번호")).toContainText("출처에 과제번호가 없습니다");
    await expect(page.getByTestId("government-total")).toHaveText("281억 원");
    await expect(page.getByText("4개 세부 과제 합계로 공개되었습니다")).toBeVisible();
    await expect(page.getByRole("group", { name: "민간부담금(현금)", exact: true })).toContainText("출처에 없음");

    const consortium = page.getByRole("table", { name: "참여기관 목록" }).getByRole("row");
    await expect(consortium).toHaveCount(5);
    await expect(consortium.nth(1)).toContainText("현대로템㈜");
    await expect(consortium.nth(1)).toContainText("주관");
    await expect(consortium.nth(1)).toContainText("대기업");
    await expect(page.getByText("그 외 공동개발기관 다수")).toBeVisible();
    for (const name of ["이원상", "구영모", "권석진", "김종국"]) await expect(page.getByText(name, { exact: true })).toBeVisible();

    const milestones = timeline(page);
    await expect(milestones).toHaveCount(7);
    await expect(milestones.first()).toContainText("목표 2,500 km → 실적 5,000 km (200%)");
    await expect(milestones.first()).toContainText("달성");
    await expect(page.getByText("대전시에 수소전기트램 34편성 납품")).toBeVisible();
    await expect(page.getByText("목표 시기 2028년")).toBeVisible();
    await expect(page.getByText("KEIT 테크포커스(techfocus) 2025년 5월호").first()).toBeVisible();

    const ld = await jsonLd(page);
    expect(ld["@type"]).toBe("ResearchProject");
    expect(ld.startDate).toBe("2021-07");
    expect(ld.endDate).toBe("2024-03");
    expect(ld.funding?.amount).toEqual({ "@type": "MonetaryAmount", currency: "KRW", value: "28100000000" });
  });

  test("hydrogen-electric tram, in English", async ({ page }) => {
    await page.goto(`/en${TRAM}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hydrogen-Electric Tram Demonstration Project");
    await expect(fact(page, "Development period")).toHaveText("Jul 2021 – Mar 2024 (33 months)");
    await expect(page.getByTestId("government-total")).toHaveText("KRW 28.1 billion");
    await expect(timeline(page).first()).toContainText("Target 2,500 km → actual 5,000 km (200%)");
    await expect(page.getByRole("table", { name: "Consortium members" })).toContainText("Hyundai Rotem Company");
    await expect(page.getByRole("table", { name: "Consortium members" })).toContainText("Large company");
  });

  test("ADAS SoC, in Korean and English", async ({ page }) => {
    await page.goto(`/ko${ADAS}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("다중센서 기반 Level 3 이상의 자율주행자동차를 위한 신호처리 SoC 및 플랫폼 개발");
    await expect(fact(page, "개발기간")).toHaveText("2020.4 ~ 2024.12 (57개월)");
    await expect(fact(page, "제품명")).toHaveText("APACHE6");
    await expect(page.getByTestId("government-total")).toHaveText("38억 9,100만 원");
    const consortium = page.getByRole("table", { name: "참여기관 목록" });
    for (const name of ["㈜넥스트칩", "한국전자기술연구원", "㈜캔랩", "이래에이엠에스㈜"]) await expect(consortium).toContainText(name);
    await expect(page.getByText("김솜이", { exact: true })).toBeVisible();
    await expect(page.getByText("외 (출처에 전체 명단 없음)")).toBeVisible();
    await expect(page.getByText("ISO 26262(자동차 기능안전) 인증 획득")).toBeVisible();
    await expect(page.getByText("실적 140 dB")).toBeVisible();

    await page.goto(`/en${ADAS}`);
    await expect(page.getByTestId("government-total")).toHaveText("KRW 3.891 billion");
    await expect(fact(page, "Development period")).toHaveText("Apr 2020 – Dec 2024 (57 months)");
  });

  test("bio-printed organ modules keep the published 75 months", async ({ page }) => {
    await page.goto(`/ko${ORGAN}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("메타 소프트 오간 모듈 제작 기술 및 모듈 어셈블리 로봇 시스템 개발");
    await expect(fact(page, "개발기간")).toHaveText("2020.9 ~ 2026.12 (75개월)");
    await expect(fact(page, /^사업$/)).toContainText("알키미스트 프로젝트");
    await expect(page.getByTestId("government-total")).toHaveText("198억 6,200만 원");
    await expect(page.getByRole("table", { name: "참여기관 목록" }).getByRole("row")).toHaveCount(15);
    await expect(page.getByText("정완균", { exact: true })).toBeVisible();
    await expect(page.getByText("연구책임자").first()).toBeVisible();
    const rabbit = timeline(page).filter({ hasText: "24시간 생존" });
    await expect(rabbit).toContainText("달성 시기 2024.10");
    await expect(rabbit).toContainText("목표 24 시간 → 실적 24 시간 (100%)");

    await page.goto(`/en${ORGAN}`);
    await expect(page.getByTestId("government-total")).toHaveText("KRW 19.862 billion");
    await expect(fact(page, "Development period")).toHaveText("Sep 2020 – Dec 2026 (75 months)");
  });

  test("an institution page lists its projects, roles and their funding", async ({ page }) => {
    await page.goto(`/ko${ADAS}`);
    await page.getByRole("table", { name: "참여기관 목록" }).getByRole("link", { name: "㈜넥스트칩" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("㈜넥스트칩");
    await expect(page.getByText("중소기업")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "다중센서 기반" });
    await expect(row).toContainText("주관");
    await expect(row).toContainText("38억 9,100만 원");
  });
});

test.describe("navigation and errors", () => {
  test("the language switch keeps the page", async ({ page }) => {
    await page.goto(`/ko${TRAM}`);
    await page.getByRole("navigation", { name: "언어 선택" }).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(new RegExp(`/en${TRAM}$`));
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hydrogen-Electric Tram Demonstration Project");
    await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "한국어" }).click();
    await expect(page).toHaveURL(new RegExp(`/ko${TRAM}$`));

    await page.goto("/ko?q=%ED%8A%B8%EB%9E%A8&status=COMPLETED");
    await page.getByRole("navigation", { name: "언어 선택" }).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/en\?q=%ED%8A%B8%EB%9E%A8&status=COMPLETED/);
  });

  test("the root sends visitors to the Korean portfolio", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/ko$/);
  });

  test("unknown and unpublished projects give the same 404", async ({ page, request }) => {
    for (const path of ["/ko/projects/no-such-project", `/ko/projects/${DRAFT_SLUG}`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("페이지를 찾을 수 없습니다");
      // The 404 is in the HTML itself, for visitors and crawlers without JavaScript.
      const raw = await request.get(path);
      expect(raw.status()).toBe(404);
      expect(await raw.text()).toContain("페이지를 찾을 수 없습니다");
      expect(await raw.text()).not.toContain("비공개 초안");
    }
    const en = await page.goto("/en/this/does/not/exist");
    expect(en?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/not found/i);
    const institution = await page.goto("/ko/institutions/99999999");
    expect(institution?.status()).toBe(404);
    const badId = await page.goto("/ko/institutions/abc");
    expect(badId?.status()).toBe(404);
  });

  test("keyboard users can skip to the content and reach the results", async ({ page }) => {
    await page.goto("/ko");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "본문 바로가기" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    await page.getByRole("searchbox", { name: "검색어" }).focus();
    await page.keyboard.type("넥스트칩");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByRole("article")).toHaveCount(1);
  });
});
