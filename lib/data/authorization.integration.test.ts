// Size (above 300 lines): the matrix is one table of every data function × caller; splitting it
// would split the table, which is what a reviewer reads to see that nothing is missing.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  deleteMilestone, getMilestoneHistory, getWorkspaceMilestone, listMyMilestones, saveMilestone, updateMilestoneProgress,
} from "@/lib/data/milestones";
import { deleteFundingLine, saveFundingLine } from "@/lib/data/project-structure/funding-lines";
import { addIdentifier, removeIdentifier } from "@/lib/data/project-structure/identifiers";
import { addParticipation, removeParticipation } from "@/lib/data/project-structure/participations";
import { getProjectStructure, searchInstitutions } from "@/lib/data/project-structure/read";
import { addProjectPerson, removeProjectPerson } from "@/lib/data/project-structure/researchers";
import { deleteSubProject, saveSubProject } from "@/lib/data/project-structure/sub-projects";
import { deletePayment, recordPayment } from "@/lib/data/grants/payments";
import { getComparisonGrantFigures, getProjectGrants, listCostCategories } from "@/lib/data/grants/read";
import { getGrantDashboard, listGrantAlerts } from "@/lib/data/grants/dashboard";
import { recordSpending } from "@/lib/data/grants/spending";
import { saveAgreement, saveAgreementAmounts } from "@/lib/data/grants/agreements";
import { saveSettlement } from "@/lib/data/grants/settlement";
import { getComparison } from "@/lib/data/comparison";
import { getDashboard, getPublicStatistics } from "@/lib/data/dashboard";
import { createEvaluation, latestVerdicts, listProjectEvaluations } from "@/lib/data/evaluations";
import { createUser, getUser, listProgramChoices, listUsers, resetPassword, updateUser } from "@/lib/data/users";
import {
  createProject, getProjectHistory, getWorkspaceProject, listSelectablePrograms, listWorkspaceProjects, setProjectPublication, updateProject,
} from "@/lib/data/workspace-projects";
import { AppError, type AppErrorCode } from "@/lib/errors";
import type { Actor, Role } from "@/lib/permissions";
import { makeActor as makeUserActor } from "@/lib/testing/factories";
import { resetDatabase } from "@/lib/testing/reset-database";
import { evaluationSchema } from "@/lib/validations/evaluation";
import {
  agreementAmountsSchema, agreementSchema, paymentSchema, removeGrantRowSchema, settlementSchema, spendingSchema,
} from "@/lib/validations/grants";
import { milestoneProgressSchema, milestoneSchema } from "@/lib/validations/milestone";
import { DEFAULT_QUERY } from "@/lib/validations/portfolio-query";
import { projectSchema } from "@/lib/validations/project";
import {
  fundingLineSchema, identifierSchema, participationSchema, projectPersonSchema, removeRowSchema, subProjectSchema,
} from "@/lib/validations/project-structure";
import { createProjectGraph } from "@/prisma/factories";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { ALCHEMIST_PROGRAM } from "@/prisma/seed-data/published-portfolio";
import type { ProgramSpec } from "@/prisma/seed-data/types";
import { syntheticProgram, syntheticProjectSpec } from "@/prisma/synthetic";

// THE AUTHORIZATION MATRIX of the data layer: every data function × every kind of caller.
// Program A is the Alchemist program (the published organ-modules project); program B holds a
// DRAFT project. An allowed cell succeeds; a denied cell throws the AppError named in the table,
// changes no row, and leaves exactly one DENIED audit row when the caller is signed in (none for
// an anonymous caller, none for a NOT_FOUND, which must look like a missing id). Adding a data
// function is one entry in `cases`.

type Caller = "anonymous" | "ADMIN" | "PM_A" | "PM_B" | "REVIEWER";
const CALLERS: readonly Caller[] = ["anonymous", "ADMIN", "PM_A", "PM_B", "REVIEWER"];
type Outcome = "ok" | Extract<AppErrorCode, "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND">;
type Expectation = Record<Caller, Outcome>;

// The shapes of the matrix's rows.
const WRITE_A: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "ok", PM_A: "ok", PM_B: "FORBIDDEN", REVIEWER: "FORBIDDEN" };
const WRITE_B: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "ok", PM_A: "FORBIDDEN", PM_B: "ok", REVIEWER: "FORBIDDEN" };
const ADMIN_ONLY: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "ok", PM_A: "FORBIDDEN", PM_B: "FORBIDDEN", REVIEWER: "FORBIDDEN" };
const MANAGERS: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "ok", PM_A: "ok", PM_B: "ok", REVIEWER: "FORBIDDEN" };
const SIGNED_IN: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "ok", PM_A: "ok", PM_B: "ok", REVIEWER: "ok" };
const REVIEWERS_ONLY: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "FORBIDDEN", PM_A: "FORBIDDEN", PM_B: "FORBIDDEN", REVIEWER: "ok" };
const EVERYONE: Expectation = { anonymous: "ok", ADMIN: "ok", PM_A: "ok", PM_B: "ok", REVIEWER: "ok" };
/** A draft is read by admins, reviewers and the managers of its program; to anyone else it does not exist. */
const DRAFT_OF_B: Expectation = { anonymous: "UNAUTHENTICATED", ADMIN: "ok", PM_A: "NOT_FOUND", PM_B: "ok", REVIEWER: "ok" };

const PROGRAM_B: ProgramSpec = { ...syntheticProgram(5), code: "authz-program-b" };

/** A project and one row of each kind under it (the sub-project is unused, so it may be deleted). */
type Target = {
  projectId: number; milestoneId: number; fundingLineId: number; participationId: number; projectPersonId: number;
  subProjectId: number; identifierId: number; institutionId: number;
  /** A signed 2024 agreement awarding the participating institution, with one payment. */
  agreementId: number; paymentId: number;
};
type World = {
  programA: number;
  programB: number;
  /** Program A, published. */
  a: Target;
  /** Program B, a draft. */
  b: Target;
  /** A user to administer. */
  userId: number;
};
type Context = { actors: Record<Caller, Actor | null>; caller: Caller; world: World; n: number };

type Case = {
  name: string;
  expect: Expectation;
  /** Write cases get projects and a user of their own, so that no cell sees another's change. */
  writes?: boolean;
  run: (actor: Actor | null, ctx: Context) => Promise<unknown>;
  /** What an allowed call must (not) return: the scope of lists. */
  check?: (result: never, ctx: Context) => void | Promise<void>;
};

// ---------------------------------------------------------------------------------------------
// Inputs, built with the same schemas the forms and server actions use.

async function milestoneVersion(id: number) {
  return (await db().milestone.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
}
async function projectVersion(id: number) {
  return (await db().project.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
}
async function progressInput(id: number) {
  return milestoneProgressSchema.parse({ id: String(id), version: String(await milestoneVersion(id)), status: "IN_PROGRESS", actualValue: "12", evidence: "matrix" });
}
function newMilestoneInput(projectId: number) {
  return milestoneSchema.parse({ projectId: String(projectId), titleKo: "권한 표 마일스톤", kind: "DELIVERABLE", status: "PLANNED", due: "2027-06" });
}
async function editedMilestoneInput(target: Target) {
  return milestoneSchema.parse({
    id: String(target.milestoneId), projectId: String(target.projectId), version: String(await milestoneVersion(target.milestoneId)),
    titleKo: "고친 마일스톤", kind: "EVALUATION", status: "PLANNED", due: "2028",
  });
}
function newProjectInput(n: number, programId: number | null) {
  return projectSchema.parse({
    slug: `authz-new-${n}`, titleKo: `권한 표 새 과제 ${n}`, periodStart: "2025-01", periodEnd: "2027-12", status: "PLANNED",
    programId: programId === null ? "" : String(programId),
  });
}
async function editedProjectInput(projectId: number, programId: number) {
  return projectSchema.parse({
    id: String(projectId), version: String(await projectVersion(projectId)), titleKo: `고친 과제 ${projectId}`,
    periodStart: "2020-01", periodEnd: "2024-12", status: "ACTIVE", programId: String(programId),
  });
}

const structure = async (target: Target, values: Record<string, string>) => ({
  projectId: String(target.projectId), version: String(await projectVersion(target.projectId)), ...values,
});
async function fundingLineInput(target: Target, edit: boolean) {
  if (!edit) return fundingLineSchema.parse(await structure(target, { stage: "7", governmentWon: "1,000,000", noteKo: "권한 표" }));
  const line = await db().fundingLine.findUniqueOrThrow({ where: { id: target.fundingLineId } });
  return fundingLineSchema.parse(await structure(target, {
    id: String(line.id), subProjectId: line.subProjectId === null ? "" : String(line.subProjectId), fiscalYear: line.fiscalYear === null ? "" : String(line.fiscalYear),
    stage: line.stage === null ? "" : String(line.stage), governmentWon: "123456789",
  }));
}
function evaluationInput(projectId: number, round: number, verdict = "CONTINUE") {
  return evaluationSchema.parse({
    projectId: String(projectId), kind: "ANNUAL", round: String(round), evaluatedOn: "2025-03-02", verdict,
    score_goalAchievement: "25", score_execution: "15", score_excellence: "15", score_commercialization: "10", score_budget: "8",
  });
}
const slugOf = async (id: number) => (await db().project.findUniqueOrThrow({ where: { id }, select: { slug: true } })).slug;
const removeRow = async (target: Target, id: number) => removeRowSchema.parse(await structure(target, { id: String(id) }));
const grantRow = (target: Target, values: Record<string, string>) => structure(target, { agreementId: String(target.agreementId), institutionId: String(target.institutionId), ...values });

// ---------------------------------------------------------------------------------------------
// The matrix.

const ids = (items: { id: number }[]) => items.map((i) => i.id);

const cases: Case[] = [
  // lib/data/milestones.ts
  { name: "updateMilestoneProgress (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => updateMilestoneProgress(actor, await progressInput(world.a.milestoneId), "ko") },
  { name: "updateMilestoneProgress (draft of B)", expect: WRITE_B, writes: true, run: async (actor, { world }) => updateMilestoneProgress(actor, await progressInput(world.b.milestoneId), "en") },
  { name: "saveMilestone: create (program A)", expect: WRITE_A, writes: true, run: (actor, { world }) => saveMilestone(actor, newMilestoneInput(world.a.projectId)) },
  { name: "saveMilestone: create (draft of B)", expect: WRITE_B, writes: true, run: (actor, { world }) => saveMilestone(actor, newMilestoneInput(world.b.projectId)) },
  { name: "saveMilestone: update (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => saveMilestone(actor, await editedMilestoneInput(world.a)) },
  { name: "saveMilestone: update (draft of B)", expect: WRITE_B, writes: true, run: async (actor, { world }) => saveMilestone(actor, await editedMilestoneInput(world.b)) },
  {
    name: "saveMilestone: update a milestone of A through project B", expect: { ...WRITE_B, ADMIN: "NOT_FOUND", PM_B: "NOT_FOUND" }, writes: true,
    run: async (actor, { world }) => saveMilestone(actor, { ...(await editedMilestoneInput(world.a)), projectId: world.b.projectId }),
  },
  { name: "deleteMilestone (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => deleteMilestone(actor, { id: world.a.milestoneId, version: await milestoneVersion(world.a.milestoneId) }) },
  { name: "deleteMilestone (draft of B)", expect: WRITE_B, writes: true, run: async (actor, { world }) => deleteMilestone(actor, { id: world.b.milestoneId, version: await milestoneVersion(world.b.milestoneId) }) },
  {
    name: "listMyMilestones", expect: MANAGERS, run: (actor) => listMyMilestones(actor, { today: new Date("2025-06-01") }),
    check: async (result: Awaited<ReturnType<typeof listMyMilestones>>, { caller, world }) => {
      const programs = await db().project.findMany({ where: { id: { in: [...new Set(result.items.map((i) => i.projectId))] } }, select: { programId: true } });
      if (caller === "PM_A") expect(programs.every((p) => p.programId === world.programA)).toBe(true);
      if (caller === "PM_B") expect(programs.every((p) => p.programId === world.programB)).toBe(true);
      if (caller !== "PM_A") return;
      expect(result.total).toBeGreaterThan(0);
      expect(result.items.some((i) => i.projectId === world.b.projectId)).toBe(false);
    },
  },
  { name: "getMilestoneHistory (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => getMilestoneHistory(actor, world.a.milestoneId) },
  { name: "getMilestoneHistory (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => getMilestoneHistory(actor, world.b.milestoneId) },
  { name: "getWorkspaceMilestone (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => getWorkspaceMilestone(actor, world.a.milestoneId),
    check: (result: Awaited<ReturnType<typeof getWorkspaceMilestone>>, { caller }) => expect(result.canUpdate).toBe(caller === "ADMIN" || caller === "PM_A") },
  { name: "getWorkspaceMilestone (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => getWorkspaceMilestone(actor, world.b.milestoneId) },

  // lib/data/workspace-projects.ts
  { name: "createProject (program A)", expect: WRITE_A, writes: true, run: (actor, { world, n }) => createProject(actor, newProjectInput(n, world.programA)) },
  { name: "createProject (program B)", expect: WRITE_B, writes: true, run: (actor, { world, n }) => createProject(actor, newProjectInput(n, world.programB)) },
  { name: "createProject (no program)", expect: ADMIN_ONLY, writes: true, run: (actor, { n }) => createProject(actor, newProjectInput(n, null)) },
  { name: "updateProject (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => updateProject(actor, await editedProjectInput(world.a.projectId, world.programA)) },
  { name: "updateProject (draft of B)", expect: WRITE_B, writes: true, run: async (actor, { world }) => updateProject(actor, await editedProjectInput(world.b.projectId, world.programB)) },
  {
    name: "updateProject: move A's project into program B", expect: ADMIN_ONLY, writes: true,
    run: async (actor, { world }) => updateProject(actor, await editedProjectInput(world.a.projectId, world.programB)),
  },
  { name: "setProjectPublication: unpublish (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => setProjectPublication(actor, { id: world.a.projectId, version: await projectVersion(world.a.projectId), publish: false }) },
  { name: "setProjectPublication: publish (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world }) => setProjectPublication(actor, { id: world.b.projectId, version: await projectVersion(world.b.projectId), publish: true }) },
  {
    name: "getWorkspaceProject (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => getWorkspaceProject(actor, world.a.projectId),
    check: (result: Awaited<ReturnType<typeof getWorkspaceProject>>, { caller }) => {
      expect(result.canEdit).toBe(caller === "ADMIN" || caller === "PM_A");
      expect(result.canPublish).toBe(caller === "ADMIN" || caller === "PM_A");
    },
  },
  { name: "getWorkspaceProject (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => getWorkspaceProject(actor, world.b.projectId) },
  { name: "getProjectHistory (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => getProjectHistory(actor, world.a.projectId) },
  { name: "getProjectHistory (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => getProjectHistory(actor, world.b.projectId) },
  {
    name: "listWorkspaceProjects", expect: SIGNED_IN, run: (actor) => listWorkspaceProjects(actor, { pageSize: 1000 }),
    check: (result: Awaited<ReturnType<typeof listWorkspaceProjects>>, { caller, world }) => {
      expect(ids(result.items).includes(world.b.projectId)).toBe(caller !== "PM_A");
      expect(result.items.find((i) => i.id === world.a.projectId)?.canEdit).toBe(caller === "ADMIN" || caller === "PM_A");
    },
  },
  {
    name: "listSelectablePrograms", expect: SIGNED_IN, run: (actor) => listSelectablePrograms(actor),
    check: (result: Awaited<ReturnType<typeof listSelectablePrograms>>, { caller, world }) => {
      const expected = { ADMIN: null, PM_A: [world.programA], PM_B: [world.programB], REVIEWER: [], anonymous: [] }[caller];
      if (expected) expect(ids(result)).toEqual(expected);
      else expect(ids(result)).toEqual(expect.arrayContaining([world.programA, world.programB]));
    },
  },

  // lib/data/project-structure.ts
  { name: "getProjectStructure (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => getProjectStructure(actor, world.a.projectId),
    check: (result: Awaited<ReturnType<typeof getProjectStructure>>, { caller }) => expect(result.canEdit).toBe(caller === "ADMIN" || caller === "PM_A") },
  { name: "getProjectStructure (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => getProjectStructure(actor, world.b.projectId) },
  { name: "searchInstitutions", expect: SIGNED_IN, run: (actor) => searchInstitutions(actor, "대학교") },
  { name: "saveFundingLine: create (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => saveFundingLine(actor, await fundingLineInput(world.a, false)) },
  { name: "saveFundingLine: create (draft of B)", expect: WRITE_B, writes: true, run: async (actor, { world }) => saveFundingLine(actor, await fundingLineInput(world.b, false)) },
  { name: "saveFundingLine: update (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => saveFundingLine(actor, await fundingLineInput(world.a, true)) },
  {
    name: "saveFundingLine: update a line of A through project B", expect: { ...WRITE_B, anonymous: "NOT_FOUND", ADMIN: "NOT_FOUND", PM_A: "NOT_FOUND", PM_B: "NOT_FOUND", REVIEWER: "NOT_FOUND" }, writes: true,
    run: async (actor, { world }) => saveFundingLine(actor, { ...(await fundingLineInput(world.a, true)), projectId: world.b.projectId, version: await projectVersion(world.b.projectId) }),
  },
  { name: "deleteFundingLine (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => deleteFundingLine(actor, await removeRow(world.a, world.a.fundingLineId)) },
  {
    name: "addParticipation: a registered institution (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => addParticipation(actor, participationSchema.parse(await structure(world.a, { role: "PARTICIPATING", institutionId: String(world.b.institutionId) }))),
  },
  {
    name: "addParticipation: a new institution (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world, n }) => addParticipation(actor, participationSchema.parse(await structure(world.b, { role: "JOINT", institutionName: `권한표 신규기관 ${n}`, institutionType: "SME" }))),
  },
  { name: "removeParticipation (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => removeParticipation(actor, await removeRow(world.a, world.a.participationId)) },
  {
    name: "addProjectPerson (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => addProjectPerson(actor, projectPersonSchema.parse(await structure(world.a, { nameKo: "홍길동", role: "RESEARCHER" }))),
  },
  { name: "removeProjectPerson (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => removeProjectPerson(actor, await removeRow(world.a, world.a.projectPersonId)) },
  {
    name: "saveSubProject: create (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => saveSubProject(actor, subProjectSchema.parse(await structure(world.a, { seq: "42", titleKo: "권한 표 세부과제" }))),
  },
  {
    name: "saveSubProject: create (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world }) => saveSubProject(actor, subProjectSchema.parse(await structure(world.b, { seq: "42", titleKo: "권한 표 세부과제" }))),
  },
  { name: "deleteSubProject (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => deleteSubProject(actor, await removeRow(world.a, world.a.subProjectId)) },
  {
    name: "addIdentifier (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world, n }) => addIdentifier(actor, identifierSchema.parse(await structure(world.a, { scheme: "AGENCY", value: `AUTHZ-${n}` }))),
  },
  {
    name: "addIdentifier (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world, n }) => addIdentifier(actor, identifierSchema.parse(await structure(world.b, { scheme: "AGENCY", value: `AUTHZ-${n}` }))),
  },
  { name: "removeIdentifier (program A)", expect: WRITE_A, writes: true, run: async (actor, { world }) => removeIdentifier(actor, await removeRow(world.a, world.a.identifierId)) },

  // lib/data/grants/
  { name: "listCostCategories", expect: SIGNED_IN, run: (actor) => listCostCategories(actor) },
  { name: "getProjectGrants (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => getProjectGrants(actor, world.a.projectId),
    check: (result: Awaited<ReturnType<typeof getProjectGrants>>, { caller }) => expect(result.canWrite.payment).toBe(caller === "ADMIN" || caller === "PM_A") },
  { name: "getProjectGrants (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => getProjectGrants(actor, world.b.projectId) },
  {
    name: "getComparisonGrantFigures", expect: SIGNED_IN, run: (actor, { world }) => getComparisonGrantFigures(actor, [world.a.projectId, world.b.projectId]),
    check: (result: Awaited<ReturnType<typeof getComparisonGrantFigures>>, { caller, world }) => expect(result.projects.has(world.b.projectId)).toBe(caller !== "PM_A"),
  },
  { name: "listGrantAlerts", expect: SIGNED_IN, run: (actor) => listGrantAlerts(actor, { today: new Date("2025-06-01") }) },
  { name: "getGrantDashboard", expect: SIGNED_IN, run: (actor) => getGrantDashboard(actor) },
  {
    name: "saveAgreement: create (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => saveAgreement(actor, agreementSchema.parse(await structure(world.a, { stage: "2", fiscalYear: "2026", status: "PENDING" }))),
  },
  {
    name: "saveAgreement: create (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world }) => saveAgreement(actor, agreementSchema.parse(await structure(world.b, { stage: "2", fiscalYear: "2026", status: "PENDING" }))),
  },
  {
    name: "saveAgreementAmounts: amend (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => saveAgreementAmounts(actor, agreementAmountsSchema.parse(await structure(world.a, {
      agreementId: String(world.a.agreementId), reason: "권한 표", [`governmentWon_${world.a.institutionId}`]: "900,000,000",
    }))),
  },
  {
    name: "recordPayment (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => recordPayment(actor, paymentSchema.parse(await grantRow(world.a, { paidOn: "2024-05-01", amountWon: "1,000" }))),
  },
  {
    name: "recordPayment (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world }) => recordPayment(actor, paymentSchema.parse(await grantRow(world.b, { paidOn: "2024-05-01", amountWon: "1,000" }))),
  },
  {
    name: "deletePayment (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => deletePayment(actor, removeGrantRowSchema.parse(await structure(world.a, { id: String(world.a.paymentId) }))),
  },
  {
    name: "recordSpending (program A)", expect: WRITE_A, writes: true,
    run: async (actor, { world }) => recordSpending(actor, spendingSchema.parse(await grantRow(world.a, { quarter: "2024-Q2", spent_PERSONNEL: "10,000" }))),
  },
  {
    name: "saveSettlement (draft of B)", expect: WRITE_B, writes: true,
    run: async (actor, { world }) => saveSettlement(actor, settlementSchema.parse(await grantRow(world.b, { settledOn: "2025-02-01", recognisedWon: "100,000,000", toReturnWon: "0" }))),
  },

  // lib/data/evaluations.ts
  { name: "createEvaluation (published, program A)", expect: REVIEWERS_ONLY, writes: true, run: (actor, { world }) => createEvaluation(actor, evaluationInput(world.a.projectId, 2)) },
  { name: "createEvaluation (draft of B)", expect: REVIEWERS_ONLY, writes: true, run: (actor, { world }) => createEvaluation(actor, evaluationInput(world.b.projectId, 2)) },
  {
    name: "listProjectEvaluations (published, program A)", expect: SIGNED_IN, run: (actor, { world }) => listProjectEvaluations(actor, world.a.projectId),
    check: (result: Awaited<ReturnType<typeof listProjectEvaluations>>, { caller }) => {
      expect(result.map((e) => e.verdict)).toEqual(["STOP"]);
      expect(result[0]?.isMine).toBe(caller === "REVIEWER");
    },
  },
  { name: "listProjectEvaluations (draft of B)", expect: DRAFT_OF_B, run: (actor, { world }) => listProjectEvaluations(actor, world.b.projectId),
    check: (result: Awaited<ReturnType<typeof listProjectEvaluations>>) => expect(result.map((e) => e.verdict)).toEqual(["CONTINUE_WITH_CONDITIONS"]) },
  {
    name: "latestVerdicts", expect: SIGNED_IN, run: (actor, { world }) => latestVerdicts(actor, [world.a.projectId, world.b.projectId]),
    check: (result: Awaited<ReturnType<typeof latestVerdicts>>, { caller, world }) => {
      const expected = new Map<number, string>([[world.a.projectId, "STOP"]]);
      if (caller !== "PM_A") expected.set(world.b.projectId, "CONTINUE_WITH_CONDITIONS");
      expect(result).toEqual(expected);
    },
  },

  // lib/data/comparison.ts
  {
    name: "getComparison (published A, draft of B)", expect: EVERYONE, run: async (actor, { world }) => getComparison(actor, [await slugOf(world.a.projectId), await slugOf(world.b.projectId)], new Date("2025-06-01")),
    check: async (result: Awaited<ReturnType<typeof getComparison>>, { caller, world }) => {
      const [a, b] = [await slugOf(world.a.projectId), await slugOf(world.b.projectId)];
      const seesDraft = caller === "ADMIN" || caller === "PM_B" || caller === "REVIEWER";
      expect(result.projects.map((p) => p.slug)).toEqual(seesDraft ? [a, b] : [a]);
      expect(result.missing).toEqual(seesDraft ? [] : [b]);
      expect(result.internal).toBe(caller !== "anonymous");
    },
  },

  // lib/data/dashboard.ts
  {
    name: "getDashboard", expect: SIGNED_IN, run: (actor) => getDashboard(actor, DEFAULT_QUERY, new Date("2025-06-01")),
    check: async (result: Awaited<ReturnType<typeof getDashboard>>, { caller, world }) => {
      const own = { PM_A: world.programA, PM_B: world.programB }[caller as "PM_A" | "PM_B"];
      const where = own === undefined ? {} : { OR: [{ publication: "PUBLISHED" as const }, { programId: own }] };
      expect(result.projects).toBe(await db().project.count({ where }));
    },
  },
  {
    name: "getPublicStatistics", expect: EVERYONE, run: () => getPublicStatistics(DEFAULT_QUERY),
    check: async (result: Awaited<ReturnType<typeof getPublicStatistics>>) => expect(result.projects).toBe(await db().project.count({ where: { publication: "PUBLISHED" } })),
  },

  // lib/data/users.ts
  { name: "listUsers", expect: ADMIN_ONLY, run: (actor) => listUsers(actor) },
  { name: "getUser", expect: ADMIN_ONLY, run: (actor, { world }) => getUser(actor, world.userId) },
  { name: "listProgramChoices", expect: ADMIN_ONLY, run: (actor) => listProgramChoices(actor) },
  {
    name: "createUser", expect: ADMIN_ONLY, writes: true,
    run: (actor, { n }) => createUser(actor, { email: `new-${n}@keit.example`, name: "새 사용자", role: "REVIEWER", programIds: [], managesUnassignedProjects: false, password: "correct horse battery" }),
  },
  {
    name: "updateUser", expect: ADMIN_ONLY, writes: true,
    run: async (actor, { world }) => updateUser(actor, {
      id: world.userId, version: (await db().user.findUniqueOrThrow({ where: { id: world.userId } })).version,
      name: "승격된 사용자", role: "ADMIN", programIds: [], managesUnassignedProjects: false, isDisabled: false,
    }),
  },
  { name: "resetPassword", expect: ADMIN_ONLY, writes: true, run: (actor, { world }) => resetPassword(actor, { id: world.userId, password: "another long password" }) },
];

// ---------------------------------------------------------------------------------------------
// The world.

let sequence = 1000;
let shared: World;
let actors: Record<Caller, Actor | null>;

/** A real user (the shared factory) acting from a known address, so DENIED rows can be checked for it. */
async function makeActor(role: Role, programIds: number[], email: string): Promise<Actor> {
  return { ...(await makeUserActor({ role, programIds, email })), ip: "203.0.113.7" };
}

async function targetOf(projectId: number): Promise<Target> {
  const first = { orderBy: { id: "asc" }, select: { id: true } } as const;
  const participation = await db().participation.findFirstOrThrow({ where: { projectId }, orderBy: { id: "asc" }, select: { id: true, institutionId: true } });
  const unused = await db().subProject.create({ data: { projectId, seq: 90, titleKo: "쓰이지 않는 세부과제" }, select: { id: true } });
  const identifier = await db().projectIdentifier.findFirst({ where: { projectId }, ...first })
    ?? await db().projectIdentifier.create({ data: { projectId, scheme: "OTHER", value: `authz-${projectId}` }, select: { id: true } });
  // A signed agreement for 2024 awarding the participating institution, with one payment.
  const agreement = await db().agreement.create({ data: { projectId, stage: 1, fiscalYear: 2024, status: "SIGNED", signedOn: new Date("2024-01-10"), agreementNumber: `AUTHZ-${projectId}` }, select: { id: true } });
  await db().fundingLine.create({ data: { projectId, stage: 1, fiscalYear: 2024, agreementId: agreement.id, institutionId: participation.institutionId, governmentWon: 1_000_000_000n } });
  const payment = await db().payment.create({ data: { agreementId: agreement.id, institutionId: participation.institutionId, paidOn: new Date("2024-02-01"), amountWon: 100_000_000n }, select: { id: true } });
  return {
    agreementId: agreement.id,
    paymentId: payment.id,
    projectId,
    milestoneId: (await db().milestone.findFirstOrThrow({ where: { projectId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true } })).id,
    fundingLineId: (await db().fundingLine.findFirstOrThrow({ where: { projectId }, ...first })).id,
    participationId: participation.id,
    institutionId: participation.institutionId,
    projectPersonId: (await db().projectPerson.findFirstOrThrow({ where: { projectId }, ...first })).id,
    subProjectId: unused.id,
    identifierId: identifier.id,
  };
}

/** A published project of program A and a draft of program B, made with the seed's factories. */
async function makeTargets(n: number): Promise<Pick<World, "a" | "b" | "userId">> {
  const [a, b] = await db().$transaction(async (tx) => [
    await createProjectGraph(tx, syntheticProjectSpec(n, { slug: `authz-a-${n}`, program: ALCHEMIST_PROGRAM, publication: "PUBLISHED" })),
    await createProjectGraph(tx, syntheticProjectSpec(n + 1, { slug: `authz-b-${n}`, program: PROGRAM_B, publication: "DRAFT" })),
  ], { timeout: 30_000 });
  const user = await makeUserActor({ email: `target-${n}@keit.example`, name: "관리 대상", role: "REVIEWER" });
  return { a: await targetOf(a), b: await targetOf(b), userId: user.id };
}

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  const organ = await db().project.findUniqueOrThrow({ where: { slug: "meta-soft-organ-modules" }, select: { id: true, programId: true } });
  const programA = organ.programId ?? 0;
  expect(programA).toBeGreaterThan(0);
  const targets = await makeTargets(sequence);
  sequence += 2;
  const programB = (await db().program.findUniqueOrThrow({ where: { code: PROGRAM_B.code } })).id;
  shared = { programA, programB, ...targets, a: await targetOf(organ.id) };
  actors = {
    anonymous: null,
    ADMIN: await makeActor("ADMIN", [], "admin@matrix.example"),
    PM_A: await makeActor("PROGRAM_MANAGER", [programA], "pm-a@matrix.example"),
    PM_B: await makeActor("PROGRAM_MANAGER", [programB], "pm-b@matrix.example"),
    REVIEWER: await makeActor("REVIEWER", [], "reviewer@matrix.example"),
  };
  // The draft's milestone has a history worth hiding: what its manager recorded.
  await updateMilestoneProgress(actors.PM_B, await progressInput(shared.b.milestoneId), "ko");
  // So do its evaluations: one verdict on each project, the draft's hidden from program A's manager.
  await createEvaluation(actors.REVIEWER, evaluationInput(shared.a.projectId, 1, "STOP"));
  await createEvaluation(actors.REVIEWER, evaluationInput(shared.b.projectId, 1, "CONTINUE_WITH_CONDITIONS"));
}, 120_000);

/** Every row a denied call could have touched. */
async function rowsOf(world: World) {
  const projectIds = [world.a.projectId, world.b.projectId];
  return {
    projects: await db().project.findMany({ where: { id: { in: projectIds } }, orderBy: { id: "asc" } }),
    milestones: await db().milestone.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    fundingLines: await db().fundingLine.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    participations: await db().participation.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    people: await db().projectPerson.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    subProjects: await db().subProject.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    identifiers: await db().projectIdentifier.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    agreements: await db().agreement.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" }, include: { revisions: true } }),
    payments: await db().payment.findMany({ where: { agreement: { projectId: { in: projectIds } } }, orderBy: { id: "asc" } }),
    spending: await db().spending.findMany({ where: { agreement: { projectId: { in: projectIds } } }, orderBy: { id: "asc" } }),
    settlements: await db().settlement.findMany({ where: { agreement: { projectId: { in: projectIds } } }, orderBy: { id: "asc" } }),
    evaluations: await db().evaluation.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } }),
    users: await db().user.findMany({ orderBy: { id: "asc" }, include: { programs: { orderBy: { programId: "asc" } } } }),
    counts: {
      project: await db().project.count(),
      milestone: await db().milestone.count(),
      program: await db().program.count(),
      institution: await db().institution.count(),
      person: await db().person.count(),
      session: await db().userSession.count(),
    },
  };
}

async function lastAuditId(): Promise<bigint> {
  return (await db().auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}

describe("the authorization matrix", () => {
  for (const c of cases) {
    describe(c.name, () => {
      for (const caller of CALLERS) {
        const outcome = c.expect[caller];
        it(`${caller} → ${outcome}`, async () => {
          let world = shared;
          if (c.writes) {
            world = { ...shared, ...(await makeTargets(sequence)) };
            sequence += 2;
          }
          const ctx: Context = { actors, caller, world, n: sequence++ };
          const actor = actors[caller];
          const before = await rowsOf(world);
          const mark = await lastAuditId();
          const result = await c.run(actor, ctx).then((value) => ({ value }), (error: unknown) => ({ error }));
          const audit = await db().auditLog.findMany({ where: { id: { gt: mark } }, orderBy: { id: "asc" } });

          if (outcome === "ok") {
            if ("error" in result) throw result.error;
            await c.check?.(result.value as never, ctx);
            if (c.writes) {
              expect(audit.length).toBeGreaterThan(0);
              expect(audit.every((row) => row.outcome === "SUCCESS" && row.actorId === actor?.id)).toBe(true);
            } else {
              expect(audit).toEqual([]);
            }
            return;
          }

          expect("error" in result, `expected ${outcome}, but the call succeeded`).toBe(true);
          const error = "error" in result ? result.error : null;
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe(outcome);
          expect(await rowsOf(world)).toEqual(before);
          if (outcome === "FORBIDDEN") {
            expect(audit).toHaveLength(1);
            expect(audit[0]).toMatchObject({ outcome: "DENIED", actorId: actor?.id, actorEmail: actor?.email, ip: "203.0.113.7" });
          } else {
            expect(audit).toEqual([]);
          }
        });
      }
    });
  }
});

describe("the audit trail", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of its rows, from SQL and from Prisma", async () => {
    const row = await db().auditLog.findFirstOrThrow({ orderBy: { id: "asc" } });
    await expect(db().$executeRaw`UPDATE audit_log SET reason = 'rewritten' WHERE id = ${row.id}`).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM audit_log WHERE id = ${row.id}`).rejects.toThrow(/append-only/);
    await expect(db().$executeRawUnsafe("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    await expect(db().auditLog.update({ where: { id: row.id }, data: { actorEmail: "someone-else@keit.example" } })).rejects.toThrow();
    await expect(db().auditLog.deleteMany({ where: { id: row.id } })).rejects.toThrow();
    expect(await db().auditLog.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
  });
});

describe("two saves from the same version", () => {
  it("one wins, the other is a CONFLICT, and only the winner is audited", async () => {
    const { a } = await makeTargets(sequence);
    sequence += 2;
    const version = await milestoneVersion(a.milestoneId);
    const mark = await lastAuditId();
    const input = (evidence: string) => milestoneProgressSchema.parse({ id: String(a.milestoneId), version: String(version), status: "IN_PROGRESS", evidence });
    const results = await Promise.allSettled([
      updateMilestoneProgress(actors.PM_A, input("첫째"), "ko"),
      updateMilestoneProgress(actors.ADMIN, input("둘째"), "ko"),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(AppError);
    expect((lost[0]?.reason as AppError).code).toBe("CONFLICT");
    const saved = await db().milestone.findUniqueOrThrow({ where: { id: a.milestoneId } });
    expect(saved.version).toBe(version + 1);
    const audit = await db().auditLog.findMany({ where: { id: { gt: mark } } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "milestone.update", outcome: "SUCCESS", entityId: String(a.milestoneId) });
    expect((audit[0]?.after as { evidenceKo?: string }).evidenceKo).toBe(saved.evidenceKo);
  });
});
