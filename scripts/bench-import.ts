// The import scenario of `npm run bench` (also on its own:
// `MALLOC_ARENA_MAX=2 node --max-old-space-size=640 --conditions=react-server --import tsx scripts/bench-import.ts --projects 100000`,
// the job worker's memory settings: scripts/worker-memory.ts).
// Writes a workbook of N projects with 5 milestones each (streamed), imports it into a fresh
// database (dry run, then apply, as the worker does) and reports the time of each step and the
// peak resident memory of this process. Run as its own process so that the peak is the import's.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "@/lib/import/excel";
import pg from "pg";
import { applyMigrations } from "../prisma/migrate";
import { startEmbeddedPostgres } from "../prisma/embedded-postgres";

const { values } = parseArgs({ options: { projects: { type: "string", default: "100000" }, milestones: { type: "string", default: "5" }, json: { type: "boolean", default: false } } });
const projects = Number(values.projects);
const perProject = Number(values.milestones);
const log = (line: string) => { if (!values.json) console.log(`[bench:import] ${line}`); };
const seconds = (ms: number) => Number((ms / 1000).toFixed(1));

async function writeWorkbook(file: string) {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = writer.addWorksheet("과제");
  sheet.addRow(["과제번호", "과제명", "사업", "기술분야", "시작", "종료", "상태"]).commit();
  const areas = ["수소", "인공지능", "이차전지", "첨단 바이오", "반도체·디스플레이"];
  for (let i = 1; i <= projects; i++) {
    sheet.addRow([`BENCH-${String(i).padStart(7, "0")}`, `대용량 가져오기 시험 과제 ${i}`, "bench-import", areas[i % areas.length], `${2020 + (i % 5)}.${(i % 9) + 1}`, `${2026 + (i % 3)}.12`, "수행 중"]).commit();
  }
  sheet.commit();
  const milestones = writer.addWorksheet("성과목표");
  milestones.addRow(["과제번호", "성과명", "유형", "목표치", "단위", "기한", "상태"]).commit();
  for (let i = 1; i <= projects; i++) {
    for (let m = 1; m <= perProject; m++) {
      milestones.addRow([`BENCH-${String(i).padStart(7, "0")}`, `성과 ${m}`, "개발 성과물", String(m * 10), "건", `2025.${m + 2}`, "계획"]).commit();
    }
  }
  milestones.commit();
  await writer.commit();
}

let server: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "keit-bench-import-"));
  const file = path.join(dir, "portfolio.xlsx");
  let started = Date.now();
  log(`Writing a workbook of ${projects.toLocaleString()} projects and ${(projects * perProject).toLocaleString()} milestones ...`);
  await writeWorkbook(file);
  const size = (await stat(file)).size;
  log(`Wrote ${(size / 1024 / 1024).toFixed(1)} MB in ${seconds(Date.now() - started)} s.`);

  let serverUrl = process.env.BENCH_DATABASE_URL;
  server = serverUrl ? null : await startEmbeddedPostgres("bench", log);
  if (server) serverUrl = server.serverUrl;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS "keit_bench_import" WITH (FORCE)');
  await admin.query(`CREATE DATABASE "keit_bench_import" ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = "/keit_bench_import";
  await applyMigrations(url.toString());
  process.env.IMPORT_MAX_UPLOAD_MB = String(Math.max(100, Math.ceil(size / 1024 / 1024) + 1));

  const { db, withDatabase } = await import("@/lib/db");
  const imports = await import("@/lib/data/imports");
  const runs = await import("@/lib/data/import-runs");
  // db() in here, and in the import's data functions, is a client for the benchmark's database.
  await withDatabase(url.toString(), async () => {
    await db().program.create({ data: { code: "bench-import", nameKo: "대용량 가져오기 시험 사업", ministryKo: "산업통상자원부", agencyKo: "한국산업기술기획평가원", kind: "OTHER" } });
    const user = await db().user.create({ data: { email: "bench-import@example.invalid", name: "bench", passwordHash: "x", role: "ADMIN" }, select: { id: true, email: true, name: true } });
    const actor = { ...user, role: "ADMIN" as const, programIds: [], managesUnassignedProjects: false, ip: null };

    const data = await readFile(file);
    const { id } = await imports.createImportRecord(actor, { fileName: "portfolio.xlsx", data, publish: false });
    started = Date.now();
    let cpu = process.cpuUsage();
    const dry = await runs.runDryRun(id);
    const dryMs = Date.now() - started;
    const dryCpu = process.cpuUsage(cpu);
    log(`Dry run: ${seconds(dryMs)} s (created ${dry.created}, errors ${dry.errors.length}).`);
    if (dry.errors.length) throw new Error(`The generated file has errors: ${JSON.stringify(dry.errors.slice(0, 5))}`);
    await db().importRecord.update({ where: { id }, data: { status: "APPLY_QUEUED" } });
    started = Date.now();
    cpu = process.cpuUsage();
    const applied = await runs.runApply(id);
    const applyMs = Date.now() - started;
    const applyCpu = process.cpuUsage(cpu);
    // This process's CPU time (user + system): on a machine shared with other work, wall-clock time
    // says more about the neighbours than about the import.
    const cpuSeconds = (u: NodeJS.CpuUsage) => seconds((u.user + u.system) / 1000);
    log(`Apply: ${seconds(applyMs)} s (${applied.status}, created ${applied.created}).`);
    const counts = { projects: await db().project.count(), milestones: await db().milestone.count() };
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const result = { projects, milestones: projects * perProject, fileMb: Number((size / 1024 / 1024).toFixed(1)), dryRunSeconds: seconds(dryMs), applySeconds: seconds(applyMs), totalSeconds: seconds(dryMs + applyMs), dryRunCpuSeconds: cpuSeconds(dryCpu), applyCpuSeconds: cpuSeconds(applyCpu), loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))), peakRssMb, status: applied.status, counts };
    console.log(values.json ? JSON.stringify(result) : `[bench:import] ${JSON.stringify(result)}`);
  });
  await rm(dir, { recursive: true, force: true });
  await server?.stop();
}

main().catch(async (error: unknown) => {
  console.error(error);
  // process.exit skips embedded-postgres' exit hook: stop a server this run started first.
  await server?.stop().catch(() => undefined);
  process.exit(1);
});
