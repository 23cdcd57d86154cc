// Creates whole projects from a ProjectSpec, and users with the Actor the data layer sees for
// them: used by the seed, the integration tests and the e2e fixtures (house style rule 13).
// Programs, institutions and sources are shared by natural key, so creating the same spec's
// neighbours twice never duplicates them.
import type { Prisma } from "@/lib/generated/prisma/client";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { parsePartialDate } from "@/lib/format/partial-date";
import { normalizeInstitutionName } from "@/lib/search/normalize";
import type { Actor, Role } from "@/lib/permissions";
import type { InstitutionSpec, ProgramSpec, ProjectSpec, SourceSpec } from "./seed-data/types";

type Tx = Prisma.TransactionClient;

export type UserSpec = {
  email: string;
  name?: string;
  role: Role;
  /** An argon2 hash; without one the user cannot sign in (a hash never matches this text). */
  passwordHash?: string;
  programIds?: number[];
  managesUnassignedProjects?: boolean;
  usesDemoPassword?: boolean;
  isDisabled?: boolean;
};

/** A user row with its programme assignments; returns the Actor the data layer sees for them. */
export async function createUser(tx: Tx, spec: UserSpec): Promise<Actor> {
  const programIds = spec.programIds ?? [];
  const managesUnassignedProjects = spec.managesUnassignedProjects ?? false;
  const user = await tx.user.create({
    data: {
      email: spec.email, name: spec.name ?? spec.email.split("@")[0] ?? spec.email, role: spec.role,
      passwordHash: spec.passwordHash ?? "no-password: created by a factory", usesDemoPassword: spec.usesDemoPassword ?? false,
      isDisabled: spec.isDisabled ?? false, managesUnassignedProjects,
      programs: { create: programIds.map((programId) => ({ programId })) },
    },
    select: { id: true, email: true, name: true },
  });
  return { id: user.id, email: user.email, name: user.name, role: spec.role, programIds, managesUnassignedProjects, ip: null };
}

function month(value: string): Date {
  const parsed = parsePartialDate(value);
  if (!parsed || parsed.precision !== "MONTH") throw new Error(`Expected a month like 2021-07, got ${value}`);
  return parsed.date;
}

function optionalDate(value: string | undefined) {
  if (!value) return { date: null, precision: null };
  const parsed = parsePartialDate(value);
  if (!parsed) throw new Error(`Not a date: ${value}`);
  return parsed;
}

export async function upsertProgram(tx: Tx, spec: ProgramSpec, origin: ProjectSpec["origin"]) {
  return tx.program.upsert({ where: { code: spec.code }, update: {}, create: { ...spec, origin } });
}

export async function upsertInstitution(tx: Tx, spec: InstitutionSpec, origin: ProjectSpec["origin"]) {
  const normalizedName = normalizeInstitutionName(spec.nameKo);
  return tx.institution.upsert({ where: { normalizedName }, update: {}, create: { ...spec, normalizedName, origin } });
}

export async function upsertSource(tx: Tx, spec: SourceSpec) {
  const { publishedOn, ...rest } = spec;
  return tx.source.upsert({
    where: { key: spec.key },
    update: {},
    create: { ...rest, publishedOn: publishedOn ? optionalDate(publishedOn).date : null },
  });
}

/** Creates the project and everything under it; returns its id. Fails if the slug exists. */
export async function createProjectGraph(tx: Tx, spec: ProjectSpec): Promise<number> {
  const program = spec.program ? await upsertProgram(tx, spec.program, spec.origin) : null;
  const sourceIds = new Map<string, number>();
  for (const { source } of spec.sources ?? []) sourceIds.set(source.key, (await upsertSource(tx, source)).id);
  const requireSourceId = (key: string) => {
    const id = sourceIds.get(key);
    if (id === undefined) throw new Error(`Source ${key} is cited but not listed in the project's sources`);
    return id;
  };
  const sourceId = (key: string | undefined) => (key === undefined ? null : requireSourceId(key));
  const institutionIds = new Map<string, number>();
  const institutionId = async (i: InstitutionSpec) => {
    const key = normalizeInstitutionName(i.nameKo);
    const known = institutionIds.get(key);
    if (known !== undefined) return known;
    const { id } = await upsertInstitution(tx, i, spec.origin);
    institutionIds.set(key, id);
    return id;
  };

  const periodStart = month(spec.periodStart);
  const project = await tx.project.create({
    data: {
      slug: spec.slug,
      titleKo: spec.titleKo, titleEn: spec.titleEn, summaryKo: spec.summaryKo, summaryEn: spec.summaryEn,
      productKo: spec.productKo, productEn: spec.productEn,
      programId: program?.id ?? null,
      area: spec.area ?? null,
      researchStage: spec.researchStage ?? null,
      periodStart, periodEnd: month(spec.periodEnd), startYear: periodStart.getUTCFullYear(),
      publishedDurationMonths: spec.publishedDurationMonths ?? null,
      publishedSubProjectCount: spec.publishedSubProjectCount ?? null,
      status: spec.status,
      publication: spec.publication,
      publishedAt: spec.publication === "PUBLISHED" ? new Date() : null,
      consortiumIsPartial: spec.consortiumIsPartial ?? false,
      researchersArePartial: spec.researchersArePartial ?? false,
      origin: spec.origin,
      identifiers: { create: spec.identifiers ?? [] },
    },
    select: { id: true },
  });

  const subProjectIds = new Map<number, number>();
  for (const sub of spec.subProjects ?? []) {
    const created = await tx.subProject.create({
      data: {
        projectId: project.id, seq: sub.seq, titleKo: sub.titleKo, titleEn: sub.titleEn,
        leadInstitutionId: sub.lead ? await institutionId(sub.lead) : null,
        periodStart: sub.periodStart ? month(sub.periodStart) : null,
        periodEnd: sub.periodEnd ? month(sub.periodEnd) : null,
      },
      select: { id: true },
    });
    subProjectIds.set(sub.seq, created.id);
  }
  const subId = (seq: number | undefined) => {
    if (seq === undefined) return null;
    const id = subProjectIds.get(seq);
    if (id === undefined) throw new Error(`Sub-project ${seq} is referenced but not defined`);
    return id;
  };

  let order = 0;
  for (const p of spec.participations) {
    await tx.participation.create({
      data: { projectId: project.id, subProjectId: subId(p.subProjectSeq), institutionId: await institutionId(p.institution), role: p.role, sortOrder: order++ },
    });
  }
  order = 0;
  for (const person of spec.people ?? []) {
    const affiliation = person.institution ? await institutionId(person.institution) : null;
    const created = await tx.person.create({
      data: { nameKo: person.nameKo, nameEn: person.nameEn, institutionId: affiliation, origin: spec.origin },
      select: { id: true },
    });
    await tx.projectPerson.create({
      data: {
        projectId: project.id, personId: created.id, role: person.role, institutionId: affiliation,
        positionKo: person.positionKo, positionEn: person.positionEn, sortOrder: order++,
      },
    });
  }
  for (const line of spec.funding ?? []) {
    const { subProjectSeq, sourceKey, ...amounts } = line;
    await tx.fundingLine.create({ data: { ...amounts, projectId: project.id, subProjectId: subId(subProjectSeq), sourceId: sourceId(sourceKey) } });
  }
  order = 0;
  for (const m of spec.milestones ?? []) {
    const { due, achieved, subProjectSeq, sourceKey, ...rest } = m;
    const dueAt = optionalDate(due);
    const achievedAt = optionalDate(achieved);
    await tx.milestone.create({
      data: {
        ...rest,
        projectId: project.id,
        subProjectId: subId(subProjectSeq),
        dueDate: dueAt.date, duePrecision: dueAt.precision,
        achievedDate: achievedAt.date, achievedPrecision: achievedAt.precision,
        sourceId: sourceId(sourceKey),
        sortOrder: order++,
      },
    });
  }
  for (const s of spec.sources ?? []) {
    await tx.projectSource.create({
      data: { projectId: project.id, sourceId: requireSourceId(s.source.key), locatorKo: s.locatorKo, locatorEn: s.locatorEn },
    });
  }
  await refreshProjectDerived(tx, project.id);
  return project.id;
}
