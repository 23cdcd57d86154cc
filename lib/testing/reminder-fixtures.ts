import { db } from "@/lib/db";
import type { Actor, Role } from "@/lib/permissions";
import { makeActor } from "./factories";

// Small builders for the reminder and digest tests: programmes, users, projects and milestones
// with the dates a test needs (the published portfolio stays out, so counts are exact).

export async function makeProgram(code: string, nameKo: string, nameEn: string) {
  return db().program.create({ data: { code, nameKo, nameEn, ministryKo: "산업통상자원부", agencyKo: "한국산업기술기획평가원", kind: "INDUSTRIAL_TECHNOLOGY" } });
}

export async function makeUser(email: string, role: Role, options: { programIds?: number[]; unassigned?: boolean; disabled?: boolean; name?: string } = {}): Promise<Actor> {
  return makeActor({ email, role, name: options.name, programIds: options.programIds, managesUnassignedProjects: options.unassigned, isDisabled: options.disabled });
}

let projectSeq = 0;
export async function makeProject(programId: number | null, options: { status?: "ACTIVE" | "COMPLETED"; titleKo?: string; titleEn?: string } = {}) {
  projectSeq++;
  return db().project.create({
    data: {
      slug: `reminder-test-${projectSeq}-${Date.now()}`, titleKo: options.titleKo ?? `시험 과제 ${projectSeq}`, titleEn: options.titleEn ?? `Test project ${projectSeq}`,
      programId, periodStart: new Date("2025-01-01"), periodEnd: new Date("2027-12-01"), startYear: 2025, status: options.status ?? "ACTIVE",
    },
  });
}

/** A milestone due on `due` ("2026-05-20", "2026-05" or "2026"), last updated long before the tests' clock. */
export async function makeMilestone(projectId: number, due: string | null, options: { status?: "PLANNED" | "IN_PROGRESS" | "ACHIEVED" | "DEFERRED"; titleKo?: string; titleEn?: string; updatedAt?: Date } = {}) {
  const precision = due === null ? null : due.length === 4 ? "YEAR" : due.length === 7 ? "MONTH" : "DAY";
  const dueDate = due === null ? null : new Date(`${due.length === 4 ? `${due}-01-01` : due.length === 7 ? `${due}-01` : due}T00:00:00Z`);
  const m = await db().milestone.create({
    data: {
      projectId, titleKo: options.titleKo ?? "시제품 제작", titleEn: options.titleEn ?? "Prototype", kind: "DELIVERABLE", status: options.status ?? "PLANNED",
      dueDate, duePrecision: precision,
    },
  });
  await setUpdatedAt(m.id, options.updatedAt ?? new Date("2020-01-01T00:00:00Z"));
  return m;
}

export async function setUpdatedAt(milestoneId: number, at: Date) {
  await db().$executeRaw`UPDATE milestone SET updated_at = ${at} WHERE id = ${milestoneId}`;
}

/** 10:00 in Seoul on a day given as "2026-05-20". */
export function seoulMorning(day: string): Date {
  return new Date(`${day}T01:00:00Z`);
}

export function* days(from: string, to: string): Generator<string> {
  for (let t = new Date(`${from}T00:00:00Z`).getTime(); t <= new Date(`${to}T00:00:00Z`).getTime(); t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}
