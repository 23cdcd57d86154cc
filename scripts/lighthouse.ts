// `npm run lighthouse [-- --base http://127.0.0.1:3000 --json]`
// Runs Lighthouse (npm `lighthouse`, its default mobile profile with simulated slow 4G and a
// 4× slower CPU) in Debian's Chromium against a running production server (`npm start`) on the
// portfolio, a project page and the statistics, and prints the four category scores and the
// metrics behind performance. Exits 1 when a page misses issue #10's goal
// (performance ≥ 95, accessibility, best practices and SEO 100), naming the failing audits.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const { values } = parseArgs({
  options: {
    base: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    json: { type: "boolean", default: false },
  },
});
const base = values.base.replace(/\/$/, "");

const PAGES = [
  { name: "portfolio", path: "/ko" },
  { name: "project page", path: "/ko/projects/hydrogen-electric-tram" },
  { name: "statistics", path: "/ko/statistics" },
] as const;
const GOAL = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100 } as const;
type Category = keyof typeof GOAL;
const CATEGORIES = Object.keys(GOAL) as Category[];

// Flags that work on a machine without internet access (docs: ../shared/docs/toolchain.md).
const CHROME_FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
];

type Row = { name: string; scores: Record<Category, number>; metrics: Record<string, string>; failing: string[] };

async function audit(port: number, name: string, url: string): Promise<Row> {
  const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Record<Category, number>;
  const metric = (id: string) => lhr.audits[id]?.displayValue ?? "–";
  const failing: string[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (a && ref.weight > 0 && a.score !== null && a.score < 1) failing.push(`${category}: ${a.id} (${a.score}) ${a.displayValue ?? a.title}`);
    }
  }
  return {
    name, scores, failing,
    metrics: { FCP: metric("first-contentful-paint"), LCP: metric("largest-contentful-paint"), TBT: metric("total-blocking-time"), CLS: metric("cumulative-layout-shift"), SI: metric("speed-index") },
  };
}

async function main() {
  const probe = await fetch(`${base}/ko`).catch(() => null);
  if (!probe?.ok) {
    console.error(`No server answers at ${base}/ko. Start the production server first (npm start, or PORT=… npm start) or pass --base.`);
    process.exit(2);
  }
  const chromePath = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const userDataDir = mkdtempSync(path.join(tmpdir(), "keit-lighthouse-"));
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, userDataDir });
  const rows: Row[] = [];
  try {
    for (const page of PAGES) rows.push(await audit(chrome.port, page.name, base + page.path));
  } finally {
    await chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    console.log(`Lighthouse (default mobile profile) at ${base}\n`);
    console.log("| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | SI |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const r of rows) {
      console.log(`| ${r.name} | ${r.scores.performance} | ${r.scores.accessibility} | ${r.scores["best-practices"]} | ${r.scores.seo} | ${r.metrics.FCP} | ${r.metrics.LCP} | ${r.metrics.TBT} | ${r.metrics.CLS} | ${r.metrics.SI} |`);
    }
    for (const r of rows) if (r.failing.length) console.log(`\n${r.name}, audits below full marks:\n  ${r.failing.join("\n  ")}`);
  }
  const missed = rows.filter((r) => CATEGORIES.some((c) => r.scores[c] < GOAL[c]));
  if (missed.length) {
    console.error(`\nBelow the goal (performance ≥ 95, accessibility, best practices and SEO 100): ${missed.map((r) => r.name).join(", ")}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
