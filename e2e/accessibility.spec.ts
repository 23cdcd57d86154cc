import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADAS, ORGAN, TRAM } from "../prisma/e2e-fixtures/constants";

// axe on every public page, in both languages: no serious or critical violation.
const pages = ["", "?q=%ED%8A%B8%EB%9E%A8", "?page=-1&sort=bad", TRAM, ADAS, ORGAN, "/projects/no-such-project"];

for (const locale of ["ko", "en"]) {
  for (const path of pages) {
    test(`axe: /${locale}${path}`, async ({ page }) => {
      await page.goto(`/${locale}${path}`);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
    });
  }
}

test("axe: an institution page", async ({ page }) => {
  await page.goto(`/ko${TRAM}`);
  await page.getByRole("table", { name: "참여기관 목록" }).getByRole("link", { name: "현대로템㈜" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("현대로템㈜");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});
