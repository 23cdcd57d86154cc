// `npm run first-load [-- --base http://127.0.0.1:3000 --no-throttle --json]`
// Measures a first visit to the portfolio, a project page and the statistics against a running
// production server (`npm start`): compressed JavaScript, fonts before the first paint and on load,
// FCP, LCP and CLS, in Debian's Chromium on Lighthouse's mobile profile (slow 4G, CPU ×4).
// Exits 1 when a page is over issue #10's budget (lib/testing/first-load.ts: JS ≤ 120 KB with
// Brotli and ≤ 145 KB with the gzip Next.js serves, fonts ≤ 150 KB, CLS ≤ 0.1).
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { FIRST_LOAD_BUDGET, FIRST_LOAD_PAGES, formatFirstLoadTable, measureFirstLoad, type FirstLoad } from "../lib/testing/first-load";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    "no-throttle": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const base = values.base.replace(/\/$/, "");

async function main() {
  const probe = await fetch(`${base}/ko`).catch(() => null);
  if (!probe?.ok) {
    console.error(`No server answers at ${base}/ko. Start the production server first (npm start, or PORT=… npm start) or pass --base.`);
    process.exit(2);
  }
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const results: { name: string; result: FirstLoad }[] = [];
  try {
    for (const { name, path } of FIRST_LOAD_PAGES) {
      results.push({ name, result: await measureFirstLoad(browser, base + path, { throttle: !values["no-throttle"] }) });
    }
  } finally {
    await browser.close();
  }
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else {
    console.log(`First load at ${base} (${values["no-throttle"] ? "no throttling" : "slow 4G, CPU ×4"}; KB = 1024 bytes, compressed as served)\n`);
    console.log(formatFirstLoadTable(results));
    for (const { name, result } of results) console.log(`\n${name} fonts: ${result.fontFiles.join(", ") || "none"}`);
  }
  const b = FIRST_LOAD_BUDGET;
  const over = results.filter(({ result: r }) => r.jsBrotliBytes > b.jsBrotliBytes || r.jsBytes > b.jsBytes || r.fontBytes > b.fontBytes || r.cls > b.cls);
  if (over.length) {
    console.error(`\nOver budget (JS ≤ ${b.jsBrotliBytes / 1024} KB Brotli and ≤ ${b.jsBytes / 1024} KB as served, fonts ≤ ${b.fontBytes / 1024} KB, CLS ≤ ${b.cls}): ${over.map((o) => o.name).join(", ")}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
