import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { openDisclosure, region } from "./fixtures/ui";

// The structure editor: the sections under a project in the workspace (과제번호, 세부과제,
// 참여기관, 참여 연구진, 연구비), each adding, editing and removing its rows, on a project the test
// makes itself. It publishes that project to check the public page, which changes the portfolio's
// counts: playwright.config.ts runs it with the other publishing spec, after the rest.

/** Chooses a registered institution in a combobox by the keyboard only: type, ArrowDown, Enter. */
async function chooseInstitution(form: Locator, label: string, typed: string, expected: string): Promise<void> {
  const input = form.getByRole("combobox", { name: label, exact: true });
  await input.fill(typed);
  const list = form.getByRole("listbox", { name: label, exact: true });
  await expect(list.getByRole("option").first()).toBeVisible();
  await input.press("ArrowDown");
  const highlighted = list.getByRole("option", { selected: true });
  await expect(highlighted).toContainText(expected);
  await input.press("Enter");
  await expect(list).toBeHidden();
  await expect(input).toHaveValue(expected);
  // Shown beside the field, and announced to screen readers.
  await expect(form.getByRole("paragraph").filter({ hasText: `등록된 기관을 골랐습니다: ${expected}` })).toBeVisible();
  await expect(form.getByRole("status").filter({ hasText: `등록된 기관을 골랐습니다: ${expected}` })).toHaveCount(1);
}

test.describe("structure editor", () => {
  test.describe.configure({ timeout: 180_000 });

  test("a program manager adds, edits and removes identifiers, sub-projects, consortium, researchers and funding; the public page shows them", async ({ managerPage: page, createProject }) => {
    const stamp = Date.now().toString(36);
    const project = await createProject({ titleKo: `구조 편집 시험 과제 ${stamp} (e2e)`, titleEn: `Structure editor test ${stamp} (e2e)` });
    const ntis = `E2E${stamp.toUpperCase()}`;
    // Removing a row asks for confirmation first.
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(project.workspacePath);
    await expect(page.getByRole("heading", { level: 1, name: project.titleKo })).toBeVisible();

    // 과제번호
    const identifiers = region(page, "과제번호");
    await expect(identifiers.getByText("등록된 과제번호가 없습니다.")).toBeVisible();
    let form = await openDisclosure(identifiers, "과제번호 추가");
    await form.getByLabel("번호 체계").selectOption({ label: "NTIS 과제고유번호" });
    await form.getByLabel("번호", { exact: true }).fill(ntis);
    await form.getByRole("button", { name: "과제번호 추가" }).click();
    await expect(form.getByRole("status").filter({ hasText: "과제번호를 추가했습니다." })).toBeVisible();
    const identifierTable = identifiers.getByRole("table", { name: "과제번호와 식별번호" });
    await expect(identifierTable.getByRole("row", { name: `NTIS 과제고유번호 ${ntis}` })).toBeVisible();

    // 세부과제: add one with a lead institution chosen by keyboard, then rename it.
    const subProjects = region(page, "세부과제");
    form = await openDisclosure(subProjects, "세부과제 추가");
    await form.getByLabel("세부과제 번호").fill("1");
    await form.getByLabel("과제명·제목(한국어)").fill("시험용 세부과제 (e2e)");
    await chooseInstitution(form, "주관기관", "포항공과", "포항공과대학교");
    await form.getByRole("button", { name: "세부과제 추가" }).click();
    await expect(form.getByRole("status").filter({ hasText: "세부과제를 저장했습니다." })).toBeVisible();
    const subTable = subProjects.getByRole("table", { name: "세부과제 목록" });
    await expect(subTable.getByRole("row", { name: /시험용 세부과제 \(e2e\).*포항공과대학교/ })).toBeVisible();
    form = await openDisclosure(subProjects, "편집: 세부 1");
    await form.getByLabel("과제명·제목(한국어)").fill("이름을 바꾼 세부과제 (e2e)");
    await form.getByRole("button", { name: "세부과제 저장" }).click();
    await expect(form.getByRole("status").filter({ hasText: "세부과제를 저장했습니다." })).toBeVisible();
    await expect(subTable.getByRole("rowheader", { name: "이름을 바꾼 세부과제 (e2e)" })).toBeVisible();
    await expect(subTable.getByText("시험용 세부과제 (e2e)")).toHaveCount(0);

    // 참여기관: the institution chosen with the combobox by keyboard, in the joint role.
    const consortium = region(page, "참여기관");
    await expect(consortium.getByText("등록된 참여기관이 없습니다.")).toBeVisible();
    form = await openDisclosure(consortium, "참여기관 추가");
    await chooseInstitution(form, "기관", "울산테크노", "울산테크노파크");
    await form.getByLabel("역할").selectOption({ label: "공동" });
    await form.getByRole("button", { name: "참여기관 추가" }).click();
    await expect(form.getByRole("status").filter({ hasText: "참여기관을 추가했습니다." })).toBeVisible();
    const consortiumTable = consortium.getByRole("table", { name: "참여기관과 역할" });
    await expect(consortiumTable.getByRole("row", { name: /울산테크노파크 공동 과제 전체/ })).toBeVisible();

    // 참여 연구진
    const researchers = region(page, "참여 연구진");
    form = await openDisclosure(researchers, "연구자 추가");
    await form.getByLabel("이름(한국어)").fill("시험연구자");
    await form.getByLabel("역할").selectOption({ label: "연구책임자" });
    await chooseInstitution(form, "소속 기관", "가톨릭", "가톨릭대학교");
    await form.getByLabel("직위(한국어)").fill("교수");
    await form.getByRole("button", { name: "연구자 추가" }).click();
    await expect(form.getByRole("status").filter({ hasText: "연구자를 추가했습니다." })).toBeVisible();
    const researcherTable = researchers.getByRole("table", { name: "참여 연구진과 소속" });
    await expect(researcherTable.getByRole("row", { name: /시험연구자 연구책임자 가톨릭대학교 교수/ })).toBeVisible();

    // 연구비: a bad amount is refused beside its field and saves nothing; then a whole-period line
    // in won, shown in 억/만 원; then edited.
    const funding = region(page, "연구비");
    await expect(funding.getByText("등록된 연구비가 없습니다.")).toBeVisible();
    form = await openDisclosure(funding, "연구비 추가");
    await form.getByLabel("정부출연금(원)").fill("12억");
    await form.getByRole("button", { name: "연구비 추가" }).click();
    await expect(form.getByLabel("정부출연금(원)")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("정부출연금(원)")).toHaveAccessibleDescription(/금액은 0 이상의 정수\(원 단위\)로 입력해 주세요/);
    await expect(form.getByLabel("정부출연금(원)")).toHaveValue("12억");
    await expect(funding.getByText("등록된 연구비가 없습니다.")).toBeVisible();
    await form.getByLabel("정부출연금(원)").fill("1,234,567,890");
    await form.getByLabel("민간부담금 현금(원)").fill("50000000");
    await form.getByRole("button", { name: "연구비 추가" }).click();
    await expect(form.getByRole("status").filter({ hasText: "연구비를 저장했습니다." })).toBeVisible();
    const fundingTable = funding.getByRole("table", { name: "연구비 내역" });
    const line = fundingTable.getByRole("row", { name: /과제 전체 전체 기간/ });
    await expect(line).toContainText("12억 3,456만 7,890 원");
    await expect(line).toContainText("5,000만 원");
    await expect(line).toContainText("확인되지 않음");
    await expect(funding.getByTestId("structure-government-total")).toHaveText("12억 3,456만 7,890 원");
    form = await openDisclosure(funding, "편집: 과제 전체 · 전체 기간");
    await form.getByLabel("정부출연금(원)").fill("2500000000");
    await form.getByRole("button", { name: "연구비 저장" }).click();
    await expect(form.getByRole("status").filter({ hasText: "연구비를 저장했습니다." })).toBeVisible();
    await expect(line).toContainText("25억 원");
    await expect(funding.getByTestId("structure-government-total")).toHaveText("25억 원");

    // Published, the public page shows all of it.
    await region(page, "공개 상태").getByRole("button", { name: "공개하기" }).click();
    await expect(page.getByText("공개했습니다.")).toBeVisible();
    await page.goto(`/ko/projects/${project.slug}`);
    await expect(page.getByRole("heading", { level: 1, name: project.titleKo })).toBeVisible();
    await expect(region(page, "과제 개요")).toContainText(`NTIS 과제고유번호 ${ntis}`);
    await expect(region(page, "연구비").getByTestId("government-total")).toHaveText("25억 원");
    await expect(region(page, "세부 과제")).toContainText("이름을 바꾼 세부과제 (e2e)");
    await expect(region(page, "세부 과제")).toContainText("포항공과대학교");
    await expect(region(page, "참여기관")).toContainText("울산테크노파크");
    await expect(region(page, "참여 연구진")).toContainText("시험연구자");
    await page.goto(`/en/projects/${project.slug}`);
    await expect(page.getByTestId("government-total")).toHaveText("KRW 2.5 billion");

    // Each row removed again (after a confirmation); the sections say they are empty.
    await page.goto(project.workspacePath);
    await identifiers.getByRole("button", { name: `삭제: NTIS 과제고유번호 ${ntis}` }).click();
    await expect(identifiers.getByText("등록된 과제번호가 없습니다.")).toBeVisible();
    await researchers.getByRole("button", { name: "삭제: 시험연구자" }).click();
    await expect(researchers.getByText("등록된 연구자가 없습니다.")).toBeVisible();
    await consortium.getByRole("button", { name: "삭제: 울산테크노파크 (공동)" }).click();
    await expect(consortium.getByText("등록된 참여기관이 없습니다.")).toBeVisible();
    await openDisclosure(funding, "편집: 과제 전체 · 전체 기간");
    await funding.getByRole("button", { name: "삭제: 과제 전체 · 전체 기간" }).click();
    await expect(funding.getByText("등록된 연구비가 없습니다.")).toBeVisible();
    await expect(funding.getByTestId("structure-government-total")).toHaveText("확인되지 않음");
    await openDisclosure(subProjects, "편집: 세부 1");
    await subProjects.getByRole("button", { name: "삭제: 세부 1" }).click();
    await expect(subProjects.getByText("등록된 세부과제가 없습니다.")).toBeVisible();

    // The public page follows.
    await page.goto(`/ko/projects/${project.slug}`);
    await expect(region(page, "과제 개요")).not.toContainText(ntis);
    await expect(region(page, "참여기관")).not.toContainText("울산테크노파크");
    await expect(page.getByRole("region", { name: "세부 과제", exact: true })).toHaveCount(0);
  });
});
