import ExcelJS from "@/lib/import/excel";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { recordSpending } from "@/lib/data/grants/spending";
import { createImportRecord } from "@/lib/data/imports";
import { runApply, runDryRun } from "@/lib/data/import-runs";
import { templateWorkbook } from "@/lib/import/template-file";
import type { Actor } from "@/lib/permissions";
import { resetDatabase } from "@/lib/testing/reset-database";
import { xlsx } from "@/lib/testing/xlsx";

// The spending sheet of an import (집행 실적, issue 14) against a real PostgreSQL: matched to the
// recorded agreements, checked by recordSpending's rules, written with the import's audit rows,
// and a no-op the second time.


let admin: Actor;
let pm: Actor;
let otherPm: Actor;
let mine: number;

async function user(email: string, role: Actor["role"], programIds: number[]): Promise<Actor> {
  const u = await db().user.create({
    data: { email, name: email.split("@")[0]!, passwordHash: "x", role, programs: { create: programIds.map((programId) => ({ programId })) } },
    select: { id: true, email: true, name: true },
  });
  return { ...u, role, programIds, managesUnassignedProjects: false, ip: null };
}

async function importFile(actor: Actor, fileName: string, data: Buffer) {
  const { id } = await createImportRecord(actor, { fileName, data, publish: false });
  const dry = await runDryRun(id);
  if (dry.status !== "READY") return { id, dry, applied: null };
  await db().importRecord.update({ where: { id }, data: { status: "APPLY_QUEUED" } });
  return { id, dry, applied: await runApply(id) };
}

const KEY = "RS-2021-SP01";
const spendingHeaders = ["과제번호", "기관", "연도", "분기", "비목", "집행액"];
const project = () => db().project.findFirstOrThrow({ where: { identifiers: { some: { scheme: "AGENCY", value: KEY } } }, select: { id: true, version: true } });
const spendingRows = async () => (await db().spending.findMany({
  select: { amountWon: true, periodStart: true, periodEnd: true, costCategory: { select: { code: true } }, institution: { select: { nameKo: true } } },
  orderBy: [{ costCategoryId: "asc" }, { periodStart: "asc" }],
})).map((s) => ({ code: s.costCategory.code, institution: s.institution.nameKo, amount: s.amountWon, from: s.periodStart.toISOString().slice(0, 10), to: s.periodEnd.toISOString().slice(0, 10) }));

beforeAll(async () => {
  await resetDatabase();
  mine = (await db().program.create({
    data: { code: "mobility", nameKo: "미래차 기술개발", ministryKo: "산업통상자원부", agencyKo: "한국산업기술기획평가원", kind: "INDUSTRIAL_TECHNOLOGY" }, select: { id: true },
  })).id;
  const others = (await db().program.create({
    data: { code: "bio", nameKo: "바이오 기술개발", ministryKo: "산업통상자원부", agencyKo: "한국산업기술기획평가원", kind: "INDUSTRIAL_TECHNOLOGY" }, select: { id: true },
  })).id;
  admin = await user("admin@spending.example", "ADMIN", []);
  pm = await user("pm@spending.example", "PROGRAM_MANAGER", [mine]);
  otherPm = await user("other@spending.example", "PROGRAM_MANAGER", [others]);
  // The project with its 2021 agreement: only 현대로템 has an award under it.
  const setup = await importFile(pm, "project.xlsx", await xlsx([
    { name: "과제", rows: [["과제번호", "과제명", "사업", "시작", "종료", "상태"], [KEY, "수소전기트램 개발", "mobility", "2021.1", "2023.12", "수행 중"]] },
    { name: "참여기관", rows: [["과제번호", "기관명", "역할", "기관유형"], [KEY, "㈜현대로템", "주관", "대기업"], [KEY, "한국철도기술연구원", "공동", "출연(연)·연구기관"]] },
    { name: "연구비", rows: [["과제번호", "단계", "연도", "기관", "정부출연금", "협약번호"], [KEY, 1, 2021, "현대로템", "10억", "AG-2021-1"]] },
  ]));
  expect(setup.dry.errors).toEqual([]);
  expect(setup.applied?.status).toBe("APPLIED");
}, 120_000);

describe("import: spending (집행 실적)", () => {
  it("the template has the spending sheet with Korean headers", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await templateWorkbook() as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("집행실적");
    expect(sheet).toBeDefined();
    expect((sheet!.getRow(1).values as unknown[]).slice(1)).toEqual(["과제번호", "세부과제번호", "기관", "연도", "단계", "분기", "월", "비목", "집행액"]);
  });

  it("reports unknown categories, institutions outside the agreement and inexact amounts per row, and writes nothing", async () => {
    const versionBefore = (await project()).version;
    const auditBefore = await db().auditLog.count();
    const { dry, applied } = await importFile(pm, "spending.xlsx", await xlsx([{ name: "집행실적", rows: [spendingHeaders,
      [KEY, "현대로템", 2021, 1, "인건비", "1억"],
      [KEY, "현대로템", 2021, 1, "식대", "100,000"],
      [KEY, "한국철도기술연구원", 2021, 1, "인건비", "5,000만"],
      [KEY, "현대로템", 2021, 2, "연구재료비", "38.912345억"],
      [KEY, "현대로템", 2021, 2, "연구장비·재료비", "1000"],
      [KEY, "현대로템", 2030, 2, "인건비", "1000"],
      ["RS-NONE", "현대로템", 2021, 2, "인건비", "1000"],
    ] }]));
    expect(dry.status).toBe("INVALID");
    expect(applied).toBeNull();
    expect(dry.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [5, "집행액", "amountInexact"],
      [3, "비목", "costCategoryUnknown"],
      [4, "기관", "institutionNotAwarded"],
      [6, "비목", "costCategoryNotInForce"],
      [7, "연도", "spendingAgreementUnknown"],
      [8, "과제번호", "projectUnknown"],
    ]);
    expect(await db().spending.count()).toBe(0);
    expect((await project()).version).toBe(versionBefore);
    expect(await db().auditLog.count()).toBe(auditBefore);
  });

  it("applies exact won by Korean name, English name and code, audited with the import; the same file again changes nothing", async () => {
    const file = await xlsx([{ name: "집행실적", rows: [spendingHeaders,
      [KEY, "㈜현대로템", 2021, 1, "인건비", "1억 2,345만 6,789원"],
      [KEY, "현대로템", 2021, 1, "Research materials", 50_000_000],
      [KEY, "현대로템", "2021", null, "INDIRECT", "１,０００,０００"],
    ] }]);
    const before = await project();
    const first = await importFile(pm, "spending.xlsx", file);
    expect(first.dry.errors).toEqual([]);
    expect(first.dry.spending).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(first.applied).toMatchObject({ status: "APPLIED", created: 0, updated: 0, spending: { created: 3, updated: 0, unchanged: 0 } });
    expect(await spendingRows()).toEqual([
      { code: "PERSONNEL", institution: "㈜현대로템", amount: 123_456_789n, from: "2021-01-01", to: "2021-03-31" },
      { code: "MATERIALS", institution: "㈜현대로템", amount: 50_000_000n, from: "2021-01-01", to: "2021-03-31" },
      { code: "INDIRECT", institution: "㈜현대로템", amount: 1_000_000n, from: "2021-01-01", to: "2021-12-31" },
    ]);
    expect((await project()).version).toBe(before.version + 1);
    const audit = await db().auditLog.findMany({ where: { importId: first.id }, select: { action: true, entityType: true, projectId: true, before: true, after: true }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["spending.record", "spending.record"]);
    expect(audit[0]).toMatchObject({ entityType: "agreement", projectId: before.id, after: { period: "2021-01-01", amounts: { PERSONNEL: "123456789", MATERIALS: "50000000" } }, before: { amounts: { PERSONNEL: null, MATERIALS: null } } });

    // The import's audit rows, several per statement, continue the hash chain intact (and its head).
    const chain = await verifyAuditChain(process.env.DATABASE_URL!);
    expect(chain.problem).toBeNull();
    expect(chain.head.seq).toBe(String(await db().auditLog.count()));

    const auditCount = await db().auditLog.count();
    const again = await importFile(pm, "spending.xlsx", file);
    expect(again.applied).toMatchObject({ status: "APPLIED", spending: { created: 0, updated: 0, unchanged: 3 } });
    expect(await db().auditLog.count()).toBe(auditCount);
    expect((await project()).version).toBe(before.version + 1);
  });

  it("reads a CSV of the spending kind with English headers and changes one figure, before → after", async () => {
    const csv = Buffer.from("project number,institution,year,quarter,cost category,amount\n" +
      `${KEY},현대로템,2021,1,Personnel,"130,000,000"\n${KEY},현대로템,2021,1,MATERIALS,50000000\n`);
    const { id, dry, applied } = await importFile(pm, "spending.csv", csv);
    expect(dry.errors).toEqual([]);
    expect(applied).toMatchObject({ status: "APPLIED", spending: { created: 0, updated: 1, unchanged: 1 } });
    expect((await spendingRows())[0]).toMatchObject({ code: "PERSONNEL", amount: 130_000_000n });
    const [audit] = await db().auditLog.findMany({ where: { importId: id }, select: { before: true, after: true } });
    expect(audit).toMatchObject({ before: { amounts: { PERSONNEL: "123456789" } }, after: { amounts: { PERSONNEL: "130000000" } } });
  });

  it("keeps a program manager to their programmes", async () => {
    const { dry } = await importFile(otherPm, "spending.csv", Buffer.from(`과제번호,기관,연도,비목,집행액\n${KEY},현대로템,2021,인건비,1000\n`));
    expect(dry.errors.map((e) => e.code)).toEqual(["programOutOfScope"]);
  });

  it("refuses spending recorded in the app after the dry run, and applies nothing", async () => {
    const file = Buffer.from(`과제번호,기관,연도,분기,비목,집행액\n${KEY},현대로템,2021,2,인건비,7000\n`);
    const { id } = await createImportRecord(pm, { fileName: "spending.csv", data: file, publish: false });
    expect((await runDryRun(id)).status).toBe("READY");
    const p = await project();
    const agreement = await db().agreement.findFirstOrThrow({ where: { projectId: p.id }, select: { id: true } });
    const institution = await db().institution.findFirstOrThrow({ where: { nameKo: "㈜현대로템" }, select: { id: true } });
    await recordSpending(admin, {
      projectId: p.id, version: p.version, agreementId: agreement.id, institutionId: institution.id,
      periodStart: new Date("2021-04-01T00:00:00Z"), periodEnd: new Date("2021-06-30T00:00:00Z"), rows: [{ costCategoryCode: "ACTIVITY", amountWon: 1n }],
    });
    const count = await db().spending.count();
    await db().importRecord.update({ where: { id }, data: { status: "APPLY_QUEUED" } });
    const applied = await runApply(id);
    expect(applied.status).toBe("FAILED");
    expect(applied.errors.map((e) => e.code)).toEqual(["conflict"]);
    expect(await db().spending.count()).toBe(count);
  });

  it("refuses spending for a project the same file creates", async () => {
    const { dry } = await importFile(pm, "new.xlsx", await xlsx([
      { name: "과제", rows: [["과제번호", "과제명", "사업", "시작", "종료", "상태"], ["RS-NEW-1", "새 과제", "mobility", "2021.1", "2023.12", "수행 중"]] },
      { name: "집행실적", rows: [spendingHeaders, ["RS-NEW-1", "현대로템", 2021, 1, "인건비", "1000"]] },
    ]));
    expect(dry.errors.map((e) => e.code)).toEqual(["spendingProjectNew"]);
  });
});
