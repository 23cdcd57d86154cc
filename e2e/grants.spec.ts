import { expect, test } from "./fixtures/test";
import { compareRow, compareTable, openDisclosure, region } from "./fixtures/ui";
import { GRANTS_COMPARE_SLUG, GRANTS_COMPARE_TITLE, GRANTS_LEAD, GRANTS_TITLE, TRAM } from "../prisma/e2e-fixtures/constants";

// Issue 14: a program manager records an agreement, its awarded amount, a payment and a quarter's
// spending on the spec's own project (prisma/e2e-fixtures/seed.ts), sees the burn rate and a data-check
// alert. Independently, on a second fixture project with the same records made at start-up: a
// reviewer sees the comparison's grant rows, an anonymous visitor does not, and the public page and
// its RSC payload carry no payment, spending or settlement figure.

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const PAYMENT = "412,345,678";
const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

// The agreement runs from 200 days ago for a year: just over half of it has elapsed, so a tenth of
// the award spent is "behind time" whatever day the suite runs.
const start = new Date(Date.now() - 200 * DAY);
const end = new Date(start.getTime() + 364 * DAY);
const year = start.getUTCFullYear();
const quarter = `${year}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`;

test.describe("grants", () => {
  // Many steps, each a server round trip: more than the default 30 s on a busy two-core machine.
  test.describe.configure({ timeout: 180_000 });

  test("a program manager records an agreement, a payment and a quarter's spending, and sees the burn rate and an alert", async ({ managerPage: page }) => {
    await page.goto(`/ko/manage/projects?q=${encodeURIComponent("연구비 관리 시험")}`);
    await page.getByRole("link", { name: GRANTS_TITLE }).click();
    await page.waitForURL(/\/manage\/projects\/\d+$/);
    await page.getByRole("link", { name: "연구비 관리", exact: true }).click();
    await page.waitForURL(/\/grant$/);
    await expect(page.getByRole("heading", { level: 1, name: "연구비 관리", exact: true })).toBeVisible();

    const agreements = region(page, "협약");
    const add = await openDisclosure(agreements, "협약 추가");
    await add.getByLabel("연도(연차)", { exact: true }).fill(String(year));
    await add.getByLabel("단계", { exact: true }).fill("1");
    await add.getByLabel("협약 상태", { exact: true }).selectOption("SIGNED");
    await add.getByLabel("협약번호", { exact: true }).fill("E2E-2025-0001");
    await add.getByLabel("협약일", { exact: true }).fill(iso(start));
    await add.getByLabel("협약 시작일", { exact: true }).fill(iso(start));
    await add.getByLabel("협약 종료일", { exact: true }).fill(iso(end));
    await add.getByRole("button", { name: "협약 저장" }).click();
    await expect(add.getByRole("status")).toContainText("협약을 저장했습니다");

    const card = agreements.getByRole("listitem", { name: `${year}년 1단계 협약`, exact: true });
    await expect(card).toContainText("E2E-2025-0001");
    const amounts = await openDisclosure(card, "기관별 금액 입력·변경");
    await amounts.getByRole("group", { name: GRANTS_LEAD }).getByLabel("정부출연금", { exact: true }).fill("1,000,000,000");
    await amounts.getByRole("button", { name: "금액 저장" }).click();
    await expect(amounts.getByRole("status")).toContainText("기관별 협약 금액을 저장했습니다");

    const payments = region(page, "출연금 지급");
    let form = await openDisclosure(payments, "지급 기록");
    await form.getByLabel("협약", { exact: true }).selectOption({ label: `${year}년 1단계 협약` });
    await form.getByLabel("기관", { exact: true }).selectOption({ label: GRANTS_LEAD });
    await form.getByLabel("지급일", { exact: true }).fill(iso(new Date(start.getTime() + 10 * DAY)));
    // More than awarded: the database refuses it and the form names the amount.
    await form.getByLabel("지급액(원)", { exact: true }).fill("1,000,000,001");
    await form.getByRole("button", { name: "지급 기록" }).click();
    await expect(form.getByText("지급 누계가 이 기관의 협약 정부출연금을 넘습니다")).toBeVisible();
    await form.getByLabel("지급액(원)", { exact: true }).fill(PAYMENT);
    await form.getByRole("button", { name: "지급 기록" }).click();
    await expect(form.getByRole("status")).toContainText("지급을 기록했습니다");
    await expect(payments.getByRole("table")).toContainText(GRANTS_LEAD);

    const spending = region(page, "집행 실적");
    form = await openDisclosure(spending, "집행 실적 저장");
    await form.getByLabel("협약", { exact: true }).selectOption({ label: `${year}년 1단계 협약` });
    await form.getByLabel("기관", { exact: true }).selectOption({ label: GRANTS_LEAD });
    await form.getByLabel("분기", { exact: true }).selectOption(quarter);
    await form.getByLabel("인건비", { exact: true }).fill("60,000,000");
    await form.getByLabel("간접비", { exact: true }).fill("40,000,000");
    await form.getByRole("button", { name: "집행 실적 저장" }).click();
    await expect(form.getByRole("status")).toContainText("집행 실적을 저장했습니다");

    // 100,000,000 spent of 412,345,678 paid and of 1,000,000,000 awarded.
    await expect(page.getByTestId("burn-spent-of-paid")).toHaveText("24.3%");
    await expect(page.getByTestId("burn-spent-of-awarded")).toHaveText("10%");
    const chart = page.getByRole("table", { name: "비목별 집행액 표" });
    await expect(chart.getByRole("row", { name: /인건비/ }).first()).toContainText("6,000만 원");
    await expect(region(page, "데이터 점검").getByRole("listitem").filter({ hasText: "집행이 기간보다 느립니다" })).toContainText(`${year}년 1단계 협약`);

    // The data-check list shows it too.
    await page.goto("/ko/manage/quality");
    await expect(page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: GRANTS_TITLE, exact: true }) }).filter({ hasText: "집행이 기간보다 느립니다" })).toBeVisible();

    // The dashboard: totals per year (from the roll-up the grant tables' triggers keep), then the
    // shown year's programmes.
    await page.goto("/ko/manage/dashboard");
    const years = page.getByRole("table", { name: "연도별 합계 (읽을 수 있는 모든 사업)" });
    await expect(years.getByRole("row", { name: new RegExp(`^${year} \\(표시 중\\)`) })).toBeVisible();
    const programmes = page.getByRole("table", { name: new RegExp(`^${year}년 사업별 \\(\\d+개 사업\\)$`) });
    await expect(programmes.getByRole("row", { name: /알키미스트 프로젝트/ })).toBeVisible();
  });

  test("a reviewer sees the comparison's grant rows; an anonymous visitor and the public page see no payment or spending", async ({ reviewerPage: page, page: visitor, request }) => {
    // The second grants project of the fixtures holds the same records as the first test makes.
    const compare = `/ko/compare?p=${GRANTS_COMPARE_SLUG}&p=${TRAM.split("/").pop()}`;
    await page.goto(compare);
    const grantRows = ["협약 정부출연금", "지급액", "집행액", "반납액", "집행률(집행 ÷ 협약)", "인건비 비중(집행액 중)", "간접비 비중(집행액 중)"];
    for (const label of grantRows) await expect(compareRow(page, label), label).toBeVisible();
    await expect(compareRow(page, "지급액").getByRole("cell").first()).toContainText("4억 1,234만 5,678 원");
    await expect(compareRow(page, "인건비 비중(집행액 중)").getByRole("cell").first()).toHaveText("60%");

    await visitor.goto(compare);
    await expect(compareRow(visitor, "정부출연금")).toBeVisible();
    for (const label of grantRows) await expect(compareRow(visitor, label), label).toHaveCount(0);
    await expect(compareTable(visitor).getByRole("rowheader", { name: /비중\(집행액 중\)$/ })).toHaveCount(0);
    await visitor.goto(`/ko/projects/${GRANTS_COMPARE_SLUG}`);
    // Awarded amounts by year and stage are public (as on NTIS).
    await expect(visitor.getByRole("table", { name: /연구비/ }).first()).toContainText(`${year}`);

    // No payment, spending or settlement figure or field, nor the internal agreement header. (The
    // words themselves may appear: public pages carry the shared validation messages.)
    const forbidden = [
      /412,?345,?678/, /4억 1,23[45]만/, /60,?000,?000|6,000만/, /E2E-CMP-0001/,
      /"(paidWon|spentWon|amountWon|recognisedWon|disallowedWon|toReturnWon|returnedWon|paidOn|settledOn|payments|spendings|settlements)"/,
    ];
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const body = await (await request.get(`${BASE}/ko/projects/${GRANTS_COMPARE_SLUG}`, { headers })).text();
      expect(body).toContain(GRANTS_COMPARE_TITLE);
      for (const pattern of forbidden) expect(body, `${JSON.stringify(headers)} ${pattern}`).not.toMatch(pattern);
    }
  });
});
