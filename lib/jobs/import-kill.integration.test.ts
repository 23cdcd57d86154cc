import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import ExcelJS from "@/lib/import/excel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createImportRecord, getImport, requestApply, retryImport } from "@/lib/data/imports";
import { runDryRun } from "@/lib/data/import-runs";
import { stopJobsClient } from "@/lib/jobs/client";
import type { Actor } from "@/lib/permissions";
import { makeActor } from "@/lib/testing/factories";
import { resetDatabase } from "@/lib/testing/reset-database";

// A worker killed (SIGKILL, a real child process) in the middle of applying an import leaves the
// database as it was; the import can be retried and then applies completely.

const ROOT = path.resolve(import.meta.dirname, "../..");
const PROJECTS = 4_000;
let pm: Actor;
const children: ChildProcess[] = [];

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts", "worker.ts")], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL }, stdio: "ignore",
  });
  children.push(child);
  return child;
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function snapshot() {
  const [projects, milestones, audit, identifiers] = await Promise.all([db().project.count(), db().milestone.count(), db().auditLog.count(), db().projectIdentifier.count()]);
  return { projects, milestones, audit, identifiers };
}

beforeAll(async () => {
  await resetDatabase();
  const program = await db().program.create({ data: { code: "kill", nameKo: "중단 시험 사업", ministryKo: "산업통상자원부", agencyKo: "한국산업기술기획평가원", kind: "OTHER" }, select: { id: true } });
  pm = await makeActor({ email: "pm@kill.example", name: "pm", role: "PROGRAM_MANAGER", programIds: [program.id] });
}, 120_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  await stopJobsClient();
});

describe("a killed worker", () => {
  it("leaves nothing half-written, and the import can be retried", async () => {
    const wb = new ExcelJS.Workbook();
    const projects = wb.addWorksheet("과제");
    projects.addRow(["과제번호", "과제명", "사업", "시작", "종료", "상태"]);
    for (let i = 1; i <= PROJECTS; i++) projects.addRow([`K-${i}`, `중단 시험 과제 ${i}`, "kill", "2022.1", "2024.12", "ACTIVE"]);
    const milestones = wb.addWorksheet("성과목표");
    milestones.addRow(["과제번호", "성과명", "기한"]);
    for (let i = 1; i <= PROJECTS; i++) for (let m = 1; m <= 3; m++) milestones.addRow([`K-${i}`, `성과 ${m}`, `2023.${m + 1}`]);
    const data = Buffer.from(await wb.xlsx.writeBuffer());

    const { id } = await createImportRecord(pm, { fileName: "kill.xlsx", data, publish: false });
    expect(await runDryRun(id)).toMatchObject({ status: "READY", created: PROJECTS });
    const before = await snapshot();

    const worker = startWorkerProcess();
    await requestApply(pm, id);
    // Wait until the apply has written its first batch inside its transaction, then kill -9.
    await until(async () => {
      const r = await db().importRecord.findUniqueOrThrow({ where: { id }, select: { status: true, progressDone: true } });
      return r.status === "APPLYING" && r.progressDone > 0;
    }, 90_000, "the apply to start writing");
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));

    // The open transaction died with the connection: nothing of it is visible.
    await until(async () => (await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name <> 'keit-jobs' AND state = 'idle in transaction'`)[0]!.n === 0, 10_000, "the dead transaction to end");
    expect(await snapshot()).toEqual(before);
    expect((await getImport(pm, id)).status).toBe("APPLYING");

    // Retried (the worker is gone: its progress is stale), a new worker applies it completely.
    await retryImport(pm, id, { staleAfterMs: 0 });
    startWorkerProcess();
    const done = await until(async () => {
      const r = await getImport(pm, id);
      return ["APPLIED", "FAILED"].includes(r.status) ? r : null;
    }, 120_000, "the retried apply");
    expect(done.failure).toBeNull();
    expect(done).toMatchObject({ status: "APPLIED", created: PROJECTS });
    const after = await snapshot();
    expect(after.projects - before.projects).toBe(PROJECTS);
    expect(after.milestones - before.milestones).toBe(PROJECTS * 3);
  }, 240_000);
});
