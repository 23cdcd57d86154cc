// `npm run drills [-- --only 1,3 --port 3426]`: fault drills against the production build, each
// with a figure (issue 10; README "Fault drills"; docs/decisions/0028-database-outages-and-shutdown.md).
// Like `npm run bench` it is not part of `npm test`: it takes a few minutes and prints a table.
// The app runs as `npm start` runs it, in a child process (scripts/drill-stack.ts) that owns its own
// embedded PostgreSQL (.data/postgres-drills, database keit_drills): dev data is never touched.
//   1. Database restart under load    4. Crash (SIGKILL) during a project save
//   2. Graceful shutdown (SIGTERM)    5. Slow database (a lock held by another session)
//   3. Backup and restore while the database is written to
// Everything goes through the real HTTP path: pages, sign-in, and forms posted as a browser without
// JavaScript posts them (the server action's progressive-enhancement path).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import pg from "pg";
import { DEMO_ACCOUNTS } from "../lib/demo-accounts";
import { BYPASS_COOKIE } from "../lib/server/page-cache";
import type { StackCommand, StackMessage, StackReady } from "./drill-stack";
import { buildApp, hasProductionBuild } from "./next-server";

const ROOT = path.resolve(import.meta.dirname, "..");
const DRILL_DIR = path.join(ROOT, ".data", "drills");
const PG_LOG = path.join(DRILL_DIR, "postgres.log");

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "1,2,3,4,5" },
    port: { type: "string", default: process.env.DRILLS_PORT ?? "3426" },
    "outage-seconds": { type: "string", default: "10" },
    "slow-seconds": { type: "string", default: "30" },
  },
});
const only = new Set(values.only.split(",").map((s) => Number(s.trim())));
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const RUN = randomBytes(3).toString("hex");
const PAGES = ["/ko", "/en", "/ko/projects/hydrogen-electric-tram", "/ko/statistics"];
/** What a stack trace or an internal error leaks into a page. */
const LEAK = /\n\s+at [\w.<>$]+ \(|node_modules|\.tsx?:\d+:\d+|\.js:\d+:\d+|PrismaClient|ECONNREFUSED|DriverAdapterError/;

/** A client of the drills' own; PostgreSQL stopping under it (drills 1 and 2) is expected, not a crash. */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const seconds = (ms: number) => (ms / 1000).toFixed(1);

// ---------------------------------------------------------------------------------------------
// The app under test

type Stack = { child: ChildProcess; ready: StackReady; command(cmd: StackCommand["cmd"]): Promise<number | undefined>; exited: Promise<{ code: number | null; signal: string | null; at: number }> };

async function startStack(): Promise<Stack> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts", "drill-stack.ts"), String(port)], {
    cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"], env: { ...process.env, API_RATE_LIMIT_PER_MINUTE: "0" },
  });
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, at: now() })));
  const ready = await new Promise<StackReady>((resolve, reject) => {
    child.on("message", (m: StackMessage) => { if (m.type === "ready") resolve(m); });
    void exited.then(({ code }) => reject(new Error(`drill-stack exited (${code}) before it was ready`)));
  });
  const command = (cmd: StackCommand["cmd"]) => new Promise<number | undefined>((resolve, reject) => {
    const listener = (m: StackMessage) => {
      if (m.type === "done" && m.cmd === cmd) { child.off("message", listener); resolve(m.webPid); }
      if (m.type === "failed" && m.cmd === cmd) { child.off("message", listener); reject(new Error(`${cmd}: ${m.error}`)); }
    };
    child.on("message", listener);
    child.send({ cmd } satisfies StackCommand);
  });
  await waitForServer();
  return { child, ready, command, exited };
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch { /* not up yet */ }
    await sleep(250);
  }
  throw new Error(`The app at ${base} did not become ready`);
}

async function stopStack(stack: Stack): Promise<void> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  stack.child.kill("SIGTERM");
  await stack.exited;
}

/** Resident memory of a process and its children (Linux /proc), in bytes. */
function rssOf(pid: number): number {
  let total = 0;
  try {
    total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean)) total += rssOf(Number(child));
  } catch { /* gone */ }
  return total;
}

// ---------------------------------------------------------------------------------------------
// HTTP as a browser without JavaScript

type Hit = { path: string; start: number; end: number; status: number; body: string; error?: string };

async function hit(urlPath: string, init: RequestInit = {}): Promise<Hit> {
  const start = now();
  try {
    const response = await fetch(base + urlPath, { redirect: "manual", signal: AbortSignal.timeout(60_000), ...init });
    const body = await response.text();
    return { path: urlPath, start, end: now(), status: response.status, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { path: urlPath, start, end: now(), status: 0, body: "", error: cause?.code ?? (error instanceof Error ? error.name : String(error)) };
  }
}

async function signIn(role: "PROGRAM_MANAGER" | "ADMIN"): Promise<string> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`No demo account for ${role}`);
  const cookieOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST", redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieOf(csrf), Origin: base },
    body: new URLSearchParams({ csrfToken, email: account.email, password: account.password, json: "true" }),
  });
  const cookie = cookieOf(response);
  if (!cookie.includes("session-token")) throw new Error(`Signing in as ${account.email} failed (${response.status})`);
  return cookie;
}

const decode = (text: string) => text
  .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, "\"").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function attributes(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.matchAll(/\s([^\s=/>"']+)(?:="([^"]*)")?/g)) map.set(m[1]!.toLowerCase(), decode(m[2] ?? ""));
  return map;
}

/** The controls of the first form whose HTML contains `marker`, as a browser would submit them. */
function formFields(html: string, marker: string): [string, string][] | null {
  const form = [...html.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(marker));
  if (!form) return null;
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const name = a.get("name");
    const type = a.get("type") ?? "text";
    if (!name || type === "submit" || type === "button" || type === "file") continue;
    if ((type === "checkbox" || type === "radio") && !a.has("checked")) continue;
    fields.push([name, a.get("value") ?? (type === "checkbox" ? "on" : "")]);
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attributes(m[1]!).get("name");
    if (name) fields.push([name, decode(m[2]!.replace(/^\n/, ""))]);
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attributes(m[1]!).get("name");
    if (!name) continue;
    const options = [...m[2]!.matchAll(/<option\b[^>]*>/g)].map((o) => attributes(o[0]));
    const chosen = options.find((o) => o.has("selected")) ?? options[0];
    fields.push([name, chosen?.get("value") ?? ""]);
  }
  return fields;
}

async function postForm(urlPath: string, cookie: string, fields: [string, string][]): Promise<Hit> {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return hit(urlPath, { method: "POST", body, headers: { Cookie: cookie, Origin: base } });
}

const set = (fields: [string, string][], name: string, value: string) => fields.map(([k, v]) => [k, k === name ? value : v] as [string, string]);

// ---------------------------------------------------------------------------------------------
// Load: readers and a program manager saving milestones

/** A hit without its body when the body tells nothing more: a 200 with no leak in it. */
function slim(h: Hit): Hit {
  return h.status === 200 && !LEAK.test(h.body) ? { ...h, body: "" } : h;
}
/** Past the page cache (lib/server/page-cache.ts): to the database, as an uncached visit goes. */
const UNCACHED: RequestInit = { headers: { Cookie: BYPASS_COOKIE } };

type Readers = { hits: Hit[]; stop(): Promise<void> };

/**
 * Closed-loop readers. A page that came back whole (200, nothing leaked) keeps no body: answers
 * from the page cache take well under a millisecond, and keeping each 150 KB body ran the drills
 * process out of memory within a minute.
 */
function startReaders(clients: number, pages = PAGES, init: RequestInit = {}): Readers {
  const hits: Hit[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, i) => {
    for (let n = i; running; n++) hits.push(slim(await hit(pages[n % pages.length]!, init)));
  });
  return { hits, stop: async () => { running = false; await Promise.all(loops); } };
}

type Save = { token: string; start: number; end: number; outcome: "confirmed" | "refused"; detail: string };
type Saver = { saves: Save[]; pageFailures: number; stop(): Promise<void> };

const PROGRESS_SAVED = "진행 상황을 저장했습니다";
const PROJECT_SAVED = "과제 정보를 저장했습니다";
/**
 * What the form told the user (components/workspace/form-parts.tsx FormMessage): the text of its
 * role="status" (success) or role="alert" (refusal) line. Not a search of the whole page: the
 * page's message catalogue for the client carries every message text.
 */
function formMessage(body: string): { ok: boolean; text: string } | null {
  const m = /<div class="callout callout--(info|danger)" role="(status|alert)"><p>([^<]*)<\/p>/.exec(body);
  return m ? { ok: m[2] === "status", text: m[3]! } : null;
}
const confirms = (answer: Hit, text: string) => answer.status === 200 && formMessage(answer.body)?.ok === true && formMessage(answer.body)!.text.includes(text);

/** The program manager's "My milestones" page: saves progress (evidence = a unique token) in a loop. */
function startMilestoneSaver(cookie: string, label: string): Saver {
  const saves: Save[] = [];
  let pageFailures = 0;
  let running = true;
  const loop = (async () => {
    // Like a user: the form as last shown (a refused save leaves it as it was), saved again and again.
    let fields: [string, string][] | null = null;
    for (let n = 0; running; n++) {
      if (!fields) {
        const page = await hit("/ko/manage/milestones", { headers: { Cookie: cookie } });
        fields = page.status === 200 ? formFields(page.body, 'name="evidence"') : null;
        if (!fields) {
          pageFailures++;
          await sleep(250);
          continue;
        }
      }
      const token = `drill-${label}-${RUN}-${n}`;
      const start = now();
      const answer = await postForm("/ko/manage/milestones", cookie, set(fields, "evidence", token));
      const confirmed = confirms(answer, PROGRESS_SAVED);
      saves.push({ token, start, end: now(), outcome: confirmed ? "confirmed" : "refused", detail: confirmed ? "" : `${answer.status || answer.error} ${formMessage(answer.body)?.text ?? ""}` });
      // After a confirmed save the answer carries the form with the new version.
      if (confirmed) fields = formFields(answer.body, 'name="evidence"');
      await sleep(100);
    }
  })();
  return { saves, get pageFailures() { return pageFailures; }, stop: async () => { running = false; await loop; } };
}

/** Which of the tokens are in the audit trail (a milestone update whose change records it). */
async function tokensInDatabase(ownerUrl: string, label: string): Promise<Set<string>> {
  const client = await connect(ownerUrl);
  try {
    const { rows } = await client.query<{ after: string }>(`SELECT "after"::text AS after FROM audit_log WHERE action = 'milestone.update' AND "after"::text LIKE $1`, [`%drill-${label}-${RUN}-%`]);
    const { rows: current } = await client.query<{ e: string }>(`SELECT evidence_ko AS e FROM milestone WHERE evidence_ko LIKE $1`, [`drill-${label}-${RUN}-%`]).catch(() => ({ rows: [] as { e: string }[] }));
    const found = new Set<string>();
    for (const r of [...rows.map((x) => x.after), ...current.map((x) => x.e)]) for (const m of r.matchAll(new RegExp(`drill-${label}-${RUN}-\\d+`, "g"))) found.add(m[0]);
    return found;
  } finally {
    await client.end();
  }
}

function savesFigure(saves: Save[], found: Set<string>) {
  const confirmed = saves.filter((s) => s.outcome === "confirmed");
  const refused = saves.filter((s) => s.outcome === "refused");
  const confirmedFound = confirmed.filter((s) => found.has(s.token)).length;
  const refusedFound = refused.filter((s) => found.has(s.token)).length;
  return { confirmed: confirmed.length, confirmedFound, refused: refused.length, refusedFound, ok: confirmedFound === confirmed.length && refusedFound === 0 };
}

/** How the refused saves were refused: the friendly 503 page, or the form's own message. */
function refusedHow(saves: Save[]): string {
  const refused = saves.filter((x) => x.outcome === "refused");
  const page = refused.filter((x) => x.detail.startsWith("503")).length;
  const message = refused.filter((x) => x.detail.includes("데이터베이스에 잠시 연결할 수 없어")).length;
  return `${page} by the 503 page, ${message} by the form's "not saved" message, ${refused.length - page - message} otherwise`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function statusCounts(hits: Hit[]): string {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(String(h.status || h.error), (counts.get(String(h.status || h.error)) ?? 0) + 1);
  return [...counts.entries()].sort().map(([k, v]) => `${v}×${k}`).join(", ");
}

const isFriendly503 = (h: Hit) => h.status === 503 && h.body.includes("서비스를 잠시 이용할 수 없습니다") && h.body.includes("briefly unavailable") && !LEAK.test(h.body);

type Row = { drill: string; ok: boolean; figure: string };
const rows: Row[] = [];

// ---------------------------------------------------------------------------------------------
// 1. Database restart under load

async function drillDatabaseRestart(stack: Stack): Promise<void> {
  const outageMs = Number(values["outage-seconds"]) * 1000;
  const cookie = await signIn("PROGRAM_MANAGER");
  for (const p of PAGES) await hit(p);
  const readers = startReaders(8);
  const saver = startMilestoneSaver(cookie, "restart");
  await sleep(5_000);
  const stopAt = now();
  await stack.command("pg-stop");
  const stoppedAt = now();
  await sleep(outageMs / 2);
  const readyz = await hit("/readyz");
  const readyDuring = `${readyz.status} ${readyz.body.slice(0, 60)}`;
  await sleep(outageMs / 2);
  const startAt = now();
  await stack.command("pg-start");
  const backAt = now();
  await sleep(10_000);
  await saver.stop();
  await readers.stop();

  const during = readers.hits.filter((h) => h.start >= stoppedAt && h.end <= startAt);
  // A page the app can answer from its cache (public statistics) may still answer 200.
  const duringBad = during.filter((h) => h.status !== 200 && !isFriendly503(h));
  const leaks = readers.hits.filter((h) => LEAK.test(h.body)).length;
  const afterFailures = readers.hits.filter((h) => h.start >= backAt && h.status !== 200);
  const recoveredMs = afterFailures.length ? Math.max(...afterFailures.map((h) => h.end)) - backAt : Math.min(...readers.hits.filter((h) => h.start >= backAt).map((h) => h.end)) - backAt;
  for (const h of afterFailures) console.log(`  after the database returned: ${h.path} ${h.status || h.error} started +${seconds(h.start - backAt)} s, ended +${seconds(h.end - backAt)} s`);
  const lateFailures = readers.hits.filter((h) => h.start >= backAt + 5_000 && h.status !== 200).length;
  const found = await tokensInDatabase(stack.ready.ownerUrl, "restart");
  const s = savesFigure(saver.saves, found);
  for (const save of saver.saves) {
    const at = (t: number) => `${t < stoppedAt ? "before" : t < backAt ? "during" : "after"} the outage (${seconds(t - stopAt)} s)`;
    if ((save.outcome === "confirmed") !== found.has(save.token)) console.log(`  save ${save.token}: ${save.outcome} ${save.detail}, ${found.has(save.token) ? "" : "not "}in the database; sent ${at(save.start)}, answered ${at(save.end)}`);
  }
  const ok = during.length > 0 && duringBad.length === 0 && leaks === 0 && recoveredMs <= 5_000 && lateFailures === 0 && s.ok && s.confirmed > 0;
  rows.push({
    drill: "1. Database restart under load (8 readers + 1 program manager saving)",
    ok,
    figure:
      `readiness /readyz answered 503 during the outage: ${readyDuring}; ` +
      `PostgreSQL down ${seconds(startAt - stopAt)} s (stop ${seconds(stoppedAt - stopAt)} s, start ${seconds(backAt - startAt)} s); ` +
      `during the outage ${during.length} page answers: ${statusCounts(during)}, ${duringBad.length} neither 200 nor the friendly 503 (503s without stack trace: ${during.filter(isFriendly503).length}); ` +
      `all answers 200 again ${seconds(recoveredMs)} s after the database was back (no app restart), ${lateFailures} failures later; ` +
      `pages overall ${statusCounts(readers.hits)}, ${leaks} with a stack trace; ` +
      `saves: ${s.confirmed} confirmed → ${s.confirmedFound} in the database; ${s.refused} refused (${refusedHow(saver.saves)}) → ${s.refusedFound} in the database`,
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Graceful shutdown

function pgLogSize(): number {
  return existsSync(PG_LOG) ? statSync(PG_LOG).size : 0;
}
function pgLogSince(offset: number): string {
  return existsSync(PG_LOG) ? readFileSync(PG_LOG).subarray(offset).toString("utf8") : "";
}

async function drillGracefulShutdown(stack: Stack): Promise<Stack> {
  for (const p of PAGES) await hit(p);
  // Requests in flight for ~3 s: a lock on the project table holds their queries.
  const locker = await connect(stack.ready.ownerUrl);
  await locker.query("BEGIN");
  await locker.query("LOCK TABLE project IN ACCESS EXCLUSIVE MODE");
  const inFlight = Array.from({ length: 8 }, (_, i) => hit(PAGES[i % 2]!));
  // In flight means inside the app: wait until their queries queue up behind the lock.
  let waiting = 0;
  // Within lock_timeout (5 s): the lock goes about 4 s after it was taken.
  for (let i = 0, stable = 0; i < 20 && stable < 5 && waiting < 8; i++) {
    await sleep(100);
    const { rows: [r] } = await locker.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
    stable = (r?.n ?? 0) === waiting && waiting > 0 ? stable + 1 : 0;
    waiting = r?.n ?? 0;
  }
  const logOffset = pgLogSize();
  const termAt = now();
  stack.child.kill("SIGTERM");
  await sleep(500);
  const refused = await Promise.all(Array.from({ length: 4 }, () => hit("/ko")));
  await sleep(500);
  await locker.query("COMMIT").catch(() => {});
  await locker.end().catch(() => {});
  const finished = await Promise.all(inFlight);
  const exit = await stack.exited;
  const exitMs = exit.at - termAt;
  const shutdownLog = pgLogSince(logOffset);
  const cleanStop = /database system is shut down/.test(shutdownLog);

  // Start again: PostgreSQL must not need recovery.
  const restartOffset = pgLogSize();
  const next = await startStack();
  const startLog = pgLogSince(restartOffset);
  const recovery = /not properly shut down|automatic recovery in progress|redo starts at/.test(startLog);
  const completed = finished.filter((h) => h.status === 200).length;
  const refusedCount = refused.filter((h) => h.status === 0 || h.status === 503).length;
  rows.push({
    drill: "2. Graceful shutdown (SIGTERM to the npm start process, 8 requests in flight)",
    // Exit code 143 (128 + SIGTERM) is how async-exit-hook ends the owner process on SIGTERM.
    ok: completed === finished.length && refusedCount === refused.length && exitMs <= 10_000 && (exit.code === 0 || exit.code === 143) && cleanStop && !recovery,
    figure:
      `in flight (${waiting} queries waiting on a lock): ${completed}/${finished.length} completed with 200 (${statusCounts(finished)}) (longest ${seconds(Math.max(...finished.map((h) => h.end - h.start)))} s); ` +
      `new requests after SIGTERM: ${refusedCount}/${refused.length} refused (${statusCounts(refused)}); ` +
      `process exited ${seconds(exitMs)} s after SIGTERM (code ${exit.code}); PostgreSQL log: ${cleanStop ? "\"database system is shut down\"" : "no clean shutdown line"}, ` +
      `next start ${recovery ? "RAN RECOVERY" : "without recovery"}`,
  });
  return next;
}

// ---------------------------------------------------------------------------------------------
// 3. Backup and restore while written to

function runNpm(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => { output += d.toString(); });
    child.stderr.on("data", (d: Buffer) => { output += d.toString(); });
    child.on("exit", (code) => resolve({ code, output: output.trim() }));
  });
}

type TableSum = { count: number; sum: string };

async function tableSums(url: string, where: (table: string) => string = () => ""): Promise<Map<string, TableSum>> {
  const client = await connect(url);
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const sums = new Map<string, TableSum>();
    for (const { name } of tables) {
      // The content checksum: md5 of every row's text form, in a fixed order; computed in SQL.
      const { rows: [r] } = await client.query<{ count: string; sum: string | null }>(
        `SELECT count(*)::text AS count, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM "${name}" t ${where(name)}`,
      );
      sums.set(name, { count: Number(r?.count ?? 0), sum: r?.sum ?? "" });
    }
    return sums;
  } finally {
    await client.end();
  }
}

async function drillBackupRestore(stack: Stack): Promise<void> {
  const cookie = await signIn("PROGRAM_MANAGER");
  mkdirSync(DRILL_DIR, { recursive: true });
  const file = path.join(DRILL_DIR, "drill.keitbackup.gz");
  rmSync(file, { force: true });
  const saver = startMilestoneSaver(cookie, "backup");
  await sleep(2_000);
  const backupStart = now();
  const backup = await runNpm(["db:backup", "--", "--out", file], { DATABASE_URL: stack.ready.ownerUrl });
  const backupMs = now() - backupStart;
  await sleep(1_000);
  await saver.stop();
  const savesDuring = saver.saves.filter((s) => s.outcome === "confirmed" && s.end >= backupStart && s.start <= backupStart + backupMs).length;
  if (backup.code !== 0) {
    rows.push({ drill: "3. Backup and restore while written to", ok: false, figure: `db:backup failed: ${backup.output.slice(-300)}` });
    return;
  }
  // Restore into a new, empty database on the same server.
  const restoreName = "keit_drills_restore";
  const admin = await connect(stack.ready.serverUrl);
  await admin.query(`DROP DATABASE IF EXISTS ${restoreName} WITH (FORCE)`);
  await admin.end();
  const restoreUrl = stack.ready.serverUrl.replace(/\/postgres$/, `/${restoreName}`);
  const restoreStart = now();
  const restore = await runNpm(["db:restore", "--", "--in", file], { DATABASE_URL: restoreUrl });
  const restoreMs = now() - restoreStart;
  const verify = await runNpm(["audit:verify"], { DATABASE_URL: restoreUrl });

  // The backup's own row counts (its END line), the restored database's, and the live database's.
  const lines = gunzipSync(readFileSync(file)).toString("utf8").trimEnd().split("\n");
  const endCounts = (JSON.parse(lines.at(-1)!.replace(/^END /, "")) as { rows: Record<string, number> }).rows;
  const restored = await tableSums(restoreUrl);
  // The live database went on changing after the backup's snapshot: compare it without the rows
  // that the saves after the snapshot touched (known from the audit entries after the restored chain head).
  const head = await connect(restoreUrl);
  const lastSeq = (await head.query<{ s: string | null }>("SELECT max(chain_seq)::text AS s FROM audit_log")).rows[0]?.s ?? "0";
  const lastChange = (await head.query<{ s: string | null }>("SELECT max(id)::text AS s FROM publication_change")).rows[0]?.s ?? "0";
  const restoredHead = (await head.query<{ seq: string; hash: string }>("SELECT seq::text, hash FROM audit_chain_head WHERE id = 1")).rows[0];
  await head.end();
  const live = await connect(stack.ready.ownerUrl);
  const later = (await live.query<{ entity_id: string; project_id: number | null; actor_id: number | null }>(
    `SELECT entity_id, project_id, actor_id FROM audit_log WHERE chain_seq > $1`, [lastSeq],
  )).rows;
  // The chain head in the copy is the live chain's entry at that position (the head moved on since).
  const liveEntry = (await live.query<{ hash: string }>("SELECT hash FROM audit_log WHERE chain_seq = $1", [restoredHead?.seq ?? "0"])).rows[0];
  const headAgrees = restoredHead !== undefined && restoredHead.seq === lastSeq && liveEntry?.hash === restoredHead.hash;
  await live.end();
  const ids = (xs: (string | number | null)[]) => [...new Set(xs.filter((x) => x !== null).map(Number))].join(",") || "NULL";
  const touchedMilestones = ids(later.map((l) => l.entity_id));
  const touchedProjects = ids(later.map((l) => l.project_id));
  const exclusions: Record<string, string> = {
    audit_log: `WHERE chain_seq <= ${Number(lastSeq)} OR chain_seq IS NULL`,
    milestone: `WHERE id NOT IN (${touchedMilestones})`,
    project: `WHERE id NOT IN (${touchedProjects})`,
    publication_change: `WHERE id <= ${Number(lastChange)}`,
    audit_chain_head: "WHERE false",
  };
  const liveSums = await tableSums(stack.ready.ownerUrl, (t) => exclusions[t] ?? "");
  const restoredSums = await tableSums(restoreUrl, (t) => exclusions[t] ?? "");
  let countsMatch = 0;
  const countMismatch: string[] = [];
  for (const [table, s] of restored) {
    const expected = endCounts[`public.${table}`];
    if (expected === undefined || expected === s.count) countsMatch++;
    else countMismatch.push(`${table} ${s.count}≠${expected}`);
  }
  const sumMismatch: string[] = [];
  for (const [table, s] of restoredSums) {
    const l = liveSums.get(table);
    if (!l || l.count !== s.count || l.sum !== s.sum) sumMismatch.push(table);
  }
  const inBackup = Object.keys(endCounts).length;
  rows.push({
    drill: "3. Backup and restore while the program manager saves",
    ok: restore.code === 0 && verify.code === 0 && countMismatch.length === 0 && savesDuring > 0 && sumMismatch.length === 0 && headAgrees,
    figure:
      `db:backup ${seconds(backupMs)} s with ${savesDuring} saves confirmed during it (${later.length} audit entries after its snapshot); ` +
      `db:restore ${seconds(restoreMs)} s (exit ${restore.code}); row counts of ${countsMatch}/${restored.size} public tables equal to the backup's (${inBackup} tables in the file, pg-boss's included)` +
      `${countMismatch.length ? `, differing: ${countMismatch.join(", ")}` : ""}; content checksums (md5 per table, in SQL) equal to the live database at the snapshot: ` +
      `${restoredSums.size - sumMismatch.length}/${restoredSums.size}${sumMismatch.length ? ` (differ: ${sumMismatch.join(", ")})` : ""} ` +
      `(rows written after the snapshot left out of both: ${later.length} audit entries, the milestones and projects they name, newer change-feed rows); ` +
      `audit chain head of the copy = live entry #${restoredHead?.seq}: ${headAgrees ? "yes" : "NO"}; ` +
      `audit:verify on the restored copy: ${verify.code === 0 ? verify.output.split("\n").find((l) => l.startsWith("audit:verify")) ?? "OK" : `FAILED ${verify.output.slice(-200)}`}`,
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Crash during a write

async function drillCrashDuringWrite(stack: Stack): Promise<void> {
  const cookie = await signIn("PROGRAM_MANAGER");
  const dashboard = await hit("/ko/manage/projects", { headers: { Cookie: cookie } });
  const projectId = /\/manage\/projects\/(\d+)/.exec(dashboard.body)?.[1];
  if (!projectId) throw new Error(`The program manager's workspace lists no project (${dashboard.status})`);
  const pagePath = `/ko/manage/projects/${projectId}`;
  const owner = await connect(stack.ready.ownerUrl);
  const titleNow = async () => (await owner.query<{ t: string }>("SELECT title_ko AS t FROM project WHERE id = $1", [projectId])).rows[0]?.t ?? "";
  const auditedTitles = async () => (await owner.query<{ after: string }>(
    `SELECT "after"->>'titleKo' AS after FROM audit_log WHERE action = 'project.update' AND entity_id = $1 AND "after" ? 'titleKo' ORDER BY chain_seq`, [projectId],
  )).rows.map((r) => r.after);
  let webPid = stack.ready.webPid;
  const trials: { killedAfterMs: number; before: string; attempted: string; after: string; audit: string; consistent: boolean }[] = [];
  const original = await titleNow();
  const killWeb = async () => {
    process.kill(webPid, "SIGKILL");
    await sleep(200);
    webPid = (await stack.command("web-restart")) ?? webPid;
    stack.ready.webPid = webPid;
    await waitForServer();
  };

  // A save left alone, timed: the random kills below fall within its usual duration.
  const firstPage = await hit(pagePath, { headers: { Cookie: cookie } });
  const firstFields = formFields(firstPage.body, 'name="titleKo"');
  if (!firstFields) throw new Error(`No project form on ${pagePath} (${firstPage.status})`);
  const baseline = await postForm(pagePath, cookie, set(firstFields, "titleKo", `${original.replace(/ \[drill.*\]$/, "")} [drill ${RUN}-base]`));
  const saveMs = baseline.end - baseline.start;
  if (!confirms(baseline, PROJECT_SAVED)) throw new Error(`The timed project save was not confirmed (${baseline.status})`);
  let holding = 0;

  // (a) Killed for certain mid-transaction: the save has updated the project and waits to append
  // its audit entry, because this session holds the audit chain's head.
  // (b) Killed at random moments of a save.
  for (let trial = 0; trial < 6; trial++) {
    const page = await hit(pagePath, { headers: { Cookie: cookie } });
    const fields = formFields(page.body, 'name="titleKo"');
    if (!fields) throw new Error(`No project form on ${pagePath} (${page.status})`);
    const before = await titleNow();
    const attempted = `${original.replace(/ \[drill.*\]$/, "")} [drill ${RUN}-${trial}]`;
    let killedAfterMs = 0;
    if (trial === 0) {
      await owner.query("BEGIN");
      await owner.query("SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE");
      const started = now();
      const pending = postForm(pagePath, cookie, set(fields, "titleKo", attempted));
      for (let i = 0; i < 200; i++) {
        const { rows: waiting } = await owner.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()");
        if (waiting.length) break;
        await sleep(50);
      }
      killedAfterMs = now() - started;
      // The save's transaction has written the project row (it holds its lock) and waits for the chain head.
      holding = (await owner.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'project' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()",
      )).rows[0]?.n ?? 0;
      await killWeb();
      await pending;
      await owner.query("ROLLBACK");
    } else {
      const started = now();
      const pending = postForm(pagePath, cookie, set(fields, "titleKo", attempted));
      await sleep(Math.floor(saveMs * (0.2 + Math.random())));
      killedAfterMs = now() - started;
      await killWeb();
      await pending;
    }
    const after = await titleNow();
    const audit = (await auditedTitles()).at(-1) ?? "";
    // Old or new, never a mix; and the audit trail agrees with what the row says.
    const consistent = (after === before || after === attempted) && (after === before ? audit !== attempted : audit === attempted);
    trials.push({ killedAfterMs, before, attempted, after, audit, consistent });
  }
  // After the crashes the same save goes through.
  const page = await hit(pagePath, { headers: { Cookie: cookie } });
  const fields = formFields(page.body, 'name="titleKo"');
  const finalSave = fields ? await postForm(pagePath, cookie, set(fields, "titleKo", original.replace(/ \[drill.*\]$/, ""))) : null;
  const restoredTitle = await titleNow();
  await owner.end();
  const verify = await runNpm(["audit:verify"], { DATABASE_URL: stack.ready.appUrl });
  const kept = (t: (typeof trials)[number]) => (t.after === t.before ? "old" : "new");
  rows.push({
    drill: "4. Crash (SIGKILL of the web server) during a project save",
    ok: trials.every((t) => t.consistent) && holding > 0 && verify.code === 0 && (finalSave !== null && confirms(finalSave, PROJECT_SAVED)) && restoredTitle === original.replace(/ \[drill.*\]$/, ""),
    figure:
      `a save takes ${saveMs.toFixed(0)} ms; ${trials.length} kills (the first while its transaction held the project row: ${holding > 0 ? "yes" : "NO"}; ${trials.map((t, i) => `${i === 0 ? "mid-transaction" : "random"} after ${t.killedAfterMs.toFixed(0)} ms → ${kept(t)}`).join("; ")}); ` +
      `mixed rows: ${trials.filter((t) => !t.consistent).length}; audit agrees with the row in ${trials.filter((t) => t.consistent).length}/${trials.length}; ` +
      `save after restart: ${finalSave && confirms(finalSave, PROJECT_SAVED) ? "confirmed" : finalSave?.status ?? "no form"}; audit:verify ${verify.code === 0 ? "OK" : "FAILED"}`,
  });
}

// ---------------------------------------------------------------------------------------------
// 5. Slow database

async function drillSlowDatabase(stack: Stack): Promise<void> {
  const slowMs = Number(values["slow-seconds"]) * 1000;
  // The web server's defaults (scripts/next-server.ts) unless set.
  const connectMs = Number(process.env.DATABASE_CONNECT_TIMEOUT_MS || 5000);
  const lockMs = Number(process.env.DATABASE_LOCK_TIMEOUT_MS || 5000);
  // The pages are requested past the page cache (UNCACHED): a cached page never waits for the
  // database, and this drill is about the requests that do.
  for (const p of PAGES) await hit(p, UNCACHED);
  const baseline = rssOf(stack.ready.webPid);
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, rssOf(stack.ready.webPid)); }, 200);
  const locker = await connect(stack.ready.ownerUrl);
  await locker.query("BEGIN");
  // Another session holds the project table: every query on it waits (as behind a long migration
  // or a runaway report), adding unbounded latency instead of 2 s.
  await locker.query("LOCK TABLE project IN ACCESS EXCLUSIVE MODE");
  const lockedAt = now();
  const readers = startReaders(8, PAGES, UNCACHED);
  // Plus an open-loop arrival of 4 requests a second (about what this 2-core machine renders),
  // which without bounds would pile up behind the lock for as long as it is held.
  const arrivals: Promise<Hit>[] = [];
  const arrival = setInterval(() => arrivals.push(hit(PAGES[arrivals.length % PAGES.length]!, UNCACHED).then(slim)), 250);
  await sleep(slowMs);
  clearInterval(arrival);
  await locker.query("COMMIT");
  await locker.end();
  const releasedAt = now();
  await sleep(8_000);
  await readers.stop();
  const arrived = await Promise.all(arrivals);
  clearInterval(sampler);
  const all = [...readers.hits, ...arrived];
  const slow = all.filter((h) => h.start >= lockedAt && h.start < releasedAt);
  const times = slow.map((h) => h.end - h.start);
  const unfriendly = slow.filter((h) => h.status !== 200 && !isFriendly503(h)).length;
  const after = all.filter((h) => h.start >= releasedAt + 1_000);
  const max = Math.max(...times);
  rows.push({
    drill: `5. Slow database (project table locked by another session for ${seconds(slowMs)} s; 8 clients + 4 req/s)`,
    // The bound: a page may wait for a pooled connection and then for the lock, twice over (two
    // queries one after the other); it is independent of how long the lock is held (30 s by default).
    ok: max <= 2 * (connectMs + lockMs) && max < slowMs && unfriendly === 0 && after.length > 0 && after.every((h) => h.status === 200),
    figure:
      `${slow.length} requests while locked: ${statusCounts(slow)}; response time p50 ${seconds(percentile(times, 50))} s, p95 ${seconds(percentile(times, 95))} s, max ${seconds(max)} s ` +
      `(bound ${seconds(2 * (connectMs + lockMs))} s = 2 × (pool wait ${connectMs} ms + lock_timeout ${lockMs} ms), well under the ${seconds(slowMs)} s the lock is held; statement_timeout ${process.env.DATABASE_STATEMENT_TIMEOUT_MS || 15000} ms); ` +
      `non-200 answers that are not the friendly 503: ${unfriendly}; web server memory ${(baseline / 1e6).toFixed(0)} MB → peak ${(peak / 1e6).toFixed(0)} MB; ` +
      `after the lock was released: ${statusCounts(after)}`,
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!hasProductionBuild()) {
    console.log("Building the app ...");
    buildApp();
  }
  console.log(`Fault drills ${[...only].join(", ")} on ${base} (run ${RUN}); the app's logs: ${path.relative(ROOT, DRILL_DIR)}/web.log, PostgreSQL's: ${path.relative(ROOT, PG_LOG)}`);
  let stack = await startStack();
  try {
    const drills: [number, (s: Stack) => Promise<Stack | void>][] = [
      [1, drillDatabaseRestart], [2, drillGracefulShutdown], [3, drillBackupRestore], [4, drillCrashDuringWrite], [5, drillSlowDatabase],
    ];
    for (const [n, drill] of drills) {
      if (!only.has(n)) continue;
      console.log(`drill ${n} ...`);
      const started = now();
      try {
        stack = (await drill(stack)) ?? stack;
      } catch (error) {
        rows.push({ drill: `${n}. (did not complete)`, ok: false, figure: error instanceof Error ? error.message : String(error) });
      }
      console.log(`drill ${n} done in ${seconds(now() - started)} s`);
    }
  } finally {
    await stopStack(stack);
  }
  console.log("\n| drill | result | figures |");
  console.log("| --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.drill} | ${r.ok ? "PASS" : "FAIL"} | ${r.figure.replace(/\|/g, "\\|")} |`);
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
