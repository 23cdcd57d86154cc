// Size (above 300 lines): one describe per entity under a project (five), sharing one seeded world.
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { db } from "@/lib/db";
import { deleteFundingLine, saveFundingLine, shownFundingLineValues } from "@/lib/data/project-structure/funding-lines";
import { addIdentifier, removeIdentifier } from "@/lib/data/project-structure/identifiers";
import { addParticipation, removeParticipation } from "@/lib/data/project-structure/participations";
import { getProjectStructure, searchInstitutions } from "@/lib/data/project-structure/read";
import { addProjectPerson, removeProjectPerson } from "@/lib/data/project-structure/researchers";
import { deleteSubProject, saveSubProject } from "@/lib/data/project-structure/sub-projects";
import { getPublishedProject } from "@/lib/data/public-projects";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { makeActor } from "@/lib/testing/factories";
import { parseForm, projectVersion } from "@/lib/testing/forms";
import { resetDatabase } from "@/lib/testing/reset-database";
import {
  fundingLineSchema, identifierSchema, participationSchema, projectPersonSchema, removeRowSchema, subProjectSchema,
} from "@/lib/validations/project-structure";
import { createProjectGraph } from "@/prisma/factories";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { ALCHEMIST_PROGRAM } from "@/prisma/seed-data/published-portfolio";
import { syntheticProgram } from "@/prisma/synthetic";

// What sits under a project, against a real PostgreSQL: every data function of
// lib/data/project-structure.ts is allowed for an admin and the program's manager (with its audit
// row written in the same transaction as the change), refused for a manager of another program,
// a reviewer and an anonymous caller (nothing changes; a DENIED row for a signed-in caller), and
// fed only what the forms' zod schemas let through.

const TRAM = "hydrogen-electric-tram";
const ORGAN = "meta-soft-organ-modules";

let admin: Actor;
let pm: Actor;
let otherPm: Actor;
let reviewer: Actor;
let organ: number;
let tram: number;
let draft: number;

/** A real user (the shared factory) acting from a known address. */
const actor = async (role: Actor["role"], programIds: number[]): Promise<Actor> => ({ ...(await makeActor({ role, programIds })), ip: "203.0.113.9" });

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  const alchemist = await db().program.findUniqueOrThrow({ where: { code: ALCHEMIST_PROGRAM.code }, select: { id: true } });
  const other = await db().program.create({ data: { ...syntheticProgram(3), code: "structure-other-program" }, select: { id: true } });
  admin = await actor("ADMIN", []);
  pm = await actor("PROGRAM_MANAGER", [alchemist.id]);
  otherPm = await actor("PROGRAM_MANAGER", [other.id]);
  reviewer = await actor("REVIEWER", []);
  organ = (await db().project.findUniqueOrThrow({ where: { slug: ORGAN }, select: { id: true } })).id;
  tram = (await db().project.findUniqueOrThrow({ where: { slug: TRAM }, select: { id: true } })).id;
  // A draft of the Alchemist program with no funding yet, for the roll-up without a published total.
  draft = await db().$transaction((tx) => createProjectGraph(tx, {
    slug: "structure-draft", titleKo: "구조 편집 시험 과제", program: ALCHEMIST_PROGRAM, periodStart: "2023-01", periodEnd: "2025-12",
    status: "ACTIVE", publication: "DRAFT", origin: "MANUAL", participations: [],
  }));
}, 120_000);

// --- helpers ---------------------------------------------------------------------------------

/** The field errors (validation message keys) a schema gives for a submission. */
function fieldErrors(schema: z.ZodType, values: Record<string, string>): Record<string, string[]> {
  const result = schema.safeParse(values);
  expect(result.success, `expected field errors for ${JSON.stringify(values)}`).toBe(false);
  const errors: Record<string, string[]> = {};
  for (const issue of result.success ? [] : result.error.issues) (errors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return errors;
}

const WATCHED = ["project", "sub_project", "funding_line", "participation", "project_person", "person", "project_identifier", "institution"] as const;

/** Every row (count and content) a write under a project could touch. */
async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of WATCHED) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint; digest: string }[]>(
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS digest FROM "${table}" t`,
    );
    out[table] = `${row?.n}:${row?.digest}`;
  }
  return out;
}

async function auditCount(where: { outcome: "SUCCESS" | "DENIED"; actorId?: number | null; action?: string }) {
  return db().auditLog.count({ where });
}

/** The newest audit row of an action on a project was written by the transaction that last wrote the project row. */
async function expectAuditedInSameTransaction(projectId: number, action: string, actorId: number) {
  const [audit] = await db().$queryRaw<{ xmin: string; actorId: number | null }[]>`
    SELECT xmin::text AS xmin, actor_id AS "actorId" FROM audit_log
    WHERE project_id = ${projectId} AND action = ${action} AND outcome = 'SUCCESS' ORDER BY id DESC LIMIT 1`;
  const [project] = await db().$queryRaw<{ xmin: string }[]>`SELECT xmin::text AS xmin FROM project WHERE id = ${projectId}`;
  expect(audit, `no audit row for ${action}`).toBeDefined();
  expect(audit?.actorId).toBe(actorId);
  expect(audit?.xmin).toBe(project?.xmin);
}

async function lastAudit(projectId: number, action: string) {
  return db().auditLog.findFirstOrThrow({ where: { projectId, action, outcome: "SUCCESS" }, orderBy: { id: "desc" }, select: { before: true, after: true, actorEmail: true } });
}

/**
 * A manager of another program and a reviewer are refused with FORBIDDEN and leave one DENIED row;
 * an anonymous caller is refused with UNAUTHENTICATED and, having no identity, leaves none (the
 * guard's rule). In every case no row changes and no success is recorded.
 */
async function expectRefusedForOutsiders(run: (who: Actor | null) => Promise<unknown>) {
  for (const [who, code] of [[otherPm, "FORBIDDEN"], [reviewer, "FORBIDDEN"], [null, "UNAUTHENTICATED"]] as const) {
    const before = await fingerprint();
    const successes = await auditCount({ outcome: "SUCCESS" });
    const denied = await auditCount({ outcome: "DENIED", actorId: who?.id ?? null });
    const error = await run(who).then(() => null, (e: unknown) => e);
    expect(error, `${who?.email ?? "anonymous"} was not refused`).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect(await fingerprint()).toEqual(before);
    expect(await auditCount({ outcome: "SUCCESS" })).toBe(successes);
    expect(await auditCount({ outcome: "DENIED", actorId: who?.id ?? null })).toBe(denied + (who ? 1 : 0));
  }
}

async function expectAppError(promise: Promise<unknown>, code: string, fields?: Record<string, string[]>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (fields) expect(((error as AppError).details as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual(fields);
  return error as AppError;
}

const fundingForm = async (projectId: number, values: Record<string, string>) =>
  parseForm(fundingLineSchema, { projectId: String(projectId), version: await projectVersion(projectId), ...values });
const subProjectForm = async (projectId: number, values: Record<string, string>) =>
  parseForm(subProjectSchema, { projectId: String(projectId), version: await projectVersion(projectId), ...values });
const participationForm = async (projectId: number, values: Record<string, string>) =>
  parseForm(participationSchema, { projectId: String(projectId), version: await projectVersion(projectId), ...values });
const personForm = async (projectId: number, values: Record<string, string>) =>
  parseForm(projectPersonSchema, { projectId: String(projectId), version: await projectVersion(projectId), ...values });
const identifierForm = async (projectId: number, values: Record<string, string>) =>
  parseForm(identifierSchema, { projectId: String(projectId), version: await projectVersion(projectId), ...values });
const removeForm = async (projectId: number, id: number) =>
  parseForm(removeRowSchema, { projectId: String(projectId), version: await projectVersion(projectId), id: String(id) });

// --- reading ---------------------------------------------------------------------------------

describe("getProjectStructure", () => {
  it("shows the organ project's consortium, researchers and published total to everyone in the workspace", async () => {
    const mine = await getProjectStructure(pm, organ);
    expect(mine.canEdit).toBe(true);
    expect(mine.participations).toHaveLength(14);
    expect(mine.people[0]?.person.nameKo).toBe("정완균");
    expect(mine.governmentTotalWon).toBe(19_862_000_000n);
    expect(mine.hasWholePeriodLine).toBe(true);
    expect((await getProjectStructure(otherPm, organ)).canEdit).toBe(false);
    expect((await getProjectStructure(reviewer, organ)).canEdit).toBe(false);
  });

  it("hides another program's draft and refuses anonymous callers", async () => {
    await expectAppError(getProjectStructure(otherPm, draft), "NOT_FOUND");
    await expectAppError(getProjectStructure(null, organ), "UNAUTHENTICATED");
    expect((await getProjectStructure(pm, draft)).canEdit).toBe(true);
  });
});

// --- funding lines ---------------------------------------------------------------------------

describe("funding lines", () => {
  it("the program's manager adds, edits and deletes a line, each audited in the same transaction; the published total stays", async () => {
    const v = Number(await projectVersion(organ));
    const { id } = await saveFundingLine(pm, await fundingForm(organ, { fiscalYear: "2021", governmentWon: "3,000,000,000", noteKo: "1차년도" }));
    expect(Number(await projectVersion(organ))).toBe(v + 1);
    await expectAuditedInSameTransaction(organ, "fundingLine.create", pm.id);
    expect((await lastAudit(organ, "fundingLine.create")).after).toMatchObject({ fiscalYear: 2021, governmentWon: "3000000000", privateCashWon: null });
    const line = await db().fundingLine.findUniqueOrThrow({ where: { id } });
    expect(line.governmentWon).toBe(3_000_000_000n);
    expect(line.privateCashWon).toBeNull();
    // A whole-period line is the published figure; a yearly line is its breakdown, not added on top.
    expect((await getProjectStructure(pm, organ)).governmentTotalWon).toBe(19_862_000_000n);

    const shown = JSON.stringify(shownFundingLineValues(line));
    await saveFundingLine(pm, await fundingForm(organ, { id: String(id), shown, fiscalYear: "2021", governmentWon: "3100000000", privateCashWon: "0" }));
    await expectAuditedInSameTransaction(organ, "fundingLine.update", pm.id);
    const update = await lastAudit(organ, "fundingLine.update");
    expect(update.before).toEqual({ governmentWon: "3000000000", privateCashWon: null, noteKo: "1차년도" });
    expect(update.after).toEqual({ governmentWon: "3100000000", privateCashWon: "0", noteKo: null });

    await deleteFundingLine(admin, await removeForm(organ, id));
    await expectAuditedInSameTransaction(organ, "fundingLine.delete", admin.id);
    expect(await db().fundingLine.count({ where: { id } })).toBe(0);
  });

  it("is refused to a manager of another program, a reviewer and an anonymous caller", async () => {
    const input = await fundingForm(organ, { fiscalYear: "2022", governmentWon: "1000" });
    await expectRefusedForOutsiders((who) => saveFundingLine(who, input));
    const published = await db().fundingLine.findFirstOrThrow({ where: { projectId: organ, fiscalYear: null, subProjectId: null } });
    const edit = await fundingForm(organ, { id: String(published.id), governmentWon: "1" });
    await expectRefusedForOutsiders((who) => saveFundingLine(who, edit));
    const removal = await removeForm(organ, published.id);
    await expectRefusedForOutsiders((who) => deleteFundingLine(who, removal));
    // The scope comes from the row, not from the form: naming a project of one's own does not help.
    const tramLine = await db().fundingLine.findFirstOrThrow({ where: { projectId: tram } });
    await expectAppError(deleteFundingLine(pm, await removeForm(organ, tramLine.id)), "NOT_FOUND");
    await expectAppError(deleteFundingLine(pm, await removeForm(tram, tramLine.id)), "FORBIDDEN");
    expect(await db().fundingLine.count({ where: { id: tramLine.id } })).toBe(1);
  });

  it("refuses bad amounts and scopes with field errors before anything is written", async () => {
    const before = await fingerprint();
    const base = { projectId: String(organ), version: await projectVersion(organ) };
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "-5" })).toMatchObject({ governmentWon: ["wonInvalid"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "9007199254740993" })).toMatchObject({ governmentWon: ["wonTooLarge"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "1.5억" })).toMatchObject({ governmentWon: ["wonInvalid"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "", privateCashWon: "", privateInKindWon: "" })).toEqual({ governmentWon: ["amountRequired"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "1", fiscalYear: "1989" })).toEqual({ fiscalYear: ["yearInvalid"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "1", fiscalYear: "2101" })).toEqual({ fiscalYear: ["yearInvalid"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "1", stage: "0" })).toEqual({ stage: ["stageInvalid"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "1", fiscalYear: "2024", stage: "1" })).toEqual({ stage: ["yearOrStage"] });
    expect(fieldErrors(fundingLineSchema, { ...base, governmentWon: "1", noteKo: "가".repeat(2001) })).toEqual({ noteKo: ["tooLong"] });
    expect(fieldErrors(fundingLineSchema, { ...base, version: "", governmentWon: "1" })).toEqual({ version: ["versionMissing"] });
    expect(await fingerprint()).toEqual(before);
    // Past the schema, the database still refuses a negative amount (CHECK constraint), and nothing is written.
    const bypass = { ...(await fundingForm(organ, { fiscalYear: "2023", governmentWon: "1" })), governmentWon: -1n };
    await expect(saveFundingLine(pm, bypass)).rejects.toThrow();
    expect(await fingerprint()).toEqual(before);
  });

  it("keeps markup, SQL-looking text and the largest exact amount verbatim; empty amounts stay unknown, never 0", async () => {
    const { id } = await saveFundingLine(pm, await fundingForm(organ, {
      stage: "1", governmentWon: "9007199254740991", privateInKindWon: "",
      noteKo: "<script>alert('x')</script>", noteEn: "<img src=x onerror=alert(1)>'; DROP TABLE funding_line; --",
    }));
    const line = await db().fundingLine.findUniqueOrThrow({ where: { id } });
    expect(line.governmentWon).toBe(9_007_199_254_740_991n);
    expect(line.privateCashWon).toBeNull();
    expect(line.privateInKindWon).toBeNull();
    expect(line.noteKo).toBe("<script>alert('x')</script>");
    expect(line.noteEn).toBe("<img src=x onerror=alert(1)>'; DROP TABLE funding_line; --");
    expect(await db().fundingLine.count()).toBeGreaterThan(0);
    await deleteFundingLine(pm, await removeForm(organ, id));
  });

  it("allows one line per scope", async () => {
    const before = await fingerprint();
    await expectAppError(saveFundingLine(pm, await fundingForm(organ, { governmentWon: "1" })), "VALIDATION", { subProjectId: ["fundingLineDuplicate"] });
    expect(await fingerprint()).toEqual(before);
  });
});

describe("funding totals", () => {
  it("adding a sub-project line leaves the tram's published 281억 whole-period total alone", async () => {
    const { id: subId } = await saveSubProject(admin, await subProjectForm(tram, { seq: "1", titleKo: "수소전기트램 차량 개발" }));
    const { id: lineId } = await saveFundingLine(admin, await fundingForm(tram, { subProjectId: String(subId), governmentWon: "10,000,000,000" }));
    const structure = await getProjectStructure(admin, tram);
    expect(structure.governmentTotalWon).toBe(28_100_000_000n);
    expect((await getPublishedProject(TRAM))?.governmentTotalWon).toBe(28_100_000_000n);
    expect((await db().project.findUniqueOrThrow({ where: { id: tram } })).qualityFlags).toContain("SUB_PROJECT_TOTAL_MISMATCH");
    await deleteFundingLine(admin, await removeForm(tram, lineId));
    await deleteSubProject(admin, await removeForm(tram, subId));
    expect((await db().project.findUniqueOrThrow({ where: { id: tram } })).qualityFlags).not.toContain("SUB_PROJECT_TOTAL_MISMATCH");
  });

  it("without a whole-period project line, sub-project and yearly lines add up; a whole-period line then wins", async () => {
    const total = async () => (await db().project.findUniqueOrThrow({ where: { id: draft }, select: { governmentTotalWon: true, privateCashTotalWon: true } }));
    expect(await total()).toEqual({ governmentTotalWon: null, privateCashTotalWon: null });
    const { id: s1 } = await saveSubProject(pm, await subProjectForm(draft, { seq: "1", titleKo: "세부 1" }));
    const { id: s2 } = await saveSubProject(pm, await subProjectForm(draft, { seq: "2", titleKo: "세부 2" }));
    await saveFundingLine(pm, await fundingForm(draft, { subProjectId: String(s1), governmentWon: "500000000" }));
    expect((await total()).governmentTotalWon).toBe(500_000_000n);
    await saveFundingLine(pm, await fundingForm(draft, { subProjectId: String(s2), governmentWon: "300000000" }));
    await saveFundingLine(pm, await fundingForm(draft, { fiscalYear: "2023", governmentWon: "100000000" }));
    expect(await total()).toEqual({ governmentTotalWon: 900_000_000n, privateCashTotalWon: null });
    const { id: whole } = await saveFundingLine(pm, await fundingForm(draft, { governmentWon: "2,000,000,000" }));
    expect((await total()).governmentTotalWon).toBe(2_000_000_000n);
    await deleteFundingLine(pm, await removeForm(draft, whole));
    expect((await total()).governmentTotalWon).toBe(900_000_000n);
    // One unknown part makes the sum unknown, never a smaller number.
    await saveFundingLine(pm, await fundingForm(draft, { fiscalYear: "2024", privateCashWon: "5" }));
    expect((await total()).governmentTotalWon).toBeNull();
  });
});

// --- sub-projects ----------------------------------------------------------------------------

describe("sub-projects", () => {
  it("the program's manager adds and edits one with a lead institution; deleting is refused while anything refers to it", async () => {
    const { id } = await saveSubProject(pm, await subProjectForm(organ, {
      seq: "1", titleKo: "간 모듈 제작", titleEn: "Liver modules", institutionName: "포항공과대학교", institutionType: "UNIVERSITY",
      periodStart: "2020-09", periodEnd: "2023-12",
    }));
    await expectAuditedInSameTransaction(organ, "subProject.create", pm.id);
    const postech = await db().institution.findUniqueOrThrow({ where: { normalizedName: "포항공과대학교" } });
    const saved = await db().subProject.findUniqueOrThrow({ where: { id } });
    expect(saved.leadInstitutionId).toBe(postech.id);
    expect(saved.periodStart?.toISOString().slice(0, 7)).toBe("2020-09");
    expect((await lastAudit(organ, "subProject.create")).after).toMatchObject({ seq: 1, leadInstitution: "포항공과대학교", periodStart: "2020-09" });

    await saveSubProject(pm, await subProjectForm(organ, { id: String(id), seq: "1", titleKo: "간 모듈 제작 및 이식", institutionId: String(postech.id) }));
    await expectAuditedInSameTransaction(organ, "subProject.update", pm.id);
    expect((await lastAudit(organ, "subProject.update")).after).toEqual({ titleKo: "간 모듈 제작 및 이식", titleEn: null, periodStart: null, periodEnd: null });

    const { id: participation } = await addParticipation(pm, await participationForm(organ, { subProjectId: String(id), role: "LEAD", institutionId: String(postech.id) }));
    const before = await fingerprint();
    await expectAppError(deleteSubProject(pm, await removeForm(organ, id)), "VALIDATION", { form: ["subProjectInUse"] });
    expect(await fingerprint()).toEqual(before);
    await removeParticipation(pm, await removeForm(organ, participation));
    await deleteSubProject(pm, await removeForm(organ, id));
    await expectAuditedInSameTransaction(organ, "subProject.delete", pm.id);
  });

  it("is refused to outsiders", async () => {
    const add = await subProjectForm(organ, { seq: "7", titleKo: "외부인" });
    await expectRefusedForOutsiders((who) => saveSubProject(who, add));
    const { id } = await saveSubProject(admin, await subProjectForm(organ, { seq: "8", titleKo: "지울 세부과제" }));
    const edit = await subProjectForm(organ, { id: String(id), seq: "8", titleKo: "바뀐 제목" });
    await expectRefusedForOutsiders((who) => saveSubProject(who, edit));
    const removal = await removeForm(organ, id);
    await expectRefusedForOutsiders((who) => deleteSubProject(who, removal));
    await deleteSubProject(admin, removal);
  });

  it("refuses bad numbers, titles and periods with field errors", async () => {
    const before = await fingerprint();
    const base = { projectId: String(organ), version: "1", titleKo: "제목" };
    expect(fieldErrors(subProjectSchema, { ...base, seq: "0" })).toEqual({ seq: ["seqInvalid"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "" })).toEqual({ seq: ["seqInvalid"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "1", titleKo: "   " })).toEqual({ titleKo: ["required"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "1", titleKo: "가".repeat(501) })).toEqual({ titleKo: ["tooLong"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "1", periodStart: "2021-13" })).toEqual({ periodStart: ["monthInvalid"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "1", periodStart: "2021-03" })).toEqual({ periodEnd: ["periodIncomplete"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "1", periodStart: "2022-03", periodEnd: "2021-03" })).toEqual({ periodEnd: ["endBeforeStart"] });
    expect(fieldErrors(subProjectSchema, { ...base, seq: "1", institutionName: "신규 기관" })).toEqual({ institutionType: ["institutionTypeRequired"] });
    // Rules that need the database: the project's period, and one sub-project per number.
    await expectAppError(saveSubProject(pm, await subProjectForm(organ, { seq: "1", titleKo: "기간 밖", periodStart: "2019-01", periodEnd: "2021-01" })), "VALIDATION", { periodStart: ["periodOutsideProject"] });
    await expectAppError(saveSubProject(pm, await subProjectForm(organ, { seq: "1", titleKo: "기간 밖", periodStart: "2021-01", periodEnd: "2027-01" })), "VALIDATION", { periodEnd: ["periodOutsideProject"] });
    expect(await fingerprint()).toEqual(before);
    const { id } = await saveSubProject(pm, await subProjectForm(organ, { seq: "3", titleKo: "셋째" }));
    const taken = await fingerprint();
    await expectAppError(saveSubProject(pm, await subProjectForm(organ, { seq: "3", titleKo: "또 셋째" })), "VALIDATION", { seq: ["seqTaken"] });
    expect(await fingerprint()).toEqual(taken);
    await deleteSubProject(pm, await removeForm(organ, id));
  });
});

// --- participations and institutions -----------------------------------------------------------

describe("participations and the institution register", () => {
  it("offers registered institutions as the user types, legal-form marks and spaces ignored", async () => {
    const found = await searchInstitutions(pm, "넥스트");
    expect(found[0]?.nameKo).toBe("㈜넥스트칩");
    expect((await searchInstitutions(reviewer, "(주) 넥스트칩"))[0]?.nameKo).toBe("㈜넥스트칩");
    expect((await searchInstitutions(pm, "postech")).map((i) => i.nameKo)).toContain("포항공과대학교");
    expect(await searchInstitutions(pm, "%")).toEqual([]);
    expect(await searchInstitutions(pm, "' OR 1=1 --")).toEqual([]);
    expect((await searchInstitutions(pm, "대학교")).length).toBeLessThanOrEqual(10);
    await expectAppError(searchInstitutions(null, "넥스트"), "UNAUTHENTICATED");
  });

  it("reuses the registered 넥스트칩 for \"(주) 넥스트칩\" instead of registering it twice", async () => {
    const nextchip = await db().institution.findUniqueOrThrow({ where: { normalizedName: "넥스트칩" } });
    const institutions = await db().institution.count();
    const { id, institutionId } = await addParticipation(pm, await participationForm(organ, { role: "CONSIGNED", institutionName: "(주) 넥스트칩", institutionType: "LARGE_COMPANY" }));
    expect(institutionId).toBe(nextchip.id);
    expect(await db().institution.count()).toBe(institutions);
    expect((await db().institution.findUniqueOrThrow({ where: { id: nextchip.id } })).type).toBe("SME");
    await expectAuditedInSameTransaction(organ, "participation.create", pm.id);
    expect((await lastAudit(organ, "participation.create")).after).toEqual({ institution: "㈜넥스트칩", institutionId: nextchip.id, role: "CONSIGNED", subProjectSeq: null });
    // The institution's name is now part of the project's search document.
    expect((await db().project.findUniqueOrThrow({ where: { id: organ } })).searchText).toContain("넥스트칩");
    const before = await fingerprint();
    await expectAppError(addParticipation(pm, await participationForm(organ, { role: "CONSIGNED", institutionId: String(nextchip.id) })), "VALIDATION", { institutionName: ["participationDuplicate"] });
    expect(await fingerprint()).toEqual(before);
    await removeParticipation(pm, await removeForm(organ, id));
    await expectAuditedInSameTransaction(organ, "participation.delete", pm.id);
    expect(await db().institution.count({ where: { id: nextchip.id } })).toBe(1);
  });

  it("registers a new institution with its type and business number, in the participation's transaction", async () => {
    const { id, institutionId } = await addParticipation(pm, await participationForm(organ, {
      role: "PARTICIPATING", institutionName: "시험바이오 주식회사", institutionNameEn: "Test Bio Inc.", institutionType: "SME", businessRegistrationNumber: "123-45-67890",
    }));
    const created = await db().institution.findUniqueOrThrow({ where: { id: institutionId } });
    expect(created).toMatchObject({ nameKo: "시험바이오 주식회사", normalizedName: "시험바이오", type: "SME", businessRegistrationNumber: "1234567890", origin: "MANUAL" });
    await expectAuditedInSameTransaction(organ, "institution.create", pm.id);
    await expectAuditedInSameTransaction(organ, "participation.create", pm.id);
    // Another name with the same business number is someone else's number: refused, nothing written.
    const before = await fingerprint();
    await expectAppError(addParticipation(pm, await participationForm(organ, {
      role: "JOINT", institutionName: "다른 이름의 회사", institutionType: "SME", businessRegistrationNumber: "1234567890",
    })), "VALIDATION", { businessRegistrationNumber: ["brnTaken"] });
    expect(await fingerprint()).toEqual(before);
    await removeParticipation(pm, await removeForm(organ, id));
  });

  it("is refused to outsiders", async () => {
    const add = await participationForm(organ, { role: "JOINT", institutionName: "외부 기관", institutionType: "OTHER" });
    await expectRefusedForOutsiders((who) => addParticipation(who, add));
    const existing = await db().participation.findFirstOrThrow({ where: { projectId: organ }, orderBy: { id: "asc" } });
    const removal = await removeForm(organ, existing.id);
    await expectRefusedForOutsiders((who) => removeParticipation(who, removal));
  });

  it("refuses missing, meaningless, badly typed and too long institutions with field errors", async () => {
    const base = { projectId: String(organ), version: "1", role: "JOINT" };
    expect(fieldErrors(participationSchema, base)).toEqual({ institutionName: ["required"] });
    expect(fieldErrors(participationSchema, { ...base, institutionName: "㈜", institutionType: "SME" })).toEqual({ institutionName: ["institutionNameInvalid"] });
    expect(fieldErrors(participationSchema, { ...base, institutionName: "새 기관" })).toEqual({ institutionType: ["institutionTypeRequired"] });
    expect(fieldErrors(participationSchema, { ...base, institutionName: "새 기관", institutionType: "CASTLE" })).toEqual({ institutionType: ["choose"] });
    expect(fieldErrors(participationSchema, { ...base, institutionName: "가".repeat(201), institutionType: "SME" })).toEqual({ institutionName: ["tooLong"] });
    expect(fieldErrors(participationSchema, { ...base, institutionName: "새 기관", institutionType: "SME", businessRegistrationNumber: "12345" })).toEqual({ businessRegistrationNumber: ["brnInvalid"] });
    expect(fieldErrors(participationSchema, { ...base, role: "OWNER", institutionId: "1" })).toEqual({ role: ["choose"] });
    const before = await fingerprint();
    await expectAppError(addParticipation(pm, await participationForm(organ, { role: "JOINT", institutionId: "999999" })), "VALIDATION", { institutionName: ["institutionUnknown"] });
    await expectAppError(addParticipation(pm, await participationForm(organ, { role: "JOINT", institutionId: "1", subProjectId: "999999" })), "VALIDATION", { subProjectId: ["subProjectUnknown"] });
    expect(await fingerprint()).toEqual(before);
  });
});

// --- researchers -------------------------------------------------------------------------------

describe("researchers", () => {
  it("the program's manager adds one (Hangul typed as NFD is stored as NFC) and removes them", async () => {
    const nfd = "홍길동".normalize("NFD");
    expect(nfd).not.toBe("홍길동");
    const postech = await db().institution.findUniqueOrThrow({ where: { normalizedName: "포항공과대학교" } });
    const { id } = await addProjectPerson(pm, await personForm(organ, {
      nameKo: nfd, nameEn: "Gildong Hong", role: "RESEARCHER", institutionId: String(postech.id), positionKo: "연구교수 <b>", positionEn: "Research professor",
    }));
    await expectAuditedInSameTransaction(organ, "projectPerson.create", pm.id);
    const row = await db().projectPerson.findUniqueOrThrow({ where: { id }, include: { person: true } });
    expect(row.person.nameKo).toBe("홍길동");
    expect(row.person.nameKo).toBe(row.person.nameKo.normalize("NFC"));
    expect(row).toMatchObject({ role: "RESEARCHER", institutionId: postech.id, positionKo: "연구교수 <b>" });
    expect((await db().project.findUniqueOrThrow({ where: { id: organ } })).searchText).toContain("홍길동");

    await removeProjectPerson(pm, await removeForm(organ, id));
    await expectAuditedInSameTransaction(organ, "projectPerson.delete", pm.id);
    expect(await db().person.count({ where: { id: row.personId } })).toBe(0);
    expect((await lastAudit(organ, "projectPerson.delete")).before).toMatchObject({ nameKo: "홍길동", institution: "포항공과대학교" });
  });

  it("an affiliation typed as a new name reuses the registered institution of the same name", async () => {
    const institutions = await db().institution.count();
    const { id } = await addProjectPerson(admin, await personForm(organ, { nameKo: "김연구", role: "RESEARCHER", institutionName: "포항 공과 대학교", institutionType: "UNIVERSITY" }));
    expect(await db().institution.count()).toBe(institutions);
    await removeProjectPerson(admin, await removeForm(organ, id));
  });

  it("is refused to outsiders", async () => {
    const add = await personForm(organ, { nameKo: "외부인", role: "RESEARCHER" });
    await expectRefusedForOutsiders((who) => addProjectPerson(who, add));
    const existing = await db().projectPerson.findFirstOrThrow({ where: { projectId: organ }, orderBy: { id: "asc" } });
    const removal = await removeForm(organ, existing.id);
    await expectRefusedForOutsiders((who) => removeProjectPerson(who, removal));
  });

  it("refuses empty and too long names", () => {
    const base = { projectId: String(organ), version: "1", role: "RESEARCHER" };
    expect(fieldErrors(projectPersonSchema, { ...base, nameKo: "" })).toEqual({ nameKo: ["required"] });
    expect(fieldErrors(projectPersonSchema, { ...base, nameKo: "가".repeat(101) })).toEqual({ nameKo: ["tooLong"] });
    expect(fieldErrors(projectPersonSchema, { ...base, nameKo: "이름", positionEn: "x".repeat(101) })).toEqual({ positionEn: ["tooLong"] });
    expect(fieldErrors(projectPersonSchema, { ...base, nameKo: "이름", role: "BOSS" })).toEqual({ role: ["choose"] });
  });
});

// --- identifiers ---------------------------------------------------------------------------------

describe("identifiers", () => {
  it("the program's manager adds one verbatim (unique per scheme) and removes it", async () => {
    const sqlish = "1415'; DROP TABLE project_identifier; --";
    const { id } = await addIdentifier(pm, await identifierForm(organ, { scheme: "OTHER", value: sqlish }));
    await expectAuditedInSameTransaction(organ, "identifier.create", pm.id);
    expect((await db().projectIdentifier.findUniqueOrThrow({ where: { id } })).value).toBe(sqlish);
    const { id: ntis } = await addIdentifier(pm, await identifierForm(organ, { scheme: "NTIS", value: "1415170001" }));
    // The same number in another scheme is another identifier; in the same scheme, another project's is refused.
    const { id: agency } = await addIdentifier(admin, await identifierForm(tram, { scheme: "AGENCY", value: "1415170001" }));
    const before = await fingerprint();
    await expectAppError(addIdentifier(admin, await identifierForm(tram, { scheme: "NTIS", value: "1415170001" })), "VALIDATION", { value: ["identifierTaken"] });
    expect(await fingerprint()).toEqual(before);
    expect((await db().project.findUniqueOrThrow({ where: { id: organ } })).searchText).toContain("1415170001");

    await removeIdentifier(pm, await removeForm(organ, ntis));
    await expectAuditedInSameTransaction(organ, "identifier.delete", pm.id);
    await removeIdentifier(pm, await removeForm(organ, id));
    await removeIdentifier(admin, await removeForm(tram, agency));
  });

  it("is refused to outsiders", async () => {
    const add = await identifierForm(organ, { scheme: "NTIS", value: "9999999999" });
    await expectRefusedForOutsiders((who) => addIdentifier(who, add));
    const { id } = await addIdentifier(admin, await identifierForm(organ, { scheme: "AGENCY", value: "RS-2020-00001" }));
    const removal = await removeForm(organ, id);
    await expectRefusedForOutsiders((who) => removeIdentifier(who, removal));
    await removeIdentifier(admin, removal);
  });

  it("refuses empty, too long and unknown schemes", () => {
    const base = { projectId: String(organ), version: "1" };
    expect(fieldErrors(identifierSchema, { ...base, scheme: "NTIS", value: "  " })).toEqual({ value: ["required"] });
    expect(fieldErrors(identifierSchema, { ...base, scheme: "NTIS", value: "1".repeat(101) })).toEqual({ value: ["tooLong"] });
    expect(fieldErrors(identifierSchema, { ...base, scheme: "DOI", value: "10.1000/1" })).toEqual({ scheme: ["choose"] });
  });
});

// --- concurrency -----------------------------------------------------------------------------------

describe("the project's version guards everything under it", () => {
  it("of two saves from the same version exactly one succeeds; the other is a conflict and the audit shows one change", async () => {
    const v = Number(await projectVersion(organ));
    const creates = await auditCount({ outcome: "SUCCESS", action: "fundingLine.create" });
    const lines = await db().fundingLine.count({ where: { projectId: organ } });
    const results = await Promise.allSettled([
      saveFundingLine(pm, await fundingForm(organ, { fiscalYear: "2024", governmentWon: "1000" })),
      saveFundingLine(admin, await fundingForm(organ, { fiscalYear: "2025", governmentWon: "2000" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected?.reason).toBeInstanceOf(AppError);
    expect((rejected?.reason as AppError).code).toBe("CONFLICT");
    expect(((rejected?.reason as AppError).details as { conflict: { currentVersion: number } }).conflict.currentVersion).toBe(v + 1);
    expect(Number(await projectVersion(organ))).toBe(v + 1);
    expect(await db().fundingLine.count({ where: { projectId: organ } })).toBe(lines + 1);
    expect(await auditCount({ outcome: "SUCCESS", action: "fundingLine.create" })).toBe(creates + 1);
  });

  it("a form from an older version is a conflict that names what the other person changed, and writes nothing", async () => {
    const { id } = await saveFundingLine(pm, await fundingForm(organ, { fiscalYear: "2026", governmentWon: "100" }));
    const line = await db().fundingLine.findUniqueOrThrow({ where: { id } });
    const stale = await fundingForm(organ, { id: String(id), shown: JSON.stringify(shownFundingLineValues(line)), fiscalYear: "2026", governmentWon: "150" });
    await saveFundingLine(admin, await fundingForm(organ, { id: String(id), fiscalYear: "2026", governmentWon: "200" }));
    const before = await fingerprint();
    const error = await expectAppError(saveFundingLine(pm, stale), "CONFLICT");
    expect((error.details as { conflict: { changes: unknown[] } }).conflict.changes).toEqual([{ field: "governmentWon", was: "100", now: "200" }]);
    expect(await fingerprint()).toEqual(before);
    // A stale add or removal anywhere under the project is refused the same way.
    await expectAppError(addIdentifier(pm, { ...(await identifierForm(organ, { scheme: "NTIS", value: "stale-1" })), version: stale.version }), "CONFLICT");
    await expectAppError(deleteFundingLine(pm, { ...(await removeForm(organ, id)), version: stale.version }), "CONFLICT");
    expect(await fingerprint()).toEqual(before);
  });
});
