import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getComparison } from "@/lib/data/comparison";
import { getDashboard, getPublicStatistics } from "@/lib/data/dashboard";
import { createEvaluation, listProjectEvaluations } from "@/lib/data/evaluations";
import { getPublishedProject } from "@/lib/data/public-projects";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { makeActor } from "@/lib/testing/factories";
import { resetDatabase } from "@/lib/testing/reset-database";
import { DEFAULT_QUERY } from "@/lib/validations/portfolio-query";
import { evaluationSchema } from "@/lib/validations/evaluation";
import { createProjectGraph } from "@/prisma/factories";
import { seedDemoAccounts, seedPublishedPortfolio } from "@/prisma/seed";
import { syntheticProjectSpec } from "@/prisma/synthetic";

// Comparison, evaluations and dashboards against a real PostgreSQL, with figures computed by hand.

const TRAM = "hydrogen-electric-tram";
const ADAS = "multi-sensor-adas-soc";
const ORGAN = "meta-soft-organ-modules";
const TODAY = new Date("2026-11-25T00:00:00Z");
/** Milestone health on TODAY of the published portfolio and the dashboard test's own draft. */
const MILESTONE_HEALTH = { overdue: 2, dueWithin30Days: 0, achievedThisQuarter: 0 };

let reviewer: Actor;
let otherReviewer: Actor;
let pm: Actor;
let admin: Actor;

async function actorFor(email: string): Promise<Actor> {
  const u = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, managesUnassignedProjects: true, programs: { select: { programId: true } } } });
  return { id: u.id, email: u.email, name: u.name, role: u.role, programIds: u.programs.map((p) => p.programId), managesUnassignedProjects: u.managesUnassignedProjects, ip: null };
}

const form = (values: Record<string, string>) => evaluationSchema.safeParse(values);
const goodForm = (projectId: number, extra: Record<string, string> = {}) => ({
  projectId: String(projectId), kind: "STAGE", round: "1", evaluatedOn: "2025-06-30", verdict: "CONTINUE",
  score_goalAchievement: "27", score_execution: "18", score_excellence: "17", score_commercialization: "15", score_budget: "9",
  comments: "비공개 평가 의견 SECRET-EVAL-TEXT", ...extra,
});

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "none";
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  await seedDemoAccounts(db());
  reviewer = await actorFor("reviewer@keit.example");
  pm = await actorFor("pm@keit.example");
  admin = await actorFor("admin@keit.example");
  otherReviewer = await makeActor({ email: "reviewer2@keit.example", name: "평가위원 2", role: "REVIEWER" });
});

describe("the comparison of the published projects", () => {
  it("matches the figures computed by hand, unknowns included, for anonymous visitors", async () => {
    const c = await getComparison(null, [TRAM, ADAS, ORGAN], TODAY);
    expect(c.internal).toBe(false);
    expect(c.projects.map((p) => p.slug)).toEqual([TRAM, ADAS, ORGAN]);
    const row = (key: string) => c.rows.find((r) => r.key === key);
    expect(row("governmentWon")?.cells.map((x) => x.value)).toEqual([28_100_000_000n, 3_891_000_000n, 19_862_000_000n]);
    expect(row("duration")?.cells.map((x) => x.value)).toEqual([33, 57, 75]);
    expect(row("governmentPerMonth")?.cells.map((x) => x.value)).toEqual([851_515_152n, 68_263_158n, 264_826_667n]);
    expect(row("governmentPerInstitution")?.cells.map((x) => x.value)).toEqual([7_025_000_000n, 972_750_000n, 1_418_714_286n]);
    expect(row("totalWon")?.cells.map((x) => [x.value, x.unknown])).toEqual([[null, "partUnknown"], [null, "partUnknown"], [null, "partUnknown"]]);
    expect(row("milestonesTotal")?.cells.map((x) => x.value)).toEqual([7, 4, 6]);
    expect(row("milestonesAchieved")?.cells.map((x) => x.value)).toEqual([6, 3, 3]);
    expect(row("targetVsActual")?.cells.map((x) => x.value)).toEqual([200, null, 100]);
    expect(row("institutionsByType")?.cells.map((x) => x.value)).toEqual([
      "GOVERNMENT_RESEARCH_INSTITUTE:2,LARGE_COMPANY:1,PUBLIC_BODY:1",
      "SME:2,GOVERNMENT_RESEARCH_INSTITUTE:1,MIDSIZE_COMPANY:1",
      "UNIVERSITY:8,SME:5,HOSPITAL:1",
    ]);
    expect(c.rows.some((r) => r.key === "qualityFlags" || r.key === "latestVerdict")).toBe(false);
  });

  it("never shows drafts to anonymous visitors, and says so the same way as for unknown slugs", async () => {
    await db().$transaction((tx) => createProjectGraph(tx, { ...syntheticProjectSpec(1), slug: "draft-for-compare", publication: "DRAFT" }));
    const c = await getComparison(null, [TRAM, "draft-for-compare", "no-such-slug"], TODAY);
    expect(c.projects.map((p) => p.slug)).toEqual([TRAM]);
    expect(c.missing).toEqual(["draft-for-compare", "no-such-slug"]);
    const internal = await getComparison(admin, [TRAM, "draft-for-compare"], TODAY);
    expect(internal.projects.map((p) => p.slug)).toEqual([TRAM, "draft-for-compare"]);
    const draft = await db().project.findUniqueOrThrow({ where: { slug: "draft-for-compare" }, select: { id: true } });
    const tram = await db().project.findUniqueOrThrow({ where: { slug: TRAM }, select: { id: true } });
    const flagsOf = async (id: number) => (await db().project.findUniqueOrThrow({ where: { id }, select: { qualityFlags: true } })).qualityFlags.length;
    expect(await flagsOf(draft.id)).toBeGreaterThan(0);
    expect(internal.rows.find((r) => r.key === "qualityFlags")?.cells.map((x) => x.value)).toEqual([await flagsOf(tram.id), await flagsOf(draft.id)]);
  });
});

describe("evaluations", () => {
  it("validates scores, verdicts and dates, and recomputes the total on the server", async () => {
    const tram = await db().project.findUniqueOrThrow({ where: { slug: TRAM }, select: { id: true } });
    expect(form(goodForm(tram.id)).success).toBe(true);
    const issues = (values: Record<string, string>) => {
      const r = form(values);
      return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}:${i.message}`);
    };
    expect(issues(goodForm(tram.id, { score_budget: "11" }))).toEqual(["score_budget:scoreTooHigh"]);
    expect(issues(goodForm(tram.id, { score_execution: "-1" }))).toEqual(["score_execution:scoreInvalid"]);
    expect(issues(goodForm(tram.id, { score_excellence: "" }))).toEqual(["score_excellence:required"]);
    expect(issues(goodForm(tram.id, { kind: "FINAL", verdict: "CONTINUE" }))).toEqual(["verdict:verdictForKind"]);
    expect(issues(goodForm(tram.id, { kind: "STAGE", verdict: "DILIGENT_FAILURE" }))).toEqual(["verdict:verdictForKind"]);
    expect(issues(goodForm(tram.id, { evaluatedOn: "2999-01-01" }))).toEqual(["evaluatedOn:dateNotFuture"]);
    expect(issues(goodForm(tram.id, { comments: "x".repeat(4001) }))).toEqual(["comments:tooLong"]);
    // A forged total in the form is ignored: the schema has no such field and the server adds up.
    const parsed = form({ ...goodForm(tram.id), totalScore: "100" });
    if (!parsed.success) throw new Error("valid form");
    const saved = await createEvaluation(reviewer, parsed.data);
    expect(saved.totalScore).toBe(27 + 18 + 17 + 15 + 9);
    const row = await db().evaluation.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row.totalScore.toString()).toBe("86");
    expect(await db().auditLog.count({ where: { action: "evaluation.create", entityId: String(saved.id), outcome: "SUCCESS" } })).toBe(1);
  });

  it("allows one evaluation per reviewer, project, kind and round; another reviewer may add theirs", async () => {
    const tram = await db().project.findUniqueOrThrow({ where: { slug: TRAM }, select: { id: true } });
    const parsed = form(goodForm(tram.id));
    if (!parsed.success) throw new Error("valid form");
    const before = await db().evaluation.count();
    expect(await errorCode(createEvaluation(reviewer, parsed.data))).toBe("VALIDATION");
    expect(await db().evaluation.count()).toBe(before);
    await createEvaluation(otherReviewer, parsed.data);
    expect(await db().evaluation.count()).toBe(before + 1);
  });

  it("refuses anonymous visitors and program managers, changes nothing and audits the refusal", async () => {
    const adas = await db().project.findUniqueOrThrow({ where: { slug: ADAS }, select: { id: true } });
    const parsed = form(goodForm(adas.id));
    if (!parsed.success) throw new Error("valid form");
    const before = await db().evaluation.count();
    expect(await errorCode(createEvaluation(null, parsed.data))).toBe("UNAUTHENTICATED");
    expect(await errorCode(createEvaluation(pm, parsed.data))).toBe("FORBIDDEN");
    expect(await errorCode(createEvaluation(admin, parsed.data))).toBe("FORBIDDEN");
    expect(await db().evaluation.count()).toBe(before);
    expect(await db().auditLog.count({ where: { action: "evaluation.write", outcome: "DENIED", actorId: pm.id } })).toBe(1);
    expect(await errorCode(listProjectEvaluations(null, adas.id))).toBe("UNAUTHENTICATED");
  });

  it("stays internal: the public project data and comparison carry no evaluation", async () => {
    const publicProject = await getPublishedProject(TRAM);
    expect(JSON.stringify(publicProject, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toMatch(/SECRET-EVAL-TEXT|CONTINUE|totalScore/);
    const anonymous = await getComparison(null, [TRAM, ADAS], TODAY);
    expect(JSON.stringify(anonymous, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toMatch(/CONTINUE|SECRET-EVAL-TEXT/);
    const internal = await getComparison(reviewer, [TRAM, ADAS], TODAY);
    expect(internal.rows.find((r) => r.key === "latestVerdict")?.cells.map((c) => c.value)).toEqual(["CONTINUE", null]);
    const list = await listProjectEvaluations(pm, (await db().project.findUniqueOrThrow({ where: { slug: TRAM } })).id);
    expect(list.map((e) => e.comments)).toContain("비공개 평가 의견 SECRET-EVAL-TEXT");
  });
});

describe("dashboards", () => {
  // A state of its own, whatever ran before: the published portfolio and one draft made here.
  let draftFlags = 0;
  beforeAll(async () => {
    await resetDatabase();
    await seedPublishedPortfolio(db());
    admin = await makeActor({ role: "ADMIN" });
    const draft = await db().$transaction((tx) => createProjectGraph(tx, { ...syntheticProjectSpec(2), slug: "draft-for-dashboard", publication: "DRAFT" }));
    draftFlags = (await db().project.findUniqueOrThrow({ where: { id: draft }, select: { qualityFlags: true } })).qualityFlags.length;
  });

  it("aggregate the published portfolio exactly for the public, and include drafts and milestone health internally", async () => {
    const stats = await getPublicStatistics(DEFAULT_QUERY);
    expect(stats.projects).toBe(3);
    expect(stats.governmentWon).toBe(51_853_000_000n);
    expect(stats.byArea.map((s) => [s.key, s.governmentWon])).toEqual([
      ["HYDROGEN", 28_100_000_000n], ["ADVANCED_BIO", 19_862_000_000n], ["SEMICONDUCTOR_DISPLAY", 3_891_000_000n],
    ]);
    expect(stats.byYear.map((s) => [s.key, s.projects])).toEqual([["2020", 2], ["2021", 1]]);
    expect(stats.byProgram.map((s) => [s.nameKo, s.projects, s.governmentWon])).toEqual([[null, 2, 31_991_000_000n], ["알키미스트 프로젝트", 1, 19_862_000_000n]]);
    expect(stats.topInstitutions[0]).toMatchObject({ nameKo: "현대로템㈜", projects: 1, governmentWon: 28_100_000_000n });
    expect(stats.milestones).toBeNull();
    expect(stats.flaggedProjects).toBeNull();

    const filtered = await getPublicStatistics({ ...DEFAULT_QUERY, instType: ["UNIVERSITY"] });
    expect([filtered.projects, filtered.governmentWon]).toEqual([1, 19_862_000_000n]);

    const dashboard = await getDashboard(admin, DEFAULT_QUERY, TODAY);
    expect(dashboard.projects).toBe(4); // the draft made above counts internally
    // The tram and the organ modules carry data checks in the published portfolio; the draft too if it has any.
    expect(dashboard.flaggedProjects).toBe(2 + (draftFlags > 0 ? 1 : 0));
    expect(dashboard.milestones).toEqual(MILESTONE_HEALTH);
    expect(await errorCode(getDashboard(null, DEFAULT_QUERY))).toBe("UNAUTHENTICATED");
  });
});
