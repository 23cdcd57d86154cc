import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import ExcelJS from "exceljs";
import { formatWon } from "@/lib/format/money";
import { DRAFT_SLUG, DRAFT_TITLE } from "../prisma/e2e-fixtures/constants";
import { parseCsv } from "@/lib/testing/csv";

// The open-data API, downloads and 360Giving against the production build: what a developer or a
// visitor with a spreadsheet gets.

// A filtered search with more results than fit on one page (20), so the downloads must hold more than the page.
const SEARCH = `/ko?q=${encodeURIComponent("합성")}&status=COMPLETED&status=ACTIVE&status=PLANNED&status=SUSPENDED&status=TERMINATED&sort=funding`;

async function pageFigures(page: Page) {
  const status = page.getByRole("status").filter({ hasText: /과제 [\d,]+건/ });
  const text = (await status.textContent()) ?? "";
  const count = Number(/과제 ([\d,]+)건/.exec(text)?.[1]?.replace(/,/g, ""));
  const funding = /정부출연금 합계 (.+? 원)/.exec(text)?.[1];
  return { count, funding };
}

test.describe("downloads of the current search", () => {
  test("CSV and XLSX hold exactly the projects of the search, with its figures", async ({ page }) => {
    // A page and two whole-search downloads, on a machine the other suites share.
    test.setTimeout(120_000);
    await page.goto(SEARCH);
    const { count, funding } = await pageFigures(page);
    expect(count).toBeGreaterThan(20);
    await expect(page.getByRole("navigation", { name: /페이지|Pagination/ })).toBeVisible();
    const download = page.getByRole("region", { name: "검색 결과 내려받기" });
    await expect(download).toContainText(`과제 ${count}건 전부`);

    const [csvFile] = await Promise.all([page.waitForEvent("download"), download.getByRole("link", { name: "검색 결과 전체를 CSV로 내려받기" }).click()]);
    const csvBytes = await readFile((await csvFile.path()) as string);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csvBytes.subarray(3).toString("utf8"));
    const header = rows[0] ?? [];
    const body = rows.slice(1);
    expect(body).toHaveLength(count);
    const government = header.indexOf("정부출연금(원)");
    expect(government).toBeGreaterThan(0);
    const sum = body.reduce((total, row) => total + (row[government] ? BigInt(row[government] as string) : 0n), 0n);
    expect(formatWon(sum, "ko")).toBe(funding);
    expect(new Set(body.map((row) => row[0])).size).toBe(count);
    expect(body.map((row) => row[0])).not.toContain(DRAFT_SLUG);

    const [xlsxFile] = await Promise.all([page.waitForEvent("download"), download.getByRole("link", { name: "검색 결과 전체를 엑셀 통합문서로 내려받기" }).click()]);
    const workbook = new ExcelJS.Workbook();
    const xlsxBytes = await readFile((await xlsxFile.path()) as string);
    await workbook.xlsx.load(xlsxBytes.buffer.slice(xlsxBytes.byteOffset, xlsxBytes.byteOffset + xlsxBytes.byteLength) as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["과제", "참여기관", "연구비", "마일스톤"]);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getRow(1).getCell(government + 1).value).toBe("정부출연금(원)");
    const slugs: string[] = [];
    let xlsxSum = 0n;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      slugs.push(String(row.getCell(1).value));
      const won = row.getCell(government + 1).value;
      if (won !== null && won !== undefined) {
        expect(typeof won).toBe("number");
        xlsxSum += BigInt(won as number);
      }
    });
    expect(slugs).toHaveLength(count);
    expect(new Set(slugs)).toEqual(new Set(body.map((row) => row[0])));
    expect(xlsxSum).toBe(sum);
    // The funding sheet lists the lines of exactly these projects.
    const fundingSheet = workbook.worksheets[2] as ExcelJS.Worksheet;
    const fundingSlugs = new Set<string>();
    fundingSheet.eachRow((row, n) => { if (n > 1) fundingSlugs.add(String(row.getCell(1).value)); });
    for (const slug of fundingSlugs) expect(slugs).toContain(slug);
  });
});

async function getJson(request: APIRequestContext, url: string) {
  const response = await request.get(url);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

test.describe("the open-data API", () => {
  test("every path of openapi.json answers and its responses validate against the document's own schemas", async ({ request }) => {
    const { response, body: doc } = await getJson(request, "/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    expect(doc.openapi).toBe("3.1.0");
    const institutions = (await getJson(request, "/api/v1/institutions?limit=1")).body;
    const institutionId = String((institutions.data as { id: number }[])[0]?.id);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const paths = doc.paths as Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: object }> }> } }>;
    const extra: Record<string, string> = {
      "/api/v1/changes": "?since=2000-01-01T00:00:00Z",
      "/api/v1/downloads/projects": "?format=json&status=COMPLETED",
    };
    expect(Object.keys(paths).length).toBeGreaterThanOrEqual(9);
    for (const [template, item] of Object.entries(paths)) {
      const url = template.replace("{slug}", "hydrogen-electric-tram").replace("{id}", institutionId) + (extra[template] ?? "");
      const answer = await request.get(url);
      expect(answer.status(), url).toBe(200);
      const schema = item.get.responses["200"]?.content?.["application/json"]?.schema;
      expect(schema, template).toBeTruthy();
      // The response schema with the document's components beside it, so that its $refs resolve.
      const validate = ajv.compile({ ...schema, components: doc.components });
      const data: unknown = await answer.json();
      expect(validate(data), `${url}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  test("bad parameters get RFC 9457 problem bodies naming the parameter", async ({ request }) => {
    const first = (await getJson(request, "/api/v1/projects?limit=2")).body;
    const cursor = String(first.nextCursor);
    const forged = `${Buffer.from(JSON.stringify({ f: "x", k: null, i: 1 })).toString("base64url")}.${cursor.split(".")[1]}`;
    const cases: [string, string][] = [
      ["/api/v1/projects?limit=0", "limit"],
      ["/api/v1/projects?limit=10000", "limit"],
      [`/api/v1/projects?cursor=${forged}`, "cursor"],
      ["/api/v1/projects?cursor=not-a-cursor", "cursor"],
      ["/api/v1/changes?since=yesterday", "since"],
      [`/api/v1/projects?q=${"가".repeat(5000)}`, "q"],
      ["/api/v1/projects?area=MAGIC", "area"],
      ["/api/v1/projects?page=2", "page"],
      ["/api/v1/projects?limit=1&limit=2", "limit"],
    ];
    for (const [url, parameter] of cases) {
      const response = await request.get(url, { headers: { "Accept-Language": "ko" } });
      expect(response.status(), url).toBe(400);
      expect(response.headers()["content-type"]).toContain("application/problem+json");
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 400, parameter, type: "/en/developers#problem-invalid-parameter" });
      expect(String(problem.detail)).toContain(parameter);
    }
    const english = await request.get("/api/v1/projects?limit=0&locale=en");
    expect(((await english.json()) as { detail: string }).detail).toBe("The parameter `limit` must be between 1 and 100.");
  });

  test("ETag round trip gives 304; CORS is open for GET; unknown and unpublished give the same 404", async ({ request }) => {
    const first = await request.get("/api/v1/projects?q=%ED%8A%B8%EB%9E%A8");
    const etag = first.headers()["etag"];
    expect(etag).toBeTruthy();
    expect(first.headers()["access-control-allow-origin"]).toBe("*");
    expect(first.headers()["cache-control"]).toContain("public");
    const second = await request.get("/api/v1/projects?q=%ED%8A%B8%EB%9E%A8", { headers: { "If-None-Match": etag as string } });
    expect(second.status()).toBe(304);
    const preflight = await request.fetch("/api/v1/projects", { method: "OPTIONS", headers: { Origin: "https://example.org", "Access-Control-Request-Method": "GET" } });
    expect(preflight.status()).toBe(204);

    const draft = await request.get(`/api/v1/projects/${DRAFT_SLUG}`);
    const unknown = await request.get("/api/v1/projects/no-such-project");
    expect(draft.status()).toBe(404);
    expect(unknown.status()).toBe(404);
    expect(await draft.json()).toEqual(await unknown.json());
  });

  test("the draft appears in no endpoint, download, change feed or 360Giving file", async ({ request }) => {
    const bodies = await Promise.all([
      request.get(`/api/v1/projects?q=${encodeURIComponent(DRAFT_TITLE)}`),
      request.get("/api/v1/projects?limit=100"),
      request.get("/api/v1/changes?since=2000-01-01T00:00:00Z&limit=100"),
      request.get("/api/v1/downloads/projects?format=csv"),
      request.get("/api/v1/downloads/projects?format=json"),
      request.get("/api/v1/360giving.json"),
      request.get("/api/v1/statistics"),
    ].map(async (p) => (await p).text()));
    for (const text of bodies) {
      expect(text).not.toContain(DRAFT_SLUG);
      expect(text).not.toContain(DRAFT_TITLE);
    }
    const grants = JSON.parse(bodies[5] as string) as { grants: { amountAwarded: number; currency: string }[] };
    expect(grants.grants.length).toBeGreaterThan(3);
    expect(grants.grants.every((g) => g.currency === "KRW" && g.amountAwarded > 0)).toBe(true);
  });
});

test("the developers page documents the API in Korean and English", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/ko/developers");
  await expect(page.getByRole("heading", { level: 1, name: "공공데이터와 API" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "GET /api/v1/changes?since=2026-11-01T00:00:00Z" })).toBeVisible();
  await page.goto("/en/developers");
  await expect(page.getByRole("heading", { level: 1, name: "Open data and API" })).toBeVisible();
  // Problem documents name this anchor as their type (/en/developers#problem-invalid-parameter): the id is the contract.
  await expect(page.locator("#problem-invalid-parameter")).toContainText("limit=0");
});
