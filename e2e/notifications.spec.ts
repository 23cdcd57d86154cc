import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { REMINDER_MILESTONE } from "../prisma/e2e-fixtures/constants";

/** The unread count the workspace menu announces ("알림 3건 읽지 않음"), 0 when it says only "알림". */
async function unreadCount(page: Page): Promise<number> {
  const link = page.getByRole("navigation", { name: "업무 메뉴" }).getByRole("link", { name: /^알림/ });
  const name = (await link.getAttribute("aria-label")) ?? "";
  const match = /(\d+)건/.exec(name);
  return match ? Number(match[1]) : 0;
}

test.describe("milestone reminders in the workspace", () => {
  // Each test walks several pages and runs axe twice: more than the default 30 s on a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test("a program manager sees the unread count, opens a reminder, records progress from it, and the count drops", async ({ managerPage: page }) => {
    await page.goto("/ko/manage");
    const before = await unreadCount(page);
    expect(before).toBeGreaterThan(0);

    await page.getByRole("navigation", { name: "업무 메뉴" }).getByRole("link", { name: /^알림/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "알림" })).toBeVisible();
    const list = page.getByRole("list", { name: "알림 목록" });
    const item = list.getByRole("listitem").filter({ hasText: REMINDER_MILESTONE });
    await expect(item).toContainText("3일 후 기한");
    await expect(item).toContainText("알림 시험 과제 (e2e)");
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

    await item.getByRole("link", { name: REMINDER_MILESTONE, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: REMINDER_MILESTONE })).toBeVisible();
    const form = page.getByRole("form", { name: "진행 상황 기록" });
    await form.getByLabel("상태").selectOption("IN_PROGRESS");
    await form.getByLabel("근거·비고").fill("알림을 보고 기록 (e2e)");
    await form.getByRole("button", { name: "진행 상황 저장" }).click();
    await expect(form.getByRole("status")).toContainText("진행 상황을 저장했습니다");

    await page.goto("/ko/manage/notifications");
    // Other specs may read the demo manager's other reminders meanwhile: this one is read, and fewer are unread.
    expect(await unreadCount(page)).toBeLessThan(before);
    const readItem = page.getByRole("list", { name: "알림 목록" }).getByRole("listitem").filter({ hasText: REMINDER_MILESTONE });
    await expect(readItem).toContainText("읽음:");
    await expect(readItem.getByRole("button", { name: "읽음으로 표시" })).toHaveCount(0);
  });

  test("settings: e-mail on/off and language are saved, and an administrator sees who receives what", async ({ managerPage: page, adminPage: admin }) => {
    await page.goto("/ko/manage/notifications/preferences");
    await page.getByLabel("주간 요약을 이메일로 받기").uncheck();
    await page.getByLabel("이메일 언어").selectOption("en");
    await page.getByRole("button", { name: "설정 저장" }).click();
    await expect(page.getByRole("status")).toContainText("알림 설정을 저장했습니다");
    await page.reload();
    await expect(page.getByLabel("주간 요약을 이메일로 받기")).not.toBeChecked();
    await expect(page.getByLabel("이메일 언어")).toHaveValue("en");

    await admin.goto("/ko/admin/notifications");
    const row = admin.getByRole("table", { name: "받는 사람" }).getByRole("row").filter({ hasText: "pm@keit.example" });
    await expect(row).toContainText("받지 않음");
    await expect(row).toContainText("English");
    await expect(admin.getByText(/\.eml 파일로 저장합니다/)).toBeVisible();
    const axe = await new AxeBuilder({ page: admin }).withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });
});
