import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { expect, test } from "./fixtures/test";

// A program manager brings projects in from a file through the import page: the dry run shows a
// row error, the fixed file applies, the projects are in the workspace; a CP949 CSV keeps its Hangul.
const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;

async function workbook(amount: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const projects = wb.addWorksheet("과제");
  projects.addRow(["과제번호", "과제명", "사업", "시작", "종료", "상태"]);
  projects.addRow(["E2E-IMP-1", "가져오기 시험 과제 하나", "alchemist", "2024.3", "2026.12", "수행 중"]);
  projects.addRow(["E2E-IMP-2", "가져오기 시험 과제 둘", "alchemist", "2024-04", "2027년 2월", "ACTIVE"]);
  projects.addRow(["E2E-IMP-3", "가져오기 시험 과제 셋", "알키미스트 프로젝트", 45383, "2026.6", "착수 전"]);
  const funding = wb.addWorksheet("연구비");
  funding.addRow(["과제번호", "연도", "정부출연금"]);
  funding.addRow(["E2E-IMP-1", 2024, amount]);
  funding.addRow(["E2E-IMP-2", 2024, "3,891,000,000"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(page: Page, name: string, mimeType: string, buffer: Buffer) {
  await page.goto(`${BASE}/ko/manage/import`);
  await page.getByLabel("파일").setInputFiles({ name, mimeType, buffer });
  await page.getByRole("button", { name: "올리고 미리보기" }).click();
  await page.waitForURL(/\/ko\/manage\/import\/\d+$/);
}

test.describe("import", () => {
  test.setTimeout(180_000);

  test("a program manager uploads, sees the row error, fixes the file, applies and finds the projects", async ({ managerPage: page }) => {
    await page.goto(`${BASE}/ko/manage`);
    await page.getByRole("link", { name: "가져오기" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "가져오기" })).toBeVisible();

    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    await upload(page, "portfolio.xlsx", xlsx, await workbook("38.912345억"));
    await expect(page.getByTestId("import-summary")).toContainText("오류 있음", { timeout: 60_000 });
    const errors = page.getByRole("table");
    await expect(errors).toContainText("연구비");
    await expect(errors).toContainText("정부출연금");
    await expect(errors).toContainText("금액이 원 단위로 정확하지 않습니다");
    await expect(page.getByRole("button", { name: "반영하기" })).toHaveCount(0);

    await upload(page, "portfolio.xlsx", xlsx, await workbook("38억 9,100만 원"));
    await expect(page.getByTestId("import-summary")).toContainText("새로 만들 과제 3건", { timeout: 60_000 });
    await page.getByRole("button", { name: "반영하기" }).click();
    await expect(page.getByTestId("import-summary")).toContainText("반영 완료", { timeout: 60_000 });
    await expect(page.getByTestId("import-summary")).toContainText("새로 만든 과제 3건");

    await page.goto(`${BASE}/ko/manage/projects?q=${encodeURIComponent("가져오기 시험 과제")}`);
    for (const title of ["가져오기 시험 과제 하나", "가져오기 시험 과제 둘", "가져오기 시험 과제 셋"]) {
      await expect(page.getByRole("link", { name: title })).toBeVisible();
    }
    // The import is listed with its counts.
    await page.goto(`${BASE}/ko/manage/import`);
    await expect(page.getByRole("table")).toContainText("반영 완료");
  });

  test("a file with its own column names is mapped with the column picker, saved, and imports with that mapping", async ({ managerPage: page }) => {
    const csv = Buffer.from("Proj No,Name,Prog,From,To,State\nE2E-MAP-1,열 대응 시험 과제,alchemist,2024.3,2026.12,수행 중\n");
    await upload(page, "export.csv", "text/csv", csv);
    await expect(page.getByTestId("import-summary")).toContainText("오류 있음", { timeout: 60_000 });
    await page.getByLabel("이 시트의 내용").selectOption({ label: "과제" });
    for (const [field, header] of [["과제번호 ·", "Proj No"], ["과제명 ·", "Name"], ["사업 ·", "Prog"], ["시작 ·", "From"], ["종료 ·", "To"], ["상태 ·", "State"]] as const) {
      await page.getByLabel(field).first().selectOption(header);
    }
    await page.getByLabel("이름", { exact: true }).fill("e2e-export");
    await page.getByRole("button", { name: "저장", exact: true }).click();
    await expect(page.getByText("열 대응을 저장했습니다.")).toBeVisible();

    await page.goto(`${BASE}/ko/manage/import`);
    await page.getByLabel("파일").setInputFiles({ name: "export.csv", mimeType: "text/csv", buffer: csv });
    await page.getByLabel("저장된 열 대응").selectOption("e2e-export");
    await page.getByRole("button", { name: "올리고 미리보기" }).click();
    await page.waitForURL(/\/ko\/manage\/import\/\d+$/);
    await expect(page.getByTestId("import-summary")).toContainText("새로 만들 과제 1건", { timeout: 60_000 });
  });

  test("a CP949 CSV uploads with correct Hangul", async ({ managerPage: page }) => {
    const csv = "과제번호,과제명,사업,시작,종료,상태\r\nE2E-CSV-1,바이오프린팅 인공장기 가져오기,alchemist,2020.9,2026.12,수행 중\r\n";
    await upload(page, "과제.csv", "text/csv", iconv.encode(csv, "cp949"));
    await expect(page.getByTestId("import-summary")).toContainText("새로 만들 과제 1건", { timeout: 60_000 });
    await expect(page.getByText("바이오프린팅 인공장기 가져오기")).toBeVisible();
  });
});
