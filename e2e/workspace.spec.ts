import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { signInAs } from "./fixtures/auth";
import { TRAM } from "../prisma/e2e-fixtures/constants";

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const DELIVERY = "대전시에 수소전기트램 34편성 납품";

async function openTramDelivery(page: Page) {
  await page.goto("/ko/manage/milestones");
  const card = page.locator("li.card").filter({ has: page.getByRole("heading", { name: DELIVERY }) });
  await expect(card).toBeVisible();
  return card;
}

test.describe("program manager workspace", () => {
  test("updates a milestone of the hydrogen tram; the public page and the history show it", async ({ managerPage: page }) => {
    const card = await openTramDelivery(page);
    const started = Date.now();
    await card.getByLabel("상태").selectOption("IN_PROGRESS");
    // Status and evidence only: the reviewers' spec compares the tram's target-vs-actual figures in parallel.
    await card.getByLabel("근거·비고").fill("1~5편성 제작 착수 (e2e)");
    await card.getByRole("button", { name: "진행 상황 저장" }).click();
    await expect(card.getByRole("status")).toContainText("진행 상황을 저장했습니다");
    const elapsed = Date.now() - started;
    test.info().annotations.push({ type: "milestone update, click to confirmation", description: `${elapsed} ms` });
    console.log(`milestone update, click to confirmation: ${elapsed} ms`);

    await page.goto(`/ko${TRAM}`);
    const publicItem = page.locator("ol.timeline > li").filter({ hasText: DELIVERY });
    await expect(publicItem).toContainText("진행 중");
    await expect(publicItem).toContainText("목표 34 편성");
    await expect(publicItem).toContainText("1~5편성 제작 착수 (e2e)");

    await page.goto("/ko/manage/milestones");
    await (await openTramDelivery(page)).getByRole("link", { name: "변경 기록 보기" }).click();
    const history = page.getByRole("list", { name: "변경 기록" });
    await expect(history).toContainText("pm@keit.example");
    await expect(history).toContainText("계획 → 진행 중");
    await expect(history).toContainText("1~5편성 제작 착수 (e2e)");
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  test("two people editing the same milestone: the second gets the conflict and keeps the typed input", async ({ browser }) => {
    const first = await browser.newContext();
    const second = await browser.newContext();
    await signInAs(first, BASE, "PROGRAM_MANAGER");
    await signInAs(second, BASE, "ADMIN");
    const a = await first.newPage();
    const b = await second.newPage();
    await a.goto("/ko/manage/milestones");
    await b.goto("/ko/manage/milestones");
    const title = "이식 후 3일 생존";
    const cardA = a.locator("li.card").filter({ has: a.getByRole("heading", { name: title }) });
    const cardB = b.locator("li.card").filter({ has: b.getByRole("heading", { name: title }) });

    await cardA.getByLabel("상태").selectOption("IN_PROGRESS");
    await cardA.getByRole("button", { name: "진행 상황 저장" }).click();
    await expect(cardA.getByRole("status")).toContainText("저장했습니다");

    await cardB.getByLabel("상태").selectOption("DEFERRED");
    await cardB.getByLabel("근거·비고").fill("관리자가 입력한 메모");
    await cardB.getByRole("button", { name: "진행 상황 저장" }).click();
    const alert = cardB.getByRole("alert");
    await expect(alert).toContainText("다른 사용자가 먼저 저장했습니다");
    await expect(alert).toContainText("계획 → 진행 중");
    await expect(cardB.getByLabel("근거·비고")).toHaveValue("관리자가 입력한 메모");
    await expect(cardB.getByLabel("상태")).toHaveValue("DEFERRED");

    // Having seen the change, saving again is a deliberate decision and goes through.
    await cardB.getByRole("button", { name: "진행 상황 저장" }).click();
    await expect(cardB.getByRole("status")).toContainText("저장했습니다");
    await first.close();
    await second.close();
  });

  test("a reviewer can read the workspace but not edit", async ({ reviewerPage: page }) => {
    await page.goto(`/ko/manage/projects?q=${encodeURIComponent("수소전기트램")}`);
    await expect(page.getByRole("heading", { level: 1, name: "과제 관리" })).toBeVisible();
    await page.getByRole("link", { name: "수소전기트램 실증사업" }).click();
    await expect(page.getByText("열람 전용")).toBeVisible();
    await expect(page.getByRole("button", { name: "과제 저장" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "공개하기" })).toHaveCount(0);
    const response = await page.goto("/ko/manage/milestones");
    expect(page.url()).toContain("/ko/manage/forbidden");
    // The forbidden page itself, rendered (not an error page that happens to be under 500).
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "이 화면을 열 권한이 없습니다" })).toBeVisible();
  });

  test("the project editor shows data checks and saves with field errors in Korean", async ({ managerPage: page }) => {
    await page.goto("/ko/manage/quality");
    await page.getByRole("link", { name: /메타 소프트 오간 모듈/ }).click();
    await expect(page.getByTestId("quality-flags")).toContainText("공개된 개발기간은 75개월이지만");
    await expect(page.getByTestId("quality-flags")).toContainText("76개월");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "과제 저장" }) });
    await form.getByLabel("개발기간 종료").fill("2019-01");
    await form.getByRole("button", { name: "과제 저장" }).click();
    await expect(form.getByText("종료 연월이 시작 연월보다 빠를 수 없습니다.")).toBeVisible();
    await expect(form.getByLabel("개발기간 종료")).toHaveValue("2019-01");
  });
});
