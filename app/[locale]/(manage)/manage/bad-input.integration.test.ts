import { beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { createTranslator } from "use-intl/core";
import type { ActionState } from "@/lib/action-state";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { saveMilestone, updateMilestoneProgress } from "@/lib/data/milestones";
import { saveFundingLine } from "@/lib/data/project-structure/funding-lines";
import { addParticipation } from "@/lib/data/project-structure/participations";
import { getPublishedProject } from "@/lib/data/public-projects";
import { createProject, getWorkspaceProject, listWorkspaceProjects, setProjectPublication, updateProject } from "@/lib/data/workspace-projects";
import koMessages from "@/lib/i18n/messages/ko/index";
import enMessages from "@/lib/i18n/messages/en/index";
import type { Actor, Permission } from "@/lib/permissions";
import { makeActor } from "@/lib/testing/factories";
import { resetDatabase } from "@/lib/testing/reset-database";
import { MAX_WON, optionalWon } from "@/lib/validations/fields";
import { milestoneProgressSchema, milestoneSchema } from "@/lib/validations/milestone";
import { projectSchema, type ProjectInput } from "@/lib/validations/project";
import {
  fundingLineSchema, identifierSchema, participationSchema, projectPersonSchema, subProjectSchema,
} from "@/lib/validations/project-structure";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { updateMilestoneProgressAction } from "./milestones/actions";
import { saveMilestoneAction, saveProjectAction } from "./projects/actions";
import {
  addIdentifierAction, addParticipationAction, addProjectPersonAction, saveFundingLineAction, saveSubProjectAction,
} from "./projects/[id]/structure-actions";

// The server actions run for real (runAction, the forms' schemas, the data layer, the database);
// only what needs a running Next.js server stands in: the session (the signed-in actor is a real
// user, and the real authorize() still checks the permission), the request's translations (the
// real Korean messages) and cache revalidation.
const session = vi.hoisted(() => ({ actor: null as unknown }));
vi.mock("@/lib/auth", () => ({
  requireActor: (permission: Permission, target?: Parameters<typeof authorize>[2]) => authorize(session.actor as Actor, permission, target),
}));
vi.mock("next-intl/server", async () => {
  const { createTranslator: translator } = await import("use-intl/core");
  const messages = (await import("@/lib/i18n/messages/ko/index")).default;
  return {
    getTranslations: async (namespace: string) => translator({ locale: "ko", messages, namespace: namespace as never }),
    getLocale: async () => "ko",
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/navigation", () => ({ redirect: (to: string) => { throw new Error(`redirect to ${to}`); } }));

// Bad input gets a clear error and changes nothing (DEVELOPERS.md, standing rule 4). Each form's
// zod schema names the field and a message key that exists in both languages; nothing reaches
// the database. What passes the schema is stored verbatim: markup and SQL-looking text are data,
// never interpreted (React escapes them when rendering, e2e/security.spec.ts), and Hangul typed
// on macOS (NFD) is stored as NFC. Below the schemas, the database refuses what slips past them.

const XSS_SCRIPT = "<script>alert(1)</script>";
const XSS_IMG = "<img src=x onerror=alert(1)>";
const SQL = "'; DROP TABLE project; --";
const NFD = "수소전기트램 실증".normalize("NFD");

let admin: Actor;
let projectId: number;
let milestoneId: number;

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  admin = await makeActor({ role: "ADMIN", email: "admin@bad-input.example", name: "관리자" });
  session.actor = admin;
  const organ = await db().project.findUniqueOrThrow({ where: { slug: "meta-soft-organ-modules" }, select: { id: true } });
  projectId = organ.id;
  milestoneId = (await db().milestone.findFirstOrThrow({ where: { projectId }, orderBy: { sortOrder: "asc" } })).id;
});

/** Every table's row count and the content of the rows a form could touch. */
async function everything() {
  const tables = await db().$queryRaw<{ table: string }[]>`SELECT tablename AS table FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`;
  const counts: Record<string, number> = {};
  for (const { table } of tables) {
    const [row] = await db().$queryRawUnsafe<[{ n: bigint }]>(`SELECT count(*) AS n FROM "${table}"`);
    counts[table] = Number(row.n);
  }
  return {
    counts,
    projects: await db().project.findMany({ orderBy: { id: "asc" } }),
    milestones: await db().milestone.findMany({ orderBy: { id: "asc" } }),
  };
}

const tv = createTranslator({ locale: "ko", messages: koMessages, namespace: "validation" });
const tvEn = createTranslator({ locale: "en", messages: enMessages, namespace: "validation" });

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** Submits the values as the browser would (FormData) to the server action. */
function submit(action: Action, values: Record<string, string>): Promise<ActionState> {
  const form = new FormData();
  for (const [key, value] of Object.entries(values)) form.append(key, value);
  return action({ ok: false }, form);
}

/** The current version of the seeded project and milestone, so that a form that slipped past its schema would really write. */
async function current() {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { version: true } });
  const milestone = await db().milestone.findUniqueOrThrow({ where: { id: milestoneId }, select: { version: true } });
  return { projectId: String(projectId), version: String(project.version), milestoneId: String(milestoneId), milestoneVersion: String(milestone.version) };
}
type Current = Awaited<ReturnType<typeof current>>;

const long = (n: number) => "가".repeat(n);
const project = (overrides: Record<string, string>) => ({
  slug: "bad-input-project", titleKo: "입력 검증 과제", periodStart: "2024-01", periodEnd: "2026-12", status: "PLANNED", ...overrides,
});
const milestone = (overrides: Record<string, string>) => ({ projectId: "1", titleKo: "시제품 제작", kind: "DELIVERABLE", status: "PLANNED", ...overrides });
const progress = (overrides: Record<string, string>) => ({ id: "1", version: "1", status: "IN_PROGRESS", ...overrides });
const under = (overrides: Record<string, string>) => ({ projectId: "1", version: "1", ...overrides });

type BadInput = { form: string; schema: z.ZodType; values: Record<string, string>; field: string; key: string };

const badInputs: BadInput[] = [
  // The project form (lib/validations/project.ts)
  { form: "project: empty Korean title", schema: projectSchema, values: project({ titleKo: "" }), field: "titleKo", key: "required" },
  { form: "project: title of spaces only", schema: projectSchema, values: project({ titleKo: " \u3000 \n" }), field: "titleKo", key: "required" },
  { form: "project: title of 501 characters", schema: projectSchema, values: project({ titleKo: long(501) }), field: "titleKo", key: "tooLong" },
  { form: "project: summary of 4,001 characters", schema: projectSchema, values: project({ summaryKo: long(4001) }), field: "summaryKo", key: "tooLong" },
  { form: "project: product of 301 characters", schema: projectSchema, values: project({ productEn: "x".repeat(301) }), field: "productEn", key: "tooLong" },
  { form: "project: no slug for a new project", schema: projectSchema, values: project({ slug: "" }), field: "slug", key: "required" },
  { form: "project: slug with markup", schema: projectSchema, values: project({ slug: XSS_IMG }), field: "slug", key: "slugInvalid" },
  { form: "project: slug with SQL", schema: projectSchema, values: project({ slug: SQL }), field: "slug", key: "slugInvalid" },
  { form: "project: empty start", schema: projectSchema, values: project({ periodStart: "" }), field: "periodStart", key: "required" },
  { form: "project: month 13", schema: projectSchema, values: project({ periodStart: "2024-13" }), field: "periodStart", key: "monthInvalid" },
  { form: "project: end before start", schema: projectSchema, values: project({ periodStart: "2025-03", periodEnd: "2024-12" }), field: "periodEnd", key: "endBeforeStart" },
  { form: "project: no status", schema: projectSchema, values: project({ status: "" }), field: "status", key: "choose" },
  { form: "project: unknown status", schema: projectSchema, values: project({ status: "DELETED" }), field: "status", key: "choose" },
  { form: "project: unknown area", schema: projectSchema, values: project({ area: SQL }), field: "area", key: "choose" },
  { form: "project: negative duration", schema: projectSchema, values: project({ publishedDurationMonths: "-3" }), field: "publishedDurationMonths", key: "numberInvalid" },
  { form: "project: fractional duration", schema: projectSchema, values: project({ publishedDurationMonths: "1.5" }), field: "publishedDurationMonths", key: "numberInvalid" },
  { form: "project: duration of 2^53 + 1 months", schema: projectSchema, values: project({ publishedDurationMonths: "9007199254740993" }), field: "publishedDurationMonths", key: "numberInvalid" },
  { form: "project: program id with SQL", schema: projectSchema, values: project({ programId: `1${SQL}` }), field: "programId", key: "invalid" },
  { form: "project: negative program id", schema: projectSchema, values: project({ programId: "-1" }), field: "programId", key: "invalid" },
  { form: "project: edit without the version it started from", schema: projectSchema, values: project({ id: "1" }), field: "version", key: "versionMissing" },

  // The milestone editor (lib/validations/milestone.ts)
  { form: "milestone: empty title", schema: milestoneSchema, values: milestone({ titleKo: "" }), field: "titleKo", key: "required" },
  { form: "milestone: title of 301 characters", schema: milestoneSchema, values: milestone({ titleKo: long(301) }), field: "titleKo", key: "tooLong" },
  { form: "milestone: description of 4,001 characters", schema: milestoneSchema, values: milestone({ descriptionKo: long(4001) }), field: "descriptionKo", key: "tooLong" },
  { form: "milestone: unit of 41 characters", schema: milestoneSchema, values: milestone({ unitKo: long(41) }), field: "unitKo", key: "tooLong" },
  { form: "milestone: evidence of 2,001 characters", schema: milestoneSchema, values: milestone({ evidenceEn: "x".repeat(2001) }), field: "evidenceEn", key: "tooLong" },
  { form: "milestone: no project", schema: milestoneSchema, values: milestone({ projectId: "" }), field: "projectId", key: "invalid" },
  { form: "milestone: no kind", schema: milestoneSchema, values: milestone({ kind: "" }), field: "kind", key: "choose" },
  { form: "milestone: unknown status", schema: milestoneSchema, values: milestone({ status: XSS_SCRIPT }), field: "status", key: "choose" },
  { form: "milestone: impossible due date", schema: milestoneSchema, values: milestone({ due: "2024-02-30" }), field: "due", key: "partialDateInvalid" },
  { form: "milestone: target that is not a number", schema: milestoneSchema, values: milestone({ targetValue: "1e9" }), field: "targetValue", key: "numberInvalid" },
  { form: "milestone: target of 2^53 + 1", schema: milestoneSchema, values: milestone({ targetValue: "9007199254740993" }), field: "targetValue", key: "numberInvalid" },
  { form: "milestone: achieved date while not achieved", schema: milestoneSchema, values: milestone({ achieved: "2024-10" }), field: "achieved", key: "achievedNeedsStatus" },

  // The quick progress update
  { form: "progress: no version", schema: milestoneProgressSchema, values: progress({ version: "" }), field: "version", key: "versionMissing" },
  { form: "progress: id with SQL", schema: milestoneProgressSchema, values: progress({ id: SQL }), field: "id", key: "invalid" },
  { form: "progress: actual value with markup", schema: milestoneProgressSchema, values: progress({ actualValue: XSS_IMG }), field: "actualValue", key: "numberInvalid" },
  { form: "progress: evidence of 2,001 characters", schema: milestoneProgressSchema, values: progress({ evidence: long(2001) }), field: "evidence", key: "tooLong" },

  // What sits under a project (lib/validations/project-structure.ts): money lives here
  { form: "funding: negative government won", schema: fundingLineSchema, values: under({ governmentWon: "-1" }), field: "governmentWon", key: "wonInvalid" },
  { form: "funding: 2^53 + 1 won", schema: fundingLineSchema, values: under({ governmentWon: "9007199254740993" }), field: "governmentWon", key: "wonTooLarge" },
  { form: "funding: fractional private cash", schema: fundingLineSchema, values: under({ governmentWon: "1", privateCashWon: "10.5" }), field: "privateCashWon", key: "wonInvalid" },
  { form: "funding: amount with SQL", schema: fundingLineSchema, values: under({ privateInKindWon: SQL }), field: "privateInKindWon", key: "wonInvalid" },
  { form: "funding: no amount at all", schema: fundingLineSchema, values: under({ fiscalYear: "2024" }), field: "governmentWon", key: "amountRequired" },
  { form: "funding: fiscal year 1989", schema: fundingLineSchema, values: under({ fiscalYear: "1989", governmentWon: "1" }), field: "fiscalYear", key: "yearInvalid" },
  { form: "funding: both a year and a stage", schema: fundingLineSchema, values: under({ fiscalYear: "2024", stage: "1", governmentWon: "1" }), field: "stage", key: "yearOrStage" },
  { form: "funding: note of 2,001 characters", schema: fundingLineSchema, values: under({ governmentWon: "1", noteKo: long(2001) }), field: "noteKo", key: "tooLong" },
  { form: "consortium: no institution", schema: participationSchema, values: under({ role: "JOINT" }), field: "institutionName", key: "required" },
  { form: "consortium: a name of legal-form marks only", schema: participationSchema, values: under({ role: "JOINT", institutionName: "㈜ (주)", institutionType: "SME" }), field: "institutionName", key: "institutionNameInvalid" },
  { form: "consortium: a new institution without its type", schema: participationSchema, values: under({ role: "JOINT", institutionName: "새기관" }), field: "institutionType", key: "institutionTypeRequired" },
  { form: "consortium: business number of 3 digits", schema: participationSchema, values: under({ role: "JOINT", institutionName: "새기관", institutionType: "SME", businessRegistrationNumber: "123" }), field: "businessRegistrationNumber", key: "brnInvalid" },
  { form: "researcher: empty name", schema: projectPersonSchema, values: under({ nameKo: "", role: "RESEARCHER" }), field: "nameKo", key: "required" },
  { form: "sub-project: number 0", schema: subProjectSchema, values: under({ seq: "0", titleKo: "세부" }), field: "seq", key: "seqInvalid" },
  { form: "sub-project: end before start", schema: subProjectSchema, values: under({ seq: "1", titleKo: "세부", periodStart: "2024-05", periodEnd: "2024-01" }), field: "periodEnd", key: "endBeforeStart" },
  { form: "sub-project: start without end", schema: subProjectSchema, values: under({ seq: "1", titleKo: "세부", periodStart: "2024-05" }), field: "periodEnd", key: "periodIncomplete" },
  { form: "identifier: empty value", schema: identifierSchema, values: under({ scheme: "NTIS", value: "" }), field: "value", key: "required" },
  { form: "identifier: unknown scheme", schema: identifierSchema, values: under({ scheme: SQL, value: "1" }), field: "scheme", key: "choose" },
];

/**
 * Each form's server action, and the placeholders ("1") its values carry for the real project,
 * milestone and versions: with real ones, an input that slipped past a missing validation would
 * be written, and the "writes nothing" comparison below would fail.
 */
const actionOf = new Map<z.ZodType, { action: Action; real: (now: Current) => Record<string, string> }>([
  [projectSchema, { action: saveProjectAction, real: (now) => ({ id: now.projectId, version: now.version }) }],
  [milestoneSchema, { action: saveMilestoneAction, real: (now) => ({ projectId: now.projectId }) }],
  [milestoneProgressSchema, { action: updateMilestoneProgressAction, real: (now) => ({ id: now.milestoneId, version: now.milestoneVersion }) }],
  [fundingLineSchema, { action: saveFundingLineAction, real: (now) => ({ projectId: now.projectId, version: now.version }) }],
  [participationSchema, { action: addParticipationAction, real: (now) => ({ projectId: now.projectId, version: now.version }) }],
  [projectPersonSchema, { action: addProjectPersonAction, real: (now) => ({ projectId: now.projectId, version: now.version }) }],
  [subProjectSchema, { action: saveSubProjectAction, real: (now) => ({ projectId: now.projectId, version: now.version }) }],
  [identifierSchema, { action: addIdentifierAction, real: (now) => ({ projectId: now.projectId, version: now.version }) }],
]);

describe("each bad input, submitted to its server action, gets an error on its field in Korean and writes nothing", () => {
  for (const c of badInputs) {
    it(c.form, async () => {
      const form = actionOf.get(c.schema);
      if (!form) throw new Error(`No server action for the schema of "${c.form}"`);
      const real = form.real(await current());
      const values = Object.fromEntries(Object.entries(c.values).map(([key, value]) => [key, value === "1" && key in real ? real[key]! : value]));
      const before = await everything();
      const state = await submit(form.action, values);
      expect(state.ok).toBe(false);
      expect(state.message).toBe(createTranslator({ locale: "ko", messages: koMessages, namespace: "errors" })("checkFields"));
      expect(state.fieldErrors?.[c.field]).toContain(tv(c.key as "invalid"));
      // What the user typed comes back, so the form keeps it.
      expect(state.values).toEqual(values);
      // The same message exists in English.
      expect(tvEn.has(c.key as "invalid")).toBe(true);
      expect(await everything()).toEqual(before);
    });
  }
});

describe("money is whole won from 0 to 2^53 − 1", () => {
  it("refuses negative, fractional and too large amounts with a named error", () => {
    const keys = (value: string) => { const r = optionalWon.safeParse(value); return r.success ? [] : r.error.issues.map((i) => i.message); };
    expect(keys("-1")).toEqual(["wonInvalid"]);
    expect(keys("-1,000")).toEqual(["wonInvalid"]);
    expect(keys("1.5")).toEqual(["wonInvalid"]);
    expect(keys("1e9")).toEqual(["wonInvalid"]);
    expect(keys(SQL)).toEqual(["wonInvalid"]);
    expect(keys("9007199254740993")).toEqual(["wonTooLarge"]);
    expect(keys("99999999999999999999999")).toEqual(["wonTooLarge"]);
    for (const key of ["wonInvalid", "wonTooLarge"]) {
      expect(tv.has(key as "invalid")).toBe(true);
      expect(tvEn.has(key as "invalid")).toBe(true);
    }
  });

  it("keeps valid amounts exact, as bigint", () => {
    expect(optionalWon.parse("28,100,000,000")).toBe(28_100_000_000n);
    expect(optionalWon.parse("9007199254740991")).toBe(MAX_WON);
    expect(optionalWon.parse("")).toBeNull();
    expect(optionalWon.parse("0")).toBe(0n);
  });

  it("a funding line keeps 2^53 − 1 won exactly, in the line and in the project's total, and its note verbatim", async () => {
    const { id } = await createProject(admin, projectSchema.parse(project({ slug: "exact-money" })));
    const version = (await db().project.findUniqueOrThrow({ where: { id } })).version;
    const line = fundingLineSchema.parse(under({ projectId: String(id), version: String(version), governmentWon: "9,007,199,254,740,991", noteKo: `${XSS_IMG} ${SQL}` }));
    const saved = await saveFundingLine(admin, line);
    const row = await db().fundingLine.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row.governmentWon).toBe(MAX_WON);
    expect(row.noteKo).toBe(`${XSS_IMG} ${SQL}`);
    expect((await db().project.findUniqueOrThrow({ where: { id } })).governmentTotalWon).toBe(MAX_WON);
  });

  it("the database refuses a negative amount even without the form", async () => {
    const before = await everything();
    await expect(db().fundingLine.create({ data: { projectId, governmentWon: -1n } })).rejects.toThrow(/government_won_check/);
    await expect(db().project.update({ where: { id: projectId }, data: { governmentTotalWon: -5n } })).rejects.toThrow(/government_total_won_check/);
    expect(await everything()).toEqual(before);
  });
});

describe("what passes the schema is stored verbatim", () => {
  it("markup and SQL-looking text in a new project and a milestone are stored as typed, and the tables are intact", async () => {
    const input = projectSchema.parse(project({
      slug: "verbatim-markup", titleKo: XSS_SCRIPT, titleEn: XSS_IMG, summaryKo: SQL, productKo: `${XSS_IMG}${SQL}`, programId: "",
    }));
    const { id } = await createProject(admin, input);
    const saved = await db().project.findUniqueOrThrow({ where: { id } });
    expect([saved.titleKo, saved.titleEn, saved.summaryKo, saved.productKo]).toEqual([XSS_SCRIPT, XSS_IMG, SQL, `${XSS_IMG}${SQL}`]);
    const view = await getWorkspaceProject(admin, id);
    expect(view.titleKo).toBe(XSS_SCRIPT);

    const m = milestoneSchema.parse(milestone({ projectId: String(id), titleKo: SQL, titleEn: XSS_SCRIPT, evidenceKo: XSS_IMG, unitKo: "<b>" }));
    const created = await saveMilestone(admin, m);
    const row = await db().milestone.findUniqueOrThrow({ where: { id: created.id } });
    expect([row.titleKo, row.titleEn, row.evidenceKo, row.unitKo]).toEqual([SQL, XSS_SCRIPT, XSS_IMG, "<b>"]);

    // Public readers get the same characters; React renders them as text.
    await setProjectPublication(admin, { id, version: view.version, publish: true });
    const published = await getPublishedProject("verbatim-markup");
    expect(published?.titleKo).toBe(XSS_SCRIPT);
    expect(published?.milestones.map((x) => x.titleKo)).toContain(SQL);

    expect(await db().project.count()).toBeGreaterThanOrEqual(4);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "project.create", entityId: String(id) } });
    expect((audit.after as { titleKo?: string }).titleKo).toBe(XSS_SCRIPT);
  });

  it("a progress note with markup is stored as typed", async () => {
    const version = (await db().milestone.findUniqueOrThrow({ where: { id: milestoneId } })).version;
    await updateMilestoneProgress(admin, milestoneProgressSchema.parse(progress({ id: String(milestoneId), version: String(version), evidence: `${XSS_SCRIPT} ${SQL}` })), "en");
    expect((await db().milestone.findUniqueOrThrow({ where: { id: milestoneId } })).evidenceEn).toBe(`${XSS_SCRIPT} ${SQL}`);
  });

  it("Hangul typed as NFD (macOS) is stored as NFC and found by an NFD search", async () => {
    expect(NFD).not.toBe(NFD.normalize("NFC"));
    const input = projectSchema.parse(project({ slug: "nfd-hangul", titleKo: NFD, summaryKo: ` ${NFD} ` }));
    const { id } = await createProject(admin, input);
    const saved = await db().project.findUniqueOrThrow({ where: { id } });
    expect(saved.titleKo).toBe("수소전기트램 실증");
    expect(saved.summaryKo).toBe("수소전기트램 실증");
    expect(saved.searchText).toContain("수소전기트램");
    const found = await listWorkspaceProjects(admin, { q: "전기트램 실증".normalize("NFD") });
    expect(found.items.map((p) => p.id)).toContain(id);

    const m = await saveMilestone(admin, milestoneSchema.parse(milestone({ projectId: String(id), titleKo: "시제품 제작".normalize("NFD") })));
    expect((await db().milestone.findUniqueOrThrow({ where: { id: m.id } })).titleKo).toBe("시제품 제작");
  });
});

describe("below the schemas, the database refuses what slips past them and writes nothing", () => {
  // A caller that skipped the schema (a script, a future route): the data functions trust their
  // typed input, so these are the database's CHECK and length rules, inside the write's transaction.
  async function editedWith(change: Partial<ProjectInput>): Promise<ProjectInput> {
    const current = await db().project.findUniqueOrThrow({ where: { id: projectId } });
    const valid = projectSchema.parse(project({
      id: String(projectId), version: String(current.version), slug: "", titleKo: current.titleKo,
      periodStart: current.periodStart.toISOString().slice(0, 7), periodEnd: current.periodEnd.toISOString().slice(0, 7),
      status: current.status, programId: current.programId === null ? "" : String(current.programId),
    }));
    return { ...valid, ...change };
  }

  for (const [name, change, refusal] of [
    ["end before start", { periodStart: new Date("2025-03-01"), periodEnd: new Date("2024-12-01") }, /project_period_order_check/],
    ["a title longer than its column", { titleKo: long(501) }, /too long/],
    ["a negative published duration", { publishedDurationMonths: -3 }, /project_published_duration_months_check/],
  ] as const) {
    it(`updateProject: ${name}`, async () => {
      const input = await editedWith(change);
      const before = await everything();
      await expect(updateProject(admin, input)).rejects.toThrow(refusal);
      expect(await everything()).toEqual(before);
    });
  }

  it("saveFundingLine: a negative amount", async () => {
    const version = (await db().project.findUniqueOrThrow({ where: { id: projectId } })).version;
    const input = fundingLineSchema.parse(under({ projectId: String(projectId), version: String(version), stage: "9", governmentWon: "1" }));
    const before = await everything();
    await expect(saveFundingLine(admin, { ...input, governmentWon: -1n })).rejects.toThrow(/government_won_check/);
    expect(await everything()).toEqual(before);
  });

  it("addParticipation: a new institution whose name is only punctuation", async () => {
    const version = (await db().project.findUniqueOrThrow({ where: { id: projectId } })).version;
    const input = participationSchema.parse(under({ projectId: String(projectId), version: String(version), role: "JOINT", institutionName: "새 기관", institutionType: "SME" }));
    const before = await everything();
    await expect(addParticipation(admin, { ...input, institution: { kind: "new", nameKo: "㈜", nameEn: null, type: "SME", businessRegistrationNumber: null } })).rejects.toThrow(/normalized_name_check/);
    expect(await everything()).toEqual(before);
  });

  it("saveMilestone: a title longer than its column", async () => {
    const input = milestoneSchema.parse(milestone({ projectId: String(projectId) }));
    const before = await everything();
    await expect(saveMilestone(admin, { ...input, titleKo: long(301) })).rejects.toThrow(/too long/);
    expect(await everything()).toEqual(before);
  });
});
