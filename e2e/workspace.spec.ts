import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { WORKSPACE_MILESTONE, WORKSPACE_SLUG, WORKSPACE_TITLE } from "../prisma/e2e-fixtures/constants";

// Each test changes only data of its own: the workspace project of the e2e fixtures
// (prisma/e2e-fixtures/seed.ts) or a project it makes with the createProject fixture. The
// published seed is only read.

/** A milestone's card in the manager's list of open milestones, by the milestone's title. */
async function milestoneCard(page: Page, title: string) {
  await page.goto("/ko/manage/milestones");
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3, name: title, exact: true }) });
  await expect(card).toBeVisible();
  return card;
}

test.describe("program manager workspace", () => {
  test("updates a milestone of a published project; the public page and the history show it", async ({ managerPage: page }) => {
    const card = await milestoneCard(page, WORKSPACE_MILESTONE);
    await expect(card.getByRole("link", { name: WORKSPACE_TITLE })).toBeVisible();
    const started = Date.now();
    await card.getByLabel("상태").selectOption("IN_PROGRESS");
    await card.getByLabel(/^실적/).fill("5");
    await card.getByLabel("근거·비고").fill("1~5편성 제작 착수 (e2e)");
    await card.getByRole("button", { name: "진행 상황 저장" }).click();
    await expect(card.getByRole("status")).toContainText("진행 상황을 저장했습니다");
    const elapsed = Date.now() - started;
    test.info().annotations.push({ type: "milestone update, click to confirmation", description: `${elapsed} ms` });
    console.log(`milestone update, click to confirmation: ${elapsed} ms`);

    await page.goto(`/ko/projects/${WORKSPACE_SLUG}`);
    const publicItem = page.getByRole("region", { name: "성과·마일스톤", exact: true }).getByRole("listitem").filter({ hasText: WORKSPACE_MILESTONE });
    await expect(publicItem).toContainText("진행 중");
    await expect(publicItem).toContainText("목표 34 편성");
    await expect(publicItem).toContainText("1~5편성 제작 착수 (e2e)");

    await (await milestoneCard(page, WORKSPACE_MILESTONE)).getByRole("link", { name: "변경 기록 보기" }).click();
    const history = page.getByRole("list", { name: "변경 기록" });
    await expect(history).toContainText("pm@keit.example");
    await expect(history).toContainText("계획 → 진행 중");
    await expect(history).toContainText("1~5편성 제작 착수 (e2e)");
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  test("two people editing the same milestone: the second gets the conflict and keeps the typed input", async ({ managerPage: a, adminPage: b, createProject }) => {
    const title = `동시 편집 시험 마일스톤 ${Date.now().toString(36)} (e2e)`;
    // Due long ago: first among the open milestones of both people's lists.
    await createProject({
      titleKo: "동시 편집 시험 과제 (e2e)", periodStart: "2000-01", periodEnd: "2001-12",
      milestones: [{ titleKo: title, kind: "DELIVERABLE", status: "PLANNED", due: "2000-03" }],
    });
    const cardA = await milestoneCard(a, title);
    const cardB = await milestoneCard(b, title);

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
