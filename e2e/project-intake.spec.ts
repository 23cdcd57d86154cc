import { expect, test } from "./fixtures/test";

test.describe("registering a project", () => {
  test.describe.configure({ timeout: 90_000 });

  test("starts with the project number, proposes the address from it, and says at once when the number is taken", async ({ managerPage: page }) => {
    const number = `RS-2026-${String(Date.now()).slice(-8)}`;
    await page.goto("/ko/manage/projects/new");
    const main = page.getByRole("main");
    const firstField = main.getByRole("textbox").or(main.getByRole("combobox")).or(main.getByRole("spinbutton")).first();
    await expect(firstField).toHaveAccessibleName("과제번호");
    await page.getByLabel("과제번호").fill(number);
    await expect(page.getByLabel("주소용 이름")).toHaveValue(number.toLowerCase());
    await expect(page.getByText("등록되지 않은 과제번호입니다.")).toBeVisible();
    await page.getByLabel("과제명·제목(한국어)").fill("과제번호로 등록한 과제 (e2e)");
    await page.getByLabel("개발기간 시작").fill("2026-01");
    await page.getByLabel("개발기간 종료").fill("2027-12");
    await page.getByLabel("상태", { exact: true }).selectOption("PLANNED");
    await page.getByRole("button", { name: "과제 저장" }).click();
    await expect(page).toHaveURL(/\/ko\/manage\/projects\/\d+$/);

    await page.goto("/ko/manage/projects/new");
    await page.getByLabel("과제번호").fill(number.toLowerCase());
    await expect(page.getByText("이미 등록된 과제번호입니다: 과제번호로 등록한 과제 (e2e)")).toBeVisible();
    await expect(page.getByLabel("과제번호")).toHaveAttribute("aria-invalid", "true");
  });

  test("without a number, the address comes from the English title", async ({ managerPage: page }) => {
    await page.goto("/ko/manage/projects/new");
    await page.getByLabel("과제명·제목(영어)").fill("Solid-state Battery Pilot Line");
    await expect(page.getByLabel("주소용 이름")).toHaveValue("solid-state-battery-pilot-line");
  });
});
