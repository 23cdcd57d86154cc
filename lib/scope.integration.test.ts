import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import {
  editableProjectsSql, editableProjectsWhere, inScope, isReadable, managersOfProgramSql, readableProjectsSql, readableProjectsWhere,
  readableScopeKey, selectableProgramsWhere,
} from "@/lib/scope";
import { makeActor } from "@/lib/testing/factories";
import { resetDatabase } from "@/lib/testing/reset-database";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { ALCHEMIST_PROGRAM } from "@/prisma/seed-data/published-portfolio";
import { loadSyntheticPortfolio } from "@/prisma/synthetic";

// The scope rule's forms must select exactly the same projects (issue 11): for every role, and
// for program managers of one programme, of another, of none and of unassigned projects only, the
// Prisma `where`, the SQL fragment and the in-memory test agree on the published portfolio plus
// 300 synthetic projects (drafts and projects without a programme among them).

type Row = { id: number; programId: number | null; publication: string };
let projects: Row[] = [];
let actors: Record<string, Actor> = {};

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
async function bySql(fragment: Prisma.Sql) {
  return sorted((await db().$queryRaw<{ id: number }[]>`SELECT p.id FROM project p WHERE ${fragment}`).map((r) => r.id));
}
async function byWhere(where: Prisma.ProjectWhereInput) {
  return sorted((await db().project.findMany({ where, select: { id: true } })).map((r) => r.id));
}

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  await loadSyntheticPortfolio(db(), 300);
  projects = await db().project.findMany({ select: { id: true, programId: true, publication: true }, orderBy: { id: "asc" } });
  const programOf = async (code: string) => (await db().program.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
  const alchemist = await programOf(ALCHEMIST_PROGRAM.code);
  // The two programmes with the most drafts, so that hiding drafts is really tested.
  const drafts = new Map<number, number>();
  for (const p of projects) if (p.publication === "DRAFT" && p.programId !== null && p.programId !== alchemist) drafts.set(p.programId, (drafts.get(p.programId) ?? 0) + 1);
  const [first, second] = [...drafts.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  if (first === undefined || second === undefined) throw new Error("The synthetic portfolio has drafts in fewer than two programmes");
  actors = {
    admin: await makeActor({ role: "ADMIN" }),
    reviewer: await makeActor({ role: "REVIEWER" }),
    managerOfOne: await makeActor({ role: "PROGRAM_MANAGER", programIds: [first] }),
    managerOfAnother: await makeActor({ role: "PROGRAM_MANAGER", programIds: [second] }),
    managerWithUnassigned: await makeActor({ role: "PROGRAM_MANAGER", programIds: [alchemist, first], managesUnassignedProjects: true }),
    managerOfUnassignedOnly: await makeActor({ role: "PROGRAM_MANAGER", managesUnassignedProjects: true }),
    managerOfNothing: await makeActor({ role: "PROGRAM_MANAGER" }),
  };
}, 300_000);

describe("the seeded portfolio exercises every branch of the rule", () => {
  it("has drafts, projects without a programme and drafts without one", () => {
    expect(projects.length).toBe(303);
    expect(projects.some((p) => p.publication === "DRAFT" && p.programId !== null)).toBe(true);
    expect(projects.some((p) => p.publication === "DRAFT" && p.programId === null)).toBe(true);
    expect(projects.some((p) => p.publication === "PUBLISHED" && p.programId === null)).toBe(true);
  });
});

describe.each(["admin", "reviewer", "managerOfOne", "managerOfAnother", "managerWithUnassigned", "managerOfUnassignedOnly", "managerOfNothing"])("%s", (name) => {
  it("edits the same projects by where, by SQL and in memory", async () => {
    const actor = actors[name]!;
    const expected = projects.filter((p) => inScope(actor, p.programId)).map((p) => p.id);
    expect(await byWhere(editableProjectsWhere(actor))).toEqual(expected);
    expect(await bySql(editableProjectsSql(actor))).toEqual(expected);
  });

  it("reads the same projects by where, by SQL and in memory", async () => {
    const actor = actors[name]!;
    const expected = projects.filter((p) => isReadable(actor, p)).map((p) => p.id);
    expect(await byWhere(readableProjectsWhere(actor))).toEqual(expected);
    expect(await bySql(readableProjectsSql(actor))).toEqual(expected);
  });

  it("offers the programmes it may put a project into", async () => {
    const actor = actors[name]!;
    const programs = await db().program.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    const offered = (await db().program.findMany({ where: selectableProgramsWhere(actor), select: { id: true }, orderBy: { id: "asc" } })).map((p) => p.id);
    expect(offered).toEqual(programs.filter((p) => inScope(actor, p.id)).map((p) => p.id));
  });
});

describe("what each actor sees, in numbers that cannot be vacuous", () => {
  it("gives admins every project to edit and reviewers none; everyone but a manager reads everything", async () => {
    expect(await bySql(editableProjectsSql(actors.admin!))).toHaveLength(projects.length);
    expect(await bySql(editableProjectsSql(actors.reviewer!))).toEqual([]);
    expect(await bySql(readableProjectsSql(actors.reviewer!))).toHaveLength(projects.length);
  });

  it("keeps one programme's drafts from the manager of another", async () => {
    const one = actors.managerOfOne!;
    const another = actors.managerOfAnother!;
    const draftsOfOne = projects.filter((p) => p.publication === "DRAFT" && p.programId === one.programIds[0]).map((p) => p.id);
    const published = projects.filter((p) => p.publication === "PUBLISHED").map((p) => p.id);
    const readByAnother = await bySql(readableProjectsSql(another));
    for (const id of draftsOfOne) expect(readByAnother).not.toContain(id);
    expect(draftsOfOne.length).toBeGreaterThan(0);
    expect(await bySql(editableProjectsSql(actors.managerOfNothing!))).toEqual([]);
    expect(await bySql(readableProjectsSql(actors.managerOfNothing!))).toEqual(published);
  });

  it("finds as managers of a programme exactly the users whose edit scope holds it", async () => {
    const programs = [...(await db().program.findMany({ select: { id: true } })).map((p) => p.id), null];
    for (const programId of programs) {
      const found = await db().$queryRaw<{ id: number }[]>`SELECT u.id FROM app_user u WHERE ${managersOfProgramSql(programId)} ORDER BY u.id`;
      const expected = Object.values(actors).filter((a) => a.role === "PROGRAM_MANAGER" && inScope(a, programId)).map((a) => a.id);
      expect(found.map((r) => r.id)).toEqual(sorted(expected));
    }
  });

  it("keys cached aggregates by what decides the readable set", () => {
    expect(readableScopeKey(actors.admin!)).toBe(readableScopeKey(actors.reviewer!));
    expect(readableScopeKey(actors.managerOfOne!)).not.toBe(readableScopeKey(actors.managerOfAnother!));
  });
});
