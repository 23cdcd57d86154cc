import { expect, test } from "./fixtures/test";
import { openDisclosure, region } from "./fixtures/ui";

// The institution chooser (Downshift useCombobox, decision 0026) driven by the keyboard only.
// It works on a project this test registers itself, so no seeded project or count that other
// specs check changes; the institutions it offers are the published portfolio's (seed).

test.describe("institution combobox", () => {
  test.describe.configure({ timeout: 90_000 });

  test("a program manager finds an institution by part of its Korean name, picks it with the keyboard and adds it to the consortium", async ({ managerPage: page }) => {
    const number = `RS-2026-${String(Date.now()).slice(-8)}`;
    await page.goto("/ko/manage/projects/new");
    await page.getByLabel("과제번호").fill(number);
    await page.getByLabel("과제명·제목(한국어)").fill("기관 선택 키보드 검사 과제 (e2e)");
    await page.getByLabel("개발기간 시작").fill("2026-01");
    await page.getByLabel("개발기간 종료").fill("2027-12");
    await page.getByLabel("상태", { exact: true }).selectOption("PLANNED");
    await page.getByRole("button", { name: "과제 저장" }).click();
    await expect(page).toHaveURL(/\/ko\/manage\/projects\/\d+$/);

    const consortium = region(page, "참여기관");
    await openDisclosure(consortium, "참여기관 추가");
    const input = consortium.getByRole("combobox", { name: "기관", exact: true });
    const list = consortium.getByRole("listbox", { name: "기관", exact: true });

    // Part of a name, in Korean, typed key by key as a user types it: every character stays (a
    // controlled Downshift field dropped every other one), and several research institutes answer.
    await input.pressSequentially("연구원");
    await expect(input).toHaveValue("연구원");
    await expect(input).toHaveAttribute("aria-expanded", "true");
    await expect(list).toBeVisible();
    const options = list.getByRole("option");
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(3);
    await expect(consortium.getByRole("status")).toHaveText(/등록된 기관 \d+곳을 찾았습니다/);

    // Escape closes the list and keeps what was typed; typing opens it again.
    await input.press("Escape");
    await expect(list).toBeHidden();
    await expect(input).toHaveAttribute("aria-expanded", "false");
    await expect(input).toHaveValue("연구원");

    // ArrowDown opens the list on its first option, a second ArrowDown moves to the second.
    await input.press("ArrowDown");
    await expect(list).toBeVisible();
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await input.press("ArrowDown");
    const second = options.nth(1);
    await expect(second).toHaveAttribute("aria-selected", "true");
    await expect(options.first()).toHaveAttribute("aria-selected", "false");
    await expect(input).toHaveAttribute("aria-activedescendant", (await second.getAttribute("id")) ?? "missing id");
    // The option shows the name, then the institution's type and where it takes part.
    const optionText = (await second.textContent()) ?? "";

    // Enter chooses it (and does not submit the form): the field shows the name of the choice.
    await input.press("Enter");
    await expect(list).toBeHidden();
    const name = await input.inputValue();
    expect(name).toMatch(/연구원/);
    expect(optionText.startsWith(name)).toBe(true);
    await expect(consortium.getByRole("paragraph").filter({ hasText: `등록된 기관을 골랐습니다: ${name}` })).toBeVisible();
    await expect(consortium.getByRole("table")).toHaveCount(0);

    await consortium.getByRole("button", { name: "참여기관 추가" }).click();
    await expect(consortium.getByText("참여기관을 추가했습니다.")).toBeVisible();
    await expect(consortium.getByRole("table").getByRole("rowheader", { name })).toBeVisible();
  });
});
