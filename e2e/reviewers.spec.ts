import AxeBuilder from "@axe-core/playwright";
import ExcelJS from "exceljs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { compareTable } from "./fixtures/ui";
import { parseCsv } from "@/lib/testing/csv";
import { PRIVATE_REVIEW_SLUG, PRIVATE_REVIEW_TITLE, REVIEW_SLUG, REVIEW_TITLE, TRAM } from "../prisma/e2e-fixtures/constants";

// The comparisons read the published seed's figures; evaluations are recorded only on the
// reviewers' own fixture projects (prisma/e2e-fixtures/seed.ts), so the tests run in any order.

const TRAM_TITLE = "수소전기트램 실증사업";
const ADAS_TITLE = "다중센서 기반 Level 3 이상의 자율주행자동차를 위한 신호처리 SoC 및 플랫폼 개발";

/** From the workspace's project list to a project's evaluations page. */
async function openEvaluations(page: Page, title: string) {
  await page.goto(`/ko/manage/projects?q=${encodeURIComponent(title)}`);
  await page.getByRole("link", { name: title, exact: true }).click();
  await page.waitForURL(/\/manage\/projects\/\d+$/);
  await page.getByRole("link", { name: "평가", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "평가" })).toBeVisible();
}

async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The comparison table as text: header row, then one row per figure. */
async function screenTable(page: Page): Promise<string[][]> {
  return compareTable(page).getByRole("row").evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll("th, td")).map((cell) => (cell.textContent ?? "").replace(/\s+/g, " ").trim())),
  );
}

/** A screen cell's text ("▲ 가장 우수" after the value) in the export's form ("value (▲ 가장 우수)"). */
function asExported(cell: string): string {
  const match = /^(.*?) ([▲▼↑↓]) (.+)$/.exec(cell);
  return match ? `${match[1]} (${match[2]} ${match[3]})` : cell;
}

test.describe("reviewers", () => {
  test("select the tram and the ADAS SoC from search results, compare, export CSV and XLSX; record an evaluation that the comparison then shows", async ({ reviewerPage: page }) => {
    // One project is not a comparison.
    await page.goto(`/ko/compare?p=${TRAM.split("/").pop()}`);
    await expect(page.getByRole("heading", { name: "비교하려면 과제를 2건 이상 선택하세요" })).toBeVisible();
    await page.goto("/ko?year=2020&year=2021&sort=funding");
    await page.getByRole("checkbox", { name: `${TRAM_TITLE} 비교 선택` }).check();
    await page.getByRole("checkbox", { name: `${ADAS_TITLE} 비교 선택` }).check();
    await page.getByRole("button", { name: "선택한 과제 비교" }).click();
    await expect(page).toHaveURL(/\/ko\/compare\?.*p=hydrogen-electric-tram.*p=multi-sensor-adas-soc|\/ko\/compare\?.*p=multi-sensor-adas-soc.*p=hydrogen-electric-tram/);
    await expect(page.getByRole("heading", { level: 1, name: "과제 비교" })).toBeVisible();

    const table = await screenTable(page);
    const byLabel = (label: string) => table.find((r) => r[0] === label);
    expect(table[0]?.slice(1).sort()).toEqual([ADAS_TITLE, TRAM_TITLE].sort());
    const tramColumn = table[0]!.indexOf(TRAM_TITLE);
    expect(byLabel("정부출연금")?.[tramColumn]).toMatch(/^281억 원 ↑/);
    expect(byLabel("민간부담금(현금)")?.[tramColumn]).toBe("미상 (출처에 없음)");
    expect(byLabel("총 연구비")?.[tramColumn]).toBe("미상 (구성 금액 일부가 출처에 없음)");
    expect(byLabel("목표 대비 실적(평균)")?.[tramColumn]).toBe("200%");
    expect(byLabel("최근 평가 결과")?.[tramColumn]).toContain("미상");
    await expectAxeClean(page);

    const csvDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: "CSV 내려받기" }).click();
    const csvBytes = await (await (await csvDownload).createReadStream()).toArray();
    const csvText = Buffer.concat(csvBytes).toString("utf8");
    expect(csvText.charCodeAt(0)).toBe(0xfeff); // BOM: Excel opens Korean correctly
    const csv = parseCsv(csvText.slice(1));
    const screen = table.map((row) => row.map(asExported));
    expect(csv).toEqual(screen);

    const xlsxDownload = page.waitForEvent("download");
    await page.getByRole("link", { name: "엑셀(XLSX) 내려받기" }).click();
    const xlsxBytes = Buffer.concat(await (await (await xlsxDownload).createReadStream()).toArray());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const xlsx: string[][] = [];
    sheet.eachRow((row) => xlsx.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    expect(xlsx).toEqual(screen);

    // Record a stage evaluation on the spec's own project.
    await openEvaluations(page, REVIEW_TITLE);
    await page.getByLabel("평가 종류").selectOption("STAGE");
    await page.getByLabel("차수").fill("1");
    await page.getByLabel(/목표 달성도/).fill("28");
    await page.getByLabel(/연구 수행의 충실성/).fill("18");
    await page.getByLabel(/성과의 우수성/).fill("19");
    await page.getByLabel(/사업화 가능성/).fill("17");
    await page.getByLabel(/연구비 집행의 적정성/).fill("9");
    await expect(page.getByText("합계 91점 / 100점")).toBeVisible();
    await page.getByLabel("평가 결과").selectOption("CONTINUE");
    await page.getByLabel("종합 의견").fill("E2E-SECRET-COMMENT 실증 성과 우수");
    await page.getByRole("button", { name: "평가 저장" }).click();
    await expect(page.getByRole("status")).toContainText("평가를 저장했습니다. 합계 91점.");
    await expect(page.getByRole("region", { name: "등록된 평가 목록 (표)" })).toContainText("E2E-SECRET-COMMENT");
    await expectAxeClean(page);

    // A second stage-1 evaluation by the same reviewer is refused with the reason beside the field.
    await page.getByLabel(/목표 달성도/).fill("10");
    for (const label of [/연구 수행의 충실성/, /성과의 우수성/, /사업화 가능성/, /연구비 집행의 적정성/]) await page.getByLabel(label).fill("5");
    await page.getByRole("button", { name: "평가 저장" }).click();
    await expect(page.getByText("이 과제의 같은 평가(종류·차수)를 이미 등록했습니다")).toBeVisible();

    // The verdict now shows in the comparison, for workspace users only.
    await page.goto(`/ko/compare?p=${REVIEW_SLUG}&p=${TRAM.split("/").pop()}`);
    await expect(page.getByRole("heading", { level: 1, name: "과제 비교" })).toBeVisible();
    const compared = await screenTable(page);
    const column = compared[0]?.indexOf(REVIEW_TITLE) ?? -1;
    expect(column).toBeGreaterThan(0);
    expect(compared.find((r) => r[0] === "최근 평가 결과")?.[column]).toBe("계속");
  });

  test("evaluations never reach public pages or their payloads", async ({ reviewerPage: page, request }) => {
    await openEvaluations(page, PRIVATE_REVIEW_TITLE);
    await page.getByLabel("평가 종류").selectOption("ANNUAL");
    await page.getByLabel("차수").fill("2024");
    for (const label of [/목표 달성도/, /연구 수행의 충실성/, /성과의 우수성/, /사업화 가능성/, /연구비 집행의 적정성/]) await page.getByLabel(label).fill("5");
    await page.getByLabel("종합 의견").fill("PRIVATE-REVIEW-TEXT");
    await page.getByRole("button", { name: "평가 저장" }).click();
    await expect(page.getByRole("status")).toContainText("평가를 저장했습니다");

    const own = `/projects/${PRIVATE_REVIEW_SLUG}`;
    for (const path of [`/ko${own}`, `/en${own}`, "/ko", "/ko/statistics", `/ko/compare?p=${PRIVATE_REVIEW_SLUG}&p=hydrogen-electric-tram`]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain(path === "/ko/statistics" ? "포트폴리오 통계" : path.startsWith("/en") ? "Private evaluation test project (e2e)" : PRIVATE_REVIEW_TITLE);
      expect(html).not.toContain("PRIVATE-REVIEW-TEXT");
      // The React Server Component payload of the same page.
      const rsc = await (await request.get(path, { headers: { RSC: "1" } })).text();
      expect(rsc).not.toContain("PRIVATE-REVIEW-TEXT");
      expect(rsc).not.toMatch(/"verdict"|totalScore/);
    }
  });

  test("the dashboard and the public statistics render with the synthetic portfolio loaded", async ({ page, managerPage: manager }) => {
    await page.goto("/ko/statistics");
    await expect(page.getByRole("heading", { level: 1, name: "포트폴리오 통계" })).toBeVisible();
    await expect(page.getByRole("table", { name: "국가전략기술 분야별 정부출연금 (표)" })).toContainText("수소");
    await expectAxeClean(page);
    await page.goto("/en/statistics");
    await expect(page.getByRole("table", { name: "Government funding by start year (table)" })).toContainText("2021");

    await manager.goto("/ko/manage/dashboard");
    await expect(manager.getByRole("heading", { level: 1, name: "포트폴리오 대시보드" })).toBeVisible();
    await expect(manager.getByText("기한 초과 마일스톤")).toBeVisible();
    await expect(manager.getByRole("table", { name: "사업별 정부출연금 (표)" })).toContainText("알키미스트 프로젝트");
    await manager.getByRole("region", { name: "검색 조건" }).getByRole("group", { name: "국가전략기술 분야" }).getByLabel(/^첨단 바이오/).check();
    await manager.getByRole("region", { name: "검색 조건" }).getByRole("button", { name: "조건 적용" }).click();
    await expect(manager).toHaveURL(/area=ADVANCED_BIO/);
    await expect(manager.getByRole("table", { name: "국가전략기술 분야별 정부출연금 (표)" }).getByRole("row")).toHaveCount(2);
    await expectAxeClean(manager);
  });
});
