import ExcelJS from "@/lib/import/excel";
import iconv from "iconv-lite";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cancelImport, createImportRecord, getImport, importErrorsFile, listImports, saveMapping } from "@/lib/data/imports";
import { runApply, runDryRun } from "@/lib/data/import-runs";
import { updateProject, shownProjectValues } from "@/lib/data/workspace-projects";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { makeActor } from "@/lib/testing/factories";
import { resetDatabase } from "@/lib/testing/reset-database";
import { xlsx } from "@/lib/testing/xlsx";

// Imports against a real PostgreSQL: the whole path from a file's bytes to rows, audit and the
// import record (lib/data/imports.ts on lib/import/*), as the worker and the CLI run it.


const PROJECT_HEADERS = ["과제번호", "과제명", "영문과제명", "사업", "기술분야", "연구단계", "시작", "종료", "상태"];

let admin: Actor;
let pm: Actor;
let otherPm: Actor;
let reviewer: Actor;
let mine: number;
let others: number;

async function user(email: string, role: Actor["role"], programIds: number[]): Promise<Actor> {
  return makeActor({ email, role, programIds });
}

beforeAll(async () => {
  await resetDatabase();
  const program = (code: string, nameKo: string) => db().program.create({
    data: { code, nameKo, ministryKo: "산업통상자원부", agencyKo: "한국산업기술기획평가원", kind: "INDUSTRIAL_TECHNOLOGY" }, select: { id: true },
  });
  mine = (await program("mobility", "미래차 기술개발")).id;
  others = (await program("bio", "바이오 기술개발")).id;
  admin = await user("admin@import.example", "ADMIN", []);
  pm = await user("pm@import.example", "PROGRAM_MANAGER", [mine]);
  otherPm = await user("other@import.example", "PROGRAM_MANAGER", [others]);
  reviewer = await user("reviewer@import.example", "REVIEWER", []);
}, 120_000);

async function dryRun(actor: Actor, fileName: string, data: Buffer, publish = false) {
  const { id } = await createImportRecord(actor, { fileName, data, publish });
  return { id, result: await runDryRun(id) };
}
async function importFile(actor: Actor, fileName: string, data: Buffer, publish = false) {
  const { id, result } = await dryRun(actor, fileName, data, publish);
  if (result.status !== "READY") return { id, dry: result, applied: null };
  await db().importRecord.update({ where: { id }, data: { status: "APPLY_QUEUED" } });
  return { id, dry: result, applied: await runApply(id) };
}

async function counts() {
  const [projects, milestones, funding, audit, institutions] = await Promise.all([
    db().project.count(), db().milestone.count(), db().fundingLine.count(), db().auditLog.count({ where: { outcome: "SUCCESS" } }), db().institution.count(),
  ]);
  return { projects, milestones, funding, audit, institutions };
}

function baseWorkbook(overrides: { title?: string; amount?: unknown } = {}) {
  return xlsx([
    { name: "과제", rows: [PROJECT_HEADERS,
      ["RS-2024-0001", overrides.title ?? "수소전기트램 개발", "Hydrogen tram", "mobility", "수소", "개발연구", "2021.7", "2025년 12월", "수행 중"],
      ["RS-2024-0002", "차량용 SoC", null, "미래차 기술개발", "SEMICONDUCTOR_DISPLAY", null, 44378, "2026-06", "ACTIVE"],
    ] },
    { name: "참여기관", rows: [["과제번호", "기관명", "역할", "기관유형"],
      ["RS-2024-0001", "㈜현대로템", "주관", "대기업"],
      ["RS-2024-0001", "한국철도기술연구원", "공동", "출연(연)·연구기관"],
      ["RS-2024-0002", "넥스트칩", "LEAD", "SME"],
    ] },
    { name: "연구비", rows: [["과제번호", "단계", "연도", "기관", "정부출연금", "민간부담금 현금", "민간부담금 현물", "협약번호", "협약일"],
      ["RS-2024-0001", 1, 2021, "현대로템", overrides.amount ?? "38억 9,100만 원", "3,891,000,000", "38.91억", "AG-2021-1", "2021.7.1"],
      ["RS-2024-0001", 1, 2022, null, 1200000000, "１２억", null, null, null],
    ] },
    { name: "성과목표", rows: [["과제번호", "성과명", "유형", "목표치", "단위", "기한", "상태"],
      ["RS-2024-0001", "시제차량 제작", "개발 성과물", "1", "대", "2024.10", "진행 중"],
      ["RS-2024-0001", "주행시험", "시험·실증", "1000.5", "km", "2025", "계획"],
    ] },
  ]);
}

describe("import: values, dry run and apply", () => {
  it("parses every value form exactly, creates drafts with their rows, audit and record, and reports new flags", async () => {
    const before = await counts();
    const { id, dry, applied } = await importFile(pm, "portfolio.xlsx", await baseWorkbook());
    expect(dry.errors, JSON.stringify(dry.errors)).toEqual([]);
    expect(dry).toMatchObject({ status: "READY", created: 2, updated: 0, unchanged: 0 });
    expect(applied).toMatchObject({ status: "APPLIED", created: 2 });

    const tram = await db().project.findFirstOrThrow({
      where: { identifiers: { some: { scheme: "AGENCY", value: "RS-2024-0001" } } },
      include: { fundingLines: { orderBy: { fiscalYear: "asc" }, include: { institution: true, agreement: true } }, milestones: { orderBy: { sortOrder: "asc" } }, participations: { include: { institution: true } } },
    });
    expect(tram.publication).toBe("DRAFT");
    expect(tram.programId).toBe(mine);
    expect(tram.area).toBe("HYDROGEN");
    expect(tram.researchStage).toBe("DEVELOPMENT");
    expect(tram.periodStart.toISOString().slice(0, 10)).toBe("2021-07-01");
    expect(tram.periodEnd.toISOString().slice(0, 10)).toBe("2025-12-01");
    expect(tram.fundingLines[0]).toMatchObject({ governmentWon: 3_891_000_000n, privateCashWon: 3_891_000_000n, privateInKindWon: 3_891_000_000n, stage: 1, fiscalYear: 2021 });
    expect(tram.fundingLines[0]!.institution?.nameKo).toBe("㈜현대로템");
    expect(tram.fundingLines[0]!.agreement).toMatchObject({ agreementNumber: "AG-2021-1" });
    expect(tram.fundingLines[0]!.agreement!.signedOn!.toISOString().slice(0, 10)).toBe("2021-07-01");
    expect(tram.fundingLines[1]).toMatchObject({ governmentWon: 1_200_000_000n, privateCashWon: 1_200_000_000n, privateInKindWon: null });
    expect(tram.governmentTotalWon).toBe(5_091_000_000n);
    expect(tram.milestones.map((m) => [m.titleKo, m.kind, m.status, m.duePrecision, m.targetValue?.toString()])).toEqual([
      ["시제차량 제작", "DELIVERABLE", "IN_PROGRESS", "MONTH", "1"],
      ["주행시험", "TEST_DEMONSTRATION", "PLANNED", "YEAR", "1000.5"],
    ]);
    expect(tram.searchText).toContain("현대로템");
    const soc = await db().project.findFirstOrThrow({ where: { identifiers: { some: { value: "RS-2024-0002" } } } });
    expect(soc.periodStart.toISOString().slice(0, 7)).toBe("2021-07"); // Excel serial 44378

    const record = await getImport(pm, id);
    expect(record).toMatchObject({ status: "APPLIED", created: 2, updated: 0, unchanged: 0, fileName: "portfolio.xlsx" });
    expect(record.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await db().auditLog.findMany({ where: { importId: id } });
    expect(audit.filter((a) => a.action === "project.import.create")).toHaveLength(2);
    expect(audit.filter((a) => a.action === "institution.create")).toHaveLength(3);
    expect(audit.every((a) => a.actorId === pm.id)).toBe(true);
    const after = await counts();
    expect(after.projects - before.projects).toBe(2);
    expect((await listImports(pm)).rows.map((r) => r.id)).toContain(id);
    // Exact, not ">= 0" (issue 11): neither imported project raises a data-quality flag today.
    expect(record.report?.newFlags).toEqual([]);
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await counts();
    const { dry, applied } = await importFile(pm, "portfolio.xlsx", await baseWorkbook());
    expect(dry).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(applied).toMatchObject({ status: "APPLIED", created: 0, updated: 0 });
    const after = await counts();
    expect(after).toEqual(before);
  });

  it("a changed file updates only what changed, with before → after in the project's history", async () => {
    const { id, dry, applied } = await importFile(pm, "portfolio-v2.xlsx", await baseWorkbook({ title: "수소전기트램 실증", amount: "39억" }));
    expect(dry).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(applied?.status, (await getImport(pm, id)).failure ?? "").toBe("APPLIED");
    const report = (await getImport(pm, id)).report!;
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]!.changes).toEqual([
      { field: "titleKo", before: "수소전기트램 개발", after: "수소전기트램 실증" },
      { field: "funding", before: 2, after: 2 },
    ]);
    const project = await db().project.findFirstOrThrow({ where: { identifiers: { some: { value: "RS-2024-0001" } } }, select: { id: true, governmentTotalWon: true, version: true } });
    expect(project.governmentTotalWon).toBe(5_100_000_000n);
    const history = await db().auditLog.findMany({ where: { projectId: project.id, importId: id } });
    expect(history).toHaveLength(1);
    expect(history[0]!.action).toBe("project.import.update");
    expect((history[0]!.before as Record<string, unknown>).titleKo).toBe("수소전기트램 개발");
    expect((history[0]!.after as Record<string, unknown>).titleKo).toBe("수소전기트램 실증");
    const funding = history[0]!.after as { funding: { governmentWon: string }[] };
    expect(funding.funding.map((f) => f.governmentWon).sort()).toEqual(["1200000000", "3900000000"]);
  });

  it("refuses a project edited in the app after the dry run, and applies nothing", async () => {
    const { id, result } = await dryRun(pm, "portfolio-v3.xlsx", await baseWorkbook({ title: "세 번째 제목" }));
    expect(result, JSON.stringify(result.errors ?? (await getImport(pm, id)).failure)).toMatchObject({ status: "READY", updated: 1 });
    // Someone edits the project in the workspace meanwhile.
    const project = await db().project.findFirstOrThrow({ where: { identifiers: { some: { value: "RS-2024-0001" } } }, select: { id: true, version: true, slug: true, titleKo: true, titleEn: true, summaryKo: true, summaryEn: true, productKo: true, productEn: true, programId: true, area: true, researchStage: true, periodStart: true, periodEnd: true, publishedDurationMonths: true, publishedSubProjectCount: true, status: true, consortiumIsPartial: true, researchersArePartial: true } });
    await updateProject(pm, { ...project, titleKo: "앱에서 고친 제목", shown: JSON.stringify(shownProjectValues(project)), id: project.id, version: project.version } as never);
    const before = await counts();
    await db().importRecord.update({ where: { id }, data: { status: "APPLY_QUEUED" } });
    const applied = await runApply(id);
    expect(applied.status).toBe("FAILED");
    expect(applied.errors).toEqual([expect.objectContaining({ code: "conflict", params: { key: "RS-2024-0001" }, sheet: "과제", row: 2 })]);
    expect(await counts()).toEqual(before);
    expect((await db().project.findUniqueOrThrow({ where: { id: project.id } })).titleKo).toBe("앱에서 고친 제목");
  });

  it("gives each bad value its row error and writes nothing", async () => {
    const before = await counts();
    const file = await xlsx([
      { name: "과제", rows: [PROJECT_HEADERS,
        ["BAD-1", "금액 오류 과제", null, "mobility", null, null, "2021.7", "2022.6", "ACTIVE"],
        ["BAD-2", null, null, "mobility", null, null, "2021.13", "2022.6", "ACTIVE"],
        ["BAD-3", "기간 오류", null, "mobility", null, null, "2023.1", "2022.6", "ACTIVE"],
        ["BAD-4", "없는 사업", null, "nope", null, null, "2021.7", "2022.6", "ACTIVE"],
        ["BAD-5", "없는 상태", null, "mobility", null, null, "2021.7", "2022.6", "끝남"],
      ] },
      { name: "연구비", rows: [["과제번호", "연도", "정부출연금"], ["BAD-1", 2021, "38.912345억"], ["BAD-1", 2022, "12,34"], ["NOPE-9", 2021, "1억"]] },
    ]);
    const { result } = await dryRun(pm, "bad.xlsx", file);
    expect(result.status).toBe("INVALID");
    const found = result.errors.map((e) => [e.sheet, e.row, e.column, e.code]);
    expect(found).toEqual(expect.arrayContaining([
      ["연구비", 2, "정부출연금", "amountInexact"],
      ["연구비", 3, "정부출연금", "amountInvalid"],
      ["과제", 3, "시작", "dateInvalid"],
      ["과제", 4, "종료", "endBeforeStart"],
      ["과제", 5, "사업", "programUnknown"],
      ["과제", 6, "상태", "enumInvalid"],
      ["연구비", 4, "과제번호", "projectUnknown"],
    ]));
    expect(await counts()).toEqual(before);
    // The errors download is the original workbook with an error column, in the user's language.
    const { id } = await createImportRecord(pm, { fileName: "bad.xlsx", data: file, publish: false });
    await runDryRun(id);
    const download = await importErrorsFile(pm, id, "en");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.data as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("연구비")!;
    expect(sheet.getRow(1).getCell(4).value).toBe("Errors");
    expect(String(sheet.getRow(2).getCell(4).value)).toContain("not exact to the won");
  });

  it("reports malformed workbooks, zip bombs, binary CSVs and overlong cells as file errors", async () => {
    const cases: [string, Buffer, string][] = [
      ["broken.xlsx", Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(100, 1)]), "fileMalformedWorkbook"],
      ["blob.csv", Buffer.concat([Buffer.from("과제번호,과제명\nA,"), Buffer.from([0, 1, 2, 3, 255, 0])]), "fileBinary"],
      ["long.csv", Buffer.from(`과제번호,과제명\nA,${"가".repeat(10 * 1024 * 1024 / 3)}\n`), "fileCellTooLong"],
    ];
    // A zip bomb: a sheet that unpacks to ~50 MB from a few dozen KB.
    const { deflateRawSync } = await import("node:zlib");
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x41);
    const compressed = deflateRawSync(huge, { level: 9 });
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const local = Buffer.alloc(30); local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(8, 8); local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(huge.length, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46); central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(8, 10); central.writeUInt32LE(compressed.length, 20); central.writeUInt32LE(huge.length, 24); central.writeUInt16LE(name.length, 28);
    const cdOffset = 30 + name.length + compressed.length;
    const eocd = Buffer.alloc(22); eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10); eocd.writeUInt32LE(46 + name.length, 12); eocd.writeUInt32LE(cdOffset, 16);
    cases.push(["bomb.xlsx", Buffer.concat([local, name, compressed, central, name, eocd]), "fileZipBomb"]);
    const before = await counts();
    for (const [fileName, data, code] of cases) {
      const { result } = await dryRun(pm, fileName, data);
      expect(result.status, fileName).toBe("INVALID");
      expect(result.errors.map((e) => e.code), fileName).toEqual([code]);
    }
    expect(await counts()).toEqual(before);
  }, 60_000);

  it("reads a CP949 CSV with correct Hangul", async () => {
    const csv = "과제번호,과제명,사업,시작,종료,상태\r\nCSV-1,바이오프린팅 인공장기,mobility,2020.9,2026.12,수행 중\r\n";
    const { applied } = await importFile(pm, "과제.csv", iconv.encode(csv, "cp949"));
    expect(applied?.status).toBe("APPLIED");
    const p = await db().project.findFirstOrThrow({ where: { identifiers: { some: { value: "CSV-1" } } } });
    expect(p.titleKo).toBe("바이오프린팅 인공장기");
  });

  it("keeps a program manager to their programmes; reviewers cannot import", async () => {
    const file = await xlsx([{ name: "과제", rows: [PROJECT_HEADERS, ["OUT-1", "남의 사업 과제", null, "bio", null, null, "2021.7", "2022.6", "ACTIVE"]] }]);
    const before = await counts();
    const { result } = await dryRun(pm, "out.xlsx", file);
    expect(result.errors.map((e) => e.code)).toEqual(["programOutOfScope"]);
    // Updating another programme's existing project is refused too.
    const { result: other } = await dryRun(otherPm, "mine.xlsx", await baseWorkbook());
    expect(other.errors.map((e) => e.code)).toEqual(["programOutOfScope", "programOutOfScope"]);
    await expect(createImportRecord(reviewer, { fileName: "x.xlsx", data: file, publish: false })).rejects.toThrow(AppError);
    await expect(createImportRecord(null, { fileName: "x.xlsx", data: file, publish: false })).rejects.toThrow(AppError);
    expect(await counts()).toEqual(before);
    // The admin may import into any programme, and publish.
    const { applied } = await importFile(admin, "out.xlsx", file, true);
    expect(applied?.status).toBe("APPLIED");
    expect((await db().project.findFirstOrThrow({ where: { identifiers: { some: { value: "OUT-1" } } } })).publication).toBe("PUBLISHED");
  });

  it("cancels an import before it applies, and maps differently laid-out columns by a saved mapping", async () => {
    const file = await xlsx([{ name: "Export", rows: [["Project No", "Name", "Prog", "From", "To", "State"], ["MAP-1", "매핑 과제", "mobility", "2022-01", "2023-12", "ACTIVE"]] }]);
    await saveMapping(pm, { name: "other-system", mapping: { projects: { "Project No": "projectKey", Name: "titleKo", Prog: "program", From: "periodStart", To: "periodEnd", State: "status" } } });
    const { id } = await createImportRecord(pm, { fileName: "export.xlsx", data: file, publish: false, mappingName: "other-system" });
    const dry = await runDryRun(id);
    expect(dry).toMatchObject({ status: "READY", created: 1 });
    await cancelImport(pm, id);
    await db().importRecord.update({ where: { id }, data: {} });
    expect(await runApply(id)).toMatchObject({ status: "CANCELLED" });
    expect(await db().projectIdentifier.count({ where: { value: "MAP-1" } })).toBe(0);
  });
});
