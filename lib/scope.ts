// The scope rule, once, in every form the data layer needs, side by side so that a change to one
// is a change to all (issue 11: six hand-written copies had grown apart in places):
//
//   edit:  an admin edits every project; a program manager edits the projects of the programmes
//          assigned to them, and those without a programme if they manage unassigned projects;
//          a reviewer edits none.
//   read:  a program manager reads published projects and the ones they may edit; admins and
//          reviewers read every project.
//
// Each rule comes as an in-memory test (one project at hand), a Prisma `where` and an SQL
// fragment over `project p` (raw aggregates). lib/scope.integration.test.ts checks, for every
// role and for a program manager of another programme, that the `where` and the SQL select exactly
// the same projects on a seeded database, and that the in-memory test agrees with both.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";

/** Only what the rule reads of an actor (an Actor, or a stored user loaded for a job). */
export type ScopeOwner = Pick<Actor, "role" | "programIds" | "managesUnassignedProjects">;

type ScopedProject = { programId: number | null };
type ReadableProject = ScopedProject & { publication: string };

// ── edit ────────────────────────────────────────────────────────────────────────────────────

/** May this actor act on a project of this programme (null: no programme recorded)? */
export function inScope(actor: ScopeOwner, programId: number | null): boolean {
  if (actor.role === "ADMIN") return true;
  if (actor.role !== "PROGRAM_MANAGER") return false;
  return programId === null ? actor.managesUnassignedProjects : actor.programIds.includes(programId);
}

/** Prisma `where` for the projects an actor may change (house style rule 7). */
export function editableProjectsWhere(actor: ScopeOwner): Prisma.ProjectWhereInput {
  if (actor.role === "ADMIN") return {};
  if (actor.role !== "PROGRAM_MANAGER") return { id: -1 };
  const byProgram: Prisma.ProjectWhereInput = { programId: { in: actor.programIds } };
  return actor.managesUnassignedProjects ? { OR: [byProgram, { programId: null }] } : byProgram;
}

/** The same as SQL over `project p`. */
export function editableProjectsSql(actor: ScopeOwner): Prisma.Sql {
  if (actor.role === "ADMIN") return Prisma.sql`TRUE`;
  if (actor.role !== "PROGRAM_MANAGER") return Prisma.sql`FALSE`;
  const byProgram = actor.programIds.length ? Prisma.sql`p.program_id = ANY(${actor.programIds}::int[])` : Prisma.sql`FALSE`;
  return actor.managesUnassignedProjects ? Prisma.sql`(${byProgram} OR p.program_id IS NULL)` : byProgram;
}

// ── read ────────────────────────────────────────────────────────────────────────────────────

/** May this actor read this project inside the workspace (drafts included)? */
export function isReadable(actor: ScopeOwner, project: ReadableProject): boolean {
  if (actor.role !== "PROGRAM_MANAGER") return true;
  return project.publication === "PUBLISHED" || inScope(actor, project.programId);
}

/** Prisma `where` for the projects an actor may read inside the workspace. */
export function readableProjectsWhere(actor: ScopeOwner): Prisma.ProjectWhereInput {
  if (actor.role === "PROGRAM_MANAGER") return { OR: [{ publication: "PUBLISHED" }, editableProjectsWhere(actor)] };
  return {};
}

/** The same as SQL over `project p`. */
export function readableProjectsSql(actor: ScopeOwner): Prisma.Sql {
  if (actor.role === "PROGRAM_MANAGER") return Prisma.sql`(p.publication = 'PUBLISHED' OR ${editableProjectsSql(actor)})`;
  return Prisma.sql`TRUE`;
}

// ── programmes and people ───────────────────────────────────────────────────────────────────

/** Prisma `where` for the programmes an actor may put a project into (the project form's list). */
export function selectableProgramsWhere(actor: ScopeOwner): Prisma.ProgramWhereInput {
  if (actor.role === "ADMIN") return {};
  if (actor.role !== "PROGRAM_MANAGER") return { id: -1 };
  return { id: { in: actor.programIds } };
}

/**
 * The inverse rule, as SQL over `app_user u`: the users whose edit scope holds a project of this
 * programme (null: no programme), for reminders. Admins are left out: they are escalated to.
 */
export function managersOfProgramSql(programId: number | null): Prisma.Sql {
  const scope = programId === null
    ? Prisma.sql`u.manages_unassigned_projects`
    : Prisma.sql`EXISTS (SELECT 1 FROM program_assignment pa WHERE pa.user_id = u.id AND pa.program_id = ${programId})`;
  return Prisma.sql`(u.role = 'PROGRAM_MANAGER' AND ${scope})`;
}

/** What decides an actor's readable set, for cache keys of aggregates computed over it. */
export function readableScopeKey(actor: ScopeOwner): string {
  if (actor.role !== "PROGRAM_MANAGER") return "all";
  return `${actor.role}:${[...actor.programIds].sort((a, b) => a - b).join(",")}:${actor.managesUnassignedProjects}`;
}
