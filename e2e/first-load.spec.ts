import { expect, test } from "@playwright/test";
import { DRAFT_SLUG } from "../prisma/e2e-fixtures/constants";
import { FIRST_LOAD_BUDGET, FIRST_LOAD_PAGES, formatFirstLoadTable, measureFirstLoad, type FirstLoad } from "../lib/testing/first-load";

// Issue #10: what a first visit to a public page costs, and what search engines are told.
// `npm run first-load` prints the same figures on the mobile profile with throttling; here the
// network is not throttled (bytes do not depend on it), so the timings are only printed.

test("a first visit to a public page stays within the JavaScript, font and layout-shift budgets", async ({ browser, baseURL }) => {
  const results: { name: string; result: FirstLoad }[] = [];
  for (const { name, path } of FIRST_LOAD_PAGES) results.push({ name, result: await measureFirstLoad(browser, `${baseURL}${path}`, { throttle: false }) });
  console.log(formatFirstLoadTable(results));
  for (const { name, result } of results) {
    expect(result.jsBrotliBytes, `${name}: JavaScript, Brotli`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET.jsBrotliBytes);
    expect(result.jsBytes, `${name}: JavaScript as served (gzip)`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET.jsBytes);
    expect(result.fontBytes, `${name}: fonts of the first view`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET.fontBytes);
    expect(result.fontBytes, `${name}: the first view uses the subset`).toBeGreaterThan(0);
    expect(result.cls, `${name}: cumulative layout shift`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET.cls);
  }
});

test("the rest of the font arrives after the page has loaded and renders rare syllables", async ({ page }) => {
  await page.goto("/ko/projects/hydrogen-electric-tram");
  await expect(page.locator("link[data-deferred-fonts]")).toHaveCount(1);
  await page.waitForFunction(() => [...document.fonts].some((f) => f.family.replace(/["']/g, "") === "Pretendard"));
  // 뷁 is in no subset of the first view: the deferred stylesheet has the one slice that holds it.
  const faces = await page.evaluate(async () => (await document.fonts.load('16px "Pretendard"', "뷁")).map((f) => f.status));
  expect(faces).toEqual(["loaded"]);
});

test("pages name absolute canonical and hreflang links, and the site has a favicon", async ({ page, request }) => {
  await page.goto("/ko/projects/hydrogen-electric-tram");
  const origin = new URL(page.url()).origin;
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${origin}/ko/projects/hydrogen-electric-tram`);
  await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveAttribute("href", `${origin}/en/projects/hydrogen-electric-tram`);
  await page.goto("/en/statistics");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${origin}/en/statistics`);
  await expect(page.locator('link[rel="alternate"][hreflang="ko"]')).toHaveAttribute("href", `${origin}/ko/statistics`);
  for (const path of ["/favicon.ico", "/icon.svg", "/apple-icon.png"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toMatch(/^image\//);
  }
});

test("a visit fetches no other page's payload ahead of a click (links are not prefetched)", async ({ page }) => {
  const routerRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("_rsc=") || request.headers()["next-router-prefetch"]) routerRequests.push(request.url());
  });
  // The comparison shows the brand link, the menu and a link per project: each was prefetched.
  await page.goto("/ko/compare?p=hydrogen-electric-tram&p=multi-sensor-adas-soc", { waitUntil: "networkidle" });
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 2000 })));
  await page.waitForLoadState("networkidle");
  expect(routerRequests).toEqual([]);
  await page.getByRole("link", { name: /수소전기트램/ }).first().click();
  await expect(page).toHaveURL(/\/ko\/projects\/hydrogen-electric-tram$/);
  expect(routerRequests.length).toBeGreaterThan(0);
});

test("a comparison of published projects is indexable under one canonical order; one with too few projects is not", async ({ page }) => {
  await page.goto("/ko/compare?p=multi-sensor-adas-soc&p=hydrogen-electric-tram");
  const origin = new URL(page.url()).origin;
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${origin}/ko/compare?p=hydrogen-electric-tram&p=multi-sensor-adas-soc`);
  await expect(page.locator('meta[name="robots"]')).toHaveCount(0);
  await page.goto("/ko/compare?p=hydrogen-electric-tram");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.locator('link[rel="canonical"]')).toHaveCount(0);
});

test("robots.txt keeps crawlers out of the workspace and names the sitemap, which lists published projects only", async ({ request, baseURL }) => {
  const robots = await (await request.get("/robots.txt")).text();
  for (const line of ["Disallow: /ko/manage", "Disallow: /en/manage", "Disallow: /api/v1/downloads/", "Disallow: /api/v1/360giving.json", "Disallow: /api/v1/changes"]) {
    expect(robots).toContain(line);
  }
  const sitemapLine = /^Sitemap: (.+)$/m.exec(robots)?.[1];
  expect(sitemapLine).toMatch(/^https?:\/\/.+\/sitemap\.xml$/);

  const index = await request.get("/sitemap.xml");
  expect(index.status()).toBe(200);
  const children = [...(await index.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? "").pathname);
  expect(children).toContain("/sitemaps/projects-0.xml");
  const projects = await (await request.get(`${baseURL}/sitemaps/projects-0.xml`)).text();
  expect(projects).toMatch(/<loc>https?:\/\/[^<]+\/ko\/projects\/hydrogen-electric-tram<\/loc><lastmod>/);
  expect(projects).toContain("/en/projects/hydrogen-electric-tram</loc>");
  expect(projects).not.toContain(DRAFT_SLUG);
});

test("the server sends the build's JavaScript in brotli to clients that accept it, and as is to others", async ({ request }) => {
  const html = await (await request.get("/ko")).text();
  const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1] ?? "";
  expect(script).not.toBe("");
  const brotli = await request.get(script, { headers: { "Accept-Encoding": "br" } });
  expect(brotli.status()).toBe(200);
  expect(brotli.headers()["content-encoding"]).toBe("br");
  expect(brotli.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const plain = await request.get(script, { headers: { "Accept-Encoding": "identity" } });
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect((await brotli.body()).equals(await plain.body())).toBe(true);
});
