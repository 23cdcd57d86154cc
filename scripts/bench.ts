// `npm run bench [-- --projects 100000 --seconds 10 --connections 8]`
// Loads the synthetic portfolio into a separate database (once; later runs reuse it), serves the
// production build on it and measures each page under load against a static file served by the
// same server. A benchmark, not a test: it prints numbers and asserts nothing.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { applyMigrations } from "../prisma/migrate";
import { grantAppRole } from "../prisma/roles";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { BYPASS_COOKIE } from "@/lib/server/page-cache";
import { loadSyntheticPortfolio } from "../prisma/synthetic";
import { startEmbeddedPostgres } from "../prisma/embedded-postgres";
import { ensurePublishedPortfolio } from "../prisma/ensure-seed";
import { buildApp, hasProductionBuild, serveNext } from "./next-server";
import { workerEnv, workerNodeFlags } from "./worker-memory";

const { values } = parseArgs({
  options: {
    projects: { type: "string", default: "100000" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "8" },
    port: { type: "string", default: "3300" },
    "load-only": { type: "boolean", default: false },
    "import-projects": { type: "string", default: "100000" },
    "skip-import": { type: "boolean", default: false },
    "skip-downloads": { type: "boolean", default: false },
    // Only the downloads of the whole portfolio (no page scenarios, no import): a quick memory check.
    "only-downloads": { type: "boolean", default: false },
    // Stop each download after this many seconds (0: download it all); the table then says "partial".
    "download-seconds": { type: "string", default: "0" },
  },
});
const projects = Number(values.projects);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const port = Number(values.port);
const onlyDownloads = values["only-downloads"];
const downloadSeconds = Number(values["download-seconds"]);
const base = `http://127.0.0.1:${port}`;

type Row = { name: string; path: string; rps: number; p50: number; p95: number; errors: number; bytes: number; firstMs?: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(name: string, urlPath: string, headers: Record<string, string> = {}): Promise<Row> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: base + urlPath, connections, duration: seconds, headers }, (error, r) => (error ? reject(error) : resolve(r)));
    // autocannon reports p50/p97.5 but no p95: keep every response time and compute it.
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    name, path: urlPath, rps: result.requests.total / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
    errors: result.errors + result.non2xx, bytes: result.throughput.total / Math.max(1, result.requests.total),
  };
}

/** Resident memory of a process and its children (Linux /proc), in bytes. */
function rssOf(pid: number): number {
  let total = 0;
  try {
    total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean)) total += rssOf(Number(child));
  } catch { /* gone, or not Linux */ }
  return total;
}

/** Downloads a URL to nowhere, timing the first byte and the whole, sampling the server's memory. */
async function timeDownload(urlPath: string, serverPid: number) {
  const baseline = rssOf(serverPid);
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, rssOf(serverPid)); }, 100);
  const started = performance.now();
  const response = await fetch(base + urlPath);
  if (!response.ok || !response.body) throw new Error(`${urlPath} answered ${response.status}`);
  let firstByteMs = 0;
  let bytes = 0;
  const reader = response.body.getReader();
  let partial = false;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += next.value.byteLength;
    if (downloadSeconds > 0 && performance.now() - started > downloadSeconds * 1000) {
      partial = true;
      await reader.cancel();
      break;
    }
  }
  const totalMs = performance.now() - started;
  clearInterval(sampler);
  return { firstByteMs, totalMs, bytes, partial, rssGrowth: Math.max(0, peak - baseline) };
}

/** The machine's 1-, 5- and 15-minute load averages: other work on the machine skews every figure. */
function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(", ");
}

async function waitForServer(url: string) {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Server at ${url} did not start`);
}

/** Signs in as the demo admin through next-auth and returns the Cookie header of the session. */
async function signIn(email: string, password: string): Promise<string> {
  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieOf(csrf), Origin: base },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const cookie = cookieOf(response);
  if (!cookie.includes("session-token")) throw new Error(`Signing in as ${email} failed (${response.status})`);
  return cookie;
}

async function main() {
  let url = process.env.BENCH_DATABASE_URL;
  const embedded = url ? null : await startEmbeddedPostgres("bench", console.log);
  // One database per portfolio size, so that a 1M run does not grow the 100k one.
  const database = projects === 100_000 ? "keit_bench" : `keit_bench_${projects}`;
  if (embedded) url = await embedded.ensureDatabase(database);
  if (!url) throw new Error("no database");
  await applyMigrations(url);
  // Served as the app's least-privilege role, as in production.
  let appUrl = url;
  if (embedded) {
    await grantAppRole(url, embedded.appRole);
    appUrl = embedded.appDatabaseUrl(database);
  }
  await ensurePublishedPortfolio(url, { demoAccounts: true });
  // A client of its own for this database (the app's db() reads DATABASE_URL, which is not ours to set).
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  const existing = await client.project.count({ where: { origin: "SYNTHETIC" } });
  if (existing < projects) {
    console.log(`Loading the synthetic portfolio: ${existing.toLocaleString()} → ${projects.toLocaleString()} projects (load average ${loadAverage()}) ...`);
    const started = Date.now();
    // The benchmark's database holds the seed, the demo accounts and synthetic data only: the
    // loader may build the secondary indexes once at the end instead of row by row.
    const { seconds } = await loadSyntheticPortfolio(url, projects, {
      deferIndexes: true,
      log: (line) => console.log(`  ${line}`),
      onProgress: (done, total) => {
        if (done % 10_000 === 0 || done === total) console.log(`  ${done.toLocaleString()} / ${total.toLocaleString()} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      },
    });
    console.log(`Loaded ${(projects - existing).toLocaleString()} projects in ${seconds.toFixed(1)} s (${Math.round((projects - existing) / seconds).toLocaleString()} projects/s; load average ${loadAverage()}).`);
  }
  if (values["load-only"]) {
    await client.$disconnect();
    // Stop the PostgreSQL this process started (a reused one keeps running): exiting alone would
    // leave it running with its data directory locked.
    await embedded?.stop();
    process.exit(0);
  }
  const sample = await client.project.findFirstOrThrow({ where: { origin: "SYNTHETIC", publication: "PUBLISHED" }, orderBy: { id: "desc" }, select: { slug: true } });
  const compared = (await client.project.findMany({ where: { publication: "PUBLISHED", origin: "SYNTHETIC" }, orderBy: { id: "asc" }, take: 4, select: { slug: true } })).map((p) => p.slug);
  const counts = await client.project.count({ where: { publication: "PUBLISHED" } });
  await client.$disconnect();

  if (!hasProductionBuild()) {
    console.log("Building the app ...");
    buildApp();
  }
  // The benchmark's database holds synthetic data and the demo accounts only. The open-data API's
  // per-client rate limit would answer the load generator with 429s: off for the benchmark.
  process.env.API_RATE_LIMIT_PER_MINUTE = "0";
  const web = serveNext({ port, databaseUrl: appUrl, embeddedDatabase: true, stdio: ["ignore", "ignore", "inherit"] });
  await waitForServer(`${base}/ko`);
  const html = await (await fetch(`${base}/ko`)).text();
  const asset = /\/_next\/static\/[^"']+\.css/.exec(html)?.[0];
  if (!asset) throw new Error("No static asset found in the portfolio page");

  if (!onlyDownloads) await pageScenarios(sample.slug, compared, asset, counts);
  if (!values["skip-downloads"] && web.pid !== undefined) {
    // The first download warms the route (compilation, database buffers, the pool) with a small
    // search, so that the figures below are those of a running server.
    const warm = await fetch(`${base}/api/v1/downloads/projects?format=csv&year=2021`);
    await warm.arrayBuffer();
    console.log(`\nDownloads of the whole portfolio (${counts.toLocaleString()} projects), one at a time; load average ${loadAverage()}:\n`);
    console.log("| download | first byte ms | total s | MB | peak server RSS growth MB |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const format of ["csv", "xlsx"] as const) {
      const d = await timeDownload(`/api/v1/downloads/projects?format=${format}`, web.pid);
      console.log(`| ${format.toUpperCase()}${d.partial ? " (partial)" : ""} | ${d.firstByteMs.toFixed(0)} | ${(d.totalMs / 1000).toFixed(1)} | ${(d.bytes / 1e6).toFixed(1)} | ${(d.rssGrowth / 1e6).toFixed(0)} |`);
    }
  }
  // Stop the web server before PostgreSQL (the exit hook), so no request sees the database go away.
  await new Promise<void>((resolve) => {
    web.once("exit", () => resolve());
    web.kill("SIGTERM");
  });
  if (!values["skip-import"] && !onlyDownloads) importScenario(url);
  await embedded?.stop();
  process.exit(0);
}

/** The pages and API endpoints under load, each against the static file served by the same server. */
async function pageScenarios(sampleSlug: string, compared: string[], asset: string, counts: number) {
  const admin = DEMO_ACCOUNTS.find((a) => a.role === "ADMIN");
  if (!admin) throw new Error("No demo admin account");
  const session: Record<string, string> = { Cookie: await signIn(admin.email, admin.password) };
  const apiPage = (await (await fetch(`${base}/api/v1/projects?limit=100`)).json()) as { nextCursor: string | null };
  const comparison = ["hydrogen-electric-tram", "multi-sensor-adas-soc", ...compared].map((s) => `p=${s}`).join("&");
  // UNCACHED rows: the page cache passes any request with a session cookie to Next.js, and
  // next-auth reads a cookie that is not a token as nobody signed in: the anonymous page, rendered
  // by Next.js on every request (checked below).
  const uncached: Record<string, string> = { Cookie: BYPASS_COOKIE };
  const scenarios: [string, string, Record<string, string>?][] = [
    ["static file (baseline)", asset],
    ["portfolio list", "/ko"],
    ["portfolio list, UNCACHED", "/ko", uncached],
    ["portfolio list, page 500", "/ko?page=500"],
    ["filtered list", "/ko?area=HYDROGEN&status=ACTIVE&instType=UNIVERSITY"],
    ["filtered list, UNCACHED", "/ko?area=HYDROGEN&status=ACTIVE&instType=UNIVERSITY", uncached],
    ["Korean search, 2 syllables", `/ko?q=${encodeURIComponent("센서")}`],
    ["Korean search, 2 syllables, UNCACHED", `/ko?q=${encodeURIComponent("센서")}`, uncached],
    ["Korean search, 4 syllables", `/ko?q=${encodeURIComponent("양자센서")}`],
    ["Korean search, 4 syllables, UNCACHED", `/ko?q=${encodeURIComponent("양자센서")}`, uncached],
    ["project page", `/ko/projects/${sampleSlug}`],
    ["project page, UNCACHED", `/ko/projects/${sampleSlug}`, uncached],
    ["published project page", "/ko/projects/hydrogen-electric-tram"],
    ["public statistics", "/ko/statistics"],
    ["comparison of 6 projects", `/ko/compare?${comparison}`],
    ["comparison as XLSX", `/api/compare?format=xlsx&locale=ko&${comparison}`],
    ["API: project list (/api/v1/projects)", "/api/v1/projects"],
    ["API: list, next cursor page of 100", `/api/v1/projects?limit=100&cursor=${encodeURIComponent(apiPage.nextCursor ?? "")}`],
    ["API: filtered list, 2-syllable search", `/api/v1/projects?area=HYDROGEN&status=ACTIVE&q=${encodeURIComponent("센서")}`],
    ["API: project record", `/api/v1/projects/${sampleSlug}`],
    ["API: change feed, 100 events", "/api/v1/changes?since=2000-01-01T00:00:00Z&limit=100"],
    ["workspace dashboard (signed in)", "/ko/manage/dashboard", session],
    ["workspace dashboard, filtered", "/ko/manage/dashboard?area=HYDROGEN&status=ACTIVE", session],
    ["comparison, signed in (internal rows)", `/ko/compare?${comparison}`, session],
  ];
  // Warm up every page once (compilation caches, database buffers) before measuring.
  for (const [name, p, h] of scenarios) {
    const response = await fetch(base + p, { headers: h, redirect: "manual" });
    if (response.status !== 200) throw new Error(`${p} answered ${response.status}`);
    const body = await response.text();
    if (h === uncached) checkUncached(name, response, body);
  }
  // The cached rows are answered by the page cache (a second request is a hit), or they would
  // measure the same as the uncached ones.
  for (const [name, p, h] of scenarios) {
    if (h !== undefined || !p.startsWith("/ko")) continue;
    const response = await fetch(base + p);
    await response.arrayBuffer();
    const state = response.headers.get("x-page-cache");
    if (state !== "HIT") throw new Error(`${name}: expected a page cache hit, got X-Page-Cache ${state}`);
  }
  const rows: Row[] = [];
  for (const [name, p, h] of scenarios) {
    process.stdout.write(`measuring ${name} ... `);
    // Aggregates are cached for 30 s (lib/data/aggregate-cache.ts): the request just before the
    // measurement fills them, so the table shows the steady state and "first ms" what a request
    // pays when it has to compute them.
    const started = performance.now();
    const first = await fetch(base + p, { headers: h, redirect: "manual" });
    await first.arrayBuffer();
    const firstMs = performance.now() - started;
    rows.push({ ...(await measure(name, p, h)), firstMs });
    console.log("done");
  }
  const baseline = rows[0]?.rps ?? 1;
  console.log(`\n${counts.toLocaleString()} published projects; ${seconds} s per scenario, ${connections} connections, production build on ${base}; load average ${loadAverage()}\n`);
  console.log("| scenario | req/s | p50 ms | p95 ms | vs static | errors | KB/resp | first ms |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.rps.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${(r.rps / baseline).toFixed(3)} | ${r.errors} | ${(r.bytes / 1024).toFixed(1)} | ${r.firstMs?.toFixed(0) ?? ""} |`);
  }
}


/**
 * An UNCACHED row must measure Next.js rendering the anonymous public page: 200, not answered by
 * the page cache (which marks its answers X-Page-Cache HIT/MISS, and BYPASS for what it rendered
 * but could not keep), and the signed-out header (a sign-in link, nobody's name).
 */
function checkUncached(name: string, response: Response, body: string) {
  const state = response.headers.get("x-page-cache");
  if (state !== null) throw new Error(`${name}: the page cache answered (X-Page-Cache ${state})`);
  if (!body.includes('href="/ko/login"') || body.includes("site-account__name")) throw new Error(`${name}: not the anonymous public page`);
}

/**
 * The import scenario in its own process (so its peak memory is the import's): a generated
 * workbook of N projects with 5 milestones each, dry run then apply (scripts/bench-import.ts).
 */
function importScenario(databaseUrl: string) {
  const serverUrl = new URL(databaseUrl);
  serverUrl.pathname = "/postgres";
  console.log(`\nImport: ${Number(values["import-projects"]).toLocaleString()} projects, 5 milestones each ...`);
  // With the job worker's memory settings (scripts/worker-memory.ts): the peak is the worker's.
  const run = spawnSync(process.execPath, [...workerNodeFlags(), "--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "bench-import.ts"), "--projects", values["import-projects"], "--json"], {
    encoding: "utf8", env: workerEnv({ ...process.env, BENCH_DATABASE_URL: serverUrl.toString() }), stdio: ["ignore", "pipe", "inherit"],
  });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  try {
    const r = JSON.parse(line) as { projects: number; milestones: number; fileMb: number; dryRunSeconds: number; applySeconds: number; totalSeconds: number; peakRssMb: number; status: string };
    console.log("| import | projects | milestones | file MB | dry run s | apply s | total s | peak RSS MB | result |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    console.log(`| XLSX, new projects | ${r.projects} | ${r.milestones} | ${r.fileMb} | ${r.dryRunSeconds} | ${r.applySeconds} | ${r.totalSeconds} | ${r.peakRssMb} | ${r.status} |`);
  } catch {
    console.log(`The import scenario failed (exit ${run.status}): ${line}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
