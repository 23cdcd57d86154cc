import "server-only";
import type { ConflictChange } from "@/lib/action-state";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/data/db-errors";
import { recordAudit, changedFields } from "@/lib/data/audit";
import { changedSince, conflictError, display, parseShown } from "@/lib/data/concurrency";
import { authorize } from "@/lib/data/guard";
import { refreshProjectDerived } from "@/lib/data/project-derived";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { readableProjectsWhere } from "@/lib/scope";
import { AppError, fieldError } from "@/lib/errors";
import { monthIndex, toIsoMonth } from "@/lib/format/period";
import { Prisma } from "@/lib/generated/prisma/client";
import { can, type Actor } from "@/lib/permissions";
import { normalizeInstitutionName, normalizeText } from "@/lib/search/normalize";
import type {
  FundingLineInput, IdentifierInput, InstitutionChoice, ParticipationInput, ProjectPersonInput, RemoveRowInput, SubProjectInput,
} from "@/lib/validations/project-structure";

// What sits under a project: funding lines, consortium institutions, researchers, sub-projects
// and identifiers. The project's `version` is the concurrency token for all of them: each write
// names the version its page showed and moves it on in the same transaction (updateMany on id +
// version, first thing in the transaction, so of two saves from one version the second waits for
// the first and then finds nothing to update: a conflict). Each write recomputes the project's
// derived columns and records its audit row in the same transaction.

type Tx = Prisma.TransactionClient;

const institutionSummary = { id: true, nameKo: true, nameEn: true, type: true } satisfies Prisma.InstitutionSelect;

export type InstitutionOption = { id: number; nameKo: string; nameEn: string | null; type: string };



/** The project a change belongs to, and the actor allowed to change it (project.update in its program). */
async function gate(actor: Actor | null, projectId: number, entityType: string, entityId?: number) {
  const project = await db().project.findUnique({ where: { id: projectId }, select: { id: true, programId: true } });
  if (!project) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, "project.update", { programId: project.programId, projectId: project.id, entityType, entityId });
  return { who, project };
}

/**
 * Moves the project on from the version the form showed. Run first in the transaction: the row
 * lock it takes makes a concurrent save from the same version wait, then update nothing.
 */
export async function claimProjectVersion(tx: Tx, projectId: number, version: number, changes: () => ConflictChange[] = () => []): Promise<number> {
  const claimed = await tx.project.updateMany({ where: { id: projectId, version }, data: { version: { increment: 1 } } });
  if (claimed.count === 0) {
    const now = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { version: true } });
    throw conflictError(changes(), now.version);
  }
  return version + 1;
}

/** Finishes a write: derived columns, then the audit row, both in the caller's transaction. */
async function finish(tx: Tx, who: Actor, projectId: number, entry: Parameters<typeof recordAudit>[2]) {
  await refreshProjectDerived(tx, projectId);
  await recordAudit(tx, who, { ...entry, projectId });
}

async function assertSubProjectOf(tx: Tx, projectId: number, subProjectId: number | null) {
  if (subProjectId === null) return null;
  const sub = await tx.subProject.findFirst({ where: { id: subProjectId, projectId }, select: { id: true, seq: true } });
  if (!sub) throw fieldError("subProjectId", "subProjectUnknown");
  return sub;
}

/**
 * The chosen institution, or a new one added to the shared register. A new name that normalises to
 * a registered one ("(주) 넥스트칩" and "㈜넥스트칩") reuses it rather than creating a duplicate.
 */
async function resolveInstitution(tx: Tx, who: Actor, projectId: number, choice: InstitutionChoice | null) {
  if (choice === null) return null;
  if (choice.kind === "existing") {
    const found = await tx.institution.findUnique({ where: { id: choice.id }, select: institutionSummary });
    if (!found) throw fieldError("institutionName", "institutionUnknown");
    return found;
  }
  const normalizedName = normalizeInstitutionName(choice.nameKo);
  const same = await tx.institution.findUnique({ where: { normalizedName }, select: institutionSummary });
  if (same) return same;
  if (choice.businessRegistrationNumber !== null) {
    const taken = await tx.institution.count({ where: { businessRegistrationNumber: choice.businessRegistrationNumber } });
    if (taken) throw fieldError("businessRegistrationNumber", "brnTaken");
  }
  const created = await tx.institution.create({
    data: {
      nameKo: choice.nameKo, nameEn: choice.nameEn, normalizedName, type: choice.type,
      businessRegistrationNumber: choice.businessRegistrationNumber, origin: "MANUAL",
    },
    select: institutionSummary,
  });
  await recordAudit(tx, who, {
    action: "institution.create", entityType: "institution", entityId: created.id, projectId,
    after: { nameKo: created.nameKo, nameEn: created.nameEn, type: created.type, businessRegistrationNumber: choice.businessRegistrationNumber },
  });
  return created;
}

/** Adding an institution to the register needs its own permission, checked before the transaction. */
async function authorizeNewInstitution(who: Actor, project: { id: number; programId: number | null }, choice: InstitutionChoice | null) {
  if (choice?.kind === "new") await authorize(who, "institution.create", { programId: project.programId, projectId: project.id, entityType: "institution" });
}

/**
 * Runs a write transaction. Writes to one project queue behind its version, but two projects may
 * add the same new institution (or identifier) at once: the one that loses the unique index is
 * run once more, when its checks find the other's row (and reuse it, or name the field).
 */
async function write<T>(run: (tx: Tx) => Promise<T>, onDuplicate: { field: string; key: string }): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db().$transaction(run);
      invalidatePortfolioAggregates();
      return result;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (attempt >= 2) throw fieldError(onDuplicate.field, onDuplicate.key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Everything the project editor shows under a project: sub-projects, consortium, researchers,
 * funding lines with the rolled-up totals, identifiers.
 * Permission: workspace.read (a program manager: published projects and own drafts).
 */
export async function getProjectStructure(actor: Actor | null, projectId: number) {
  const who = await authorize(actor, "workspace.read");
  const project = await db().project.findFirst({
    where: { AND: [{ id: projectId }, readableProjectsWhere(who)] },
    select: {
      id: true, version: true, programId: true, periodStart: true, periodEnd: true, publishedSubProjectCount: true,
      consortiumIsPartial: true, researchersArePartial: true,
      governmentTotalWon: true, privateCashTotalWon: true, privateInKindTotalWon: true,
      subProjects: {
        select: {
          id: true, seq: true, titleKo: true, titleEn: true, periodStart: true, periodEnd: true, leadInstitution: { select: institutionSummary },
          _count: { select: { fundingLines: true, participations: true, milestones: true } },
        },
        orderBy: { seq: "asc" },
      },
      participations: {
        select: { id: true, role: true, subProjectId: true, institution: { select: institutionSummary } },
        orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
      },
      people: {
        select: {
          id: true, role: true, positionKo: true, positionEn: true, person: { select: { nameKo: true, nameEn: true } },
          institution: { select: institutionSummary },
        },
        orderBy: [{ role: "asc" }, { sortOrder: "asc" }, { id: "asc" }],
      },
      fundingLines: {
        select: {
          id: true, subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true,
          noteKo: true, noteEn: true, source: { select: { titleKo: true, titleEn: true } }, agreementId: true, institution: { select: { nameKo: true, nameEn: true } },
        },
        orderBy: [{ subProjectId: { sort: "asc", nulls: "first" } }, { fiscalYear: { sort: "asc", nulls: "first" } }, { stage: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      },
      identifiers: { select: { id: true, scheme: true, value: true }, orderBy: [{ scheme: "asc" }, { value: "asc" }] },
    },
  });
  if (!project) throw new AppError("NOT_FOUND");
  const { subProjects, ...rest } = project;
  return {
    ...rest,
    subProjects: subProjects.map(({ _count, ...s }) => ({ ...s, isInUse: _count.fundingLines + _count.participations + _count.milestones > 0 })),
    hasWholePeriodLine: project.fundingLines.some((l) => l.subProjectId === null && l.fiscalYear === null && l.stage === null),
    canEdit: can(who, "project.update", project),
    canCreateInstitution: can(who, "institution.create"),
  };
}

export type ProjectStructure = Awaited<ReturnType<typeof getProjectStructure>>;

/**
 * Registered institutions whose name contains what the user typed (legal-form marks, spaces and
 * punctuation ignored: "넥스트" finds ㈜넥스트칩), exact and prefix matches first; at most 10.
 * Permission: workspace.read.
 */
export async function searchInstitutions(actor: Actor | null, query: string): Promise<InstitutionOption[]> {
  await authorize(actor, "workspace.read");
  const compact = normalizeInstitutionName(query.slice(0, 200));
  const spaced = normalizeText(query.slice(0, 200));
  if (compact === "") return [];
  // normalizeText leaves letters, digits and spaces only, so no LIKE wildcard reaches the pattern.
  const rows = await db().$queryRaw<{ id: number; nameKo: string; nameEn: string | null; type: string }[]>`
    SELECT i.id, i.name_ko AS "nameKo", i.name_en AS "nameEn", i.type::text AS type
    FROM institution i
    WHERE i.normalized_name LIKE ${`%${compact}%`} OR lower(i.name_en) LIKE ${`%${spaced}%`}
    ORDER BY (i.normalized_name = ${compact}) DESC, (i.normalized_name LIKE ${`${compact}%`}) DESC, length(i.normalized_name), i.name_ko, i.id
    LIMIT 10`;
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Funding lines

const fundingFields = {
  subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true,
  noteKo: true, noteEn: true, sourceId: true, agreementId: true,
} as const;

type FundingRow = Prisma.FundingLineGetPayload<{ select: typeof fundingFields }>;

/** The values a funding line's form shows, as strings, to tell the user what changed under them. */
export function shownFundingLineValues(line: Omit<FundingRow, "sourceId">): Record<string, string> {
  return {
    subProjectId: display(line.subProjectId), fiscalYear: display(line.fiscalYear), stage: display(line.stage),
    governmentWon: display(line.governmentWon), privateCashWon: display(line.privateCashWon), privateInKindWon: display(line.privateInKindWon),
    noteKo: display(line.noteKo), noteEn: display(line.noteEn),
  };
}


/**
 * Adds a funding line to a project or one of its sub-projects, or edits one. Changing the figures
 * or the scope of a line taken from a source drops the source link: the figure is no longer the
 * source's. Permission: project.update, scoped to the project's program.
 */
export async function saveFundingLine(actor: Actor | null, input: FundingLineInput): Promise<{ id: number; version: number }> {
  const existing = input.id === undefined ? null : await db().fundingLine.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (input.id !== undefined && existing?.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, input.projectId, "fundingLine", input.id);
  const data = {
    subProjectId: input.subProjectId, fiscalYear: input.fiscalYear, stage: input.stage,
    governmentWon: input.governmentWon, privateCashWon: input.privateCashWon, privateInKindWon: input.privateInKindWon,
    noteKo: input.noteKo, noteEn: input.noteEn,
  };
  return write(async (tx) => {
    const current = input.id === undefined ? null : await tx.fundingLine.findUnique({ where: { id: input.id }, select: fundingFields });
    if (input.id !== undefined && !current) throw new AppError("NOT_FOUND");
    // An agreement's awarded amounts are kept (and amended, with history) on the grant tab.
    if (current?.agreementId) throw fieldError("form", "fundingLineInAgreement");
    const version = await claimProjectVersion(tx, project.id, input.version, () => (current ? changedSince(parseShown(input.shown), shownFundingLineValues(current)) : []));
    const sub = await assertSubProjectOf(tx, project.id, input.subProjectId);
    // Two lines for the same scope would be added together in the totals: one line per scope.
    const duplicate = await tx.fundingLine.count({
      where: { projectId: project.id, subProjectId: input.subProjectId, fiscalYear: input.fiscalYear, stage: input.stage, ...(input.id === undefined ? {} : { NOT: { id: input.id } }) },
    });
    if (duplicate) throw fieldError(input.fiscalYear !== null ? "fiscalYear" : input.stage !== null ? "stage" : "subProjectId", "fundingLineDuplicate");
    const audited = (row: typeof data & { sourceId: number | null }) => ({ ...row, subProjectSeq: row.subProjectId === null ? null : (sub?.seq ?? null) });
    if (current === null) {
      const created = await tx.fundingLine.create({ data: { ...data, projectId: project.id }, select: { id: true, ...fundingFields } });
      await finish(tx, who, project.id, { action: "fundingLine.create", entityType: "fundingLine", entityId: created.id, after: audited({ ...data, sourceId: null }) });
      return { id: created.id, version };
    }
    const figuresChanged = (["subProjectId", "fiscalYear", "stage", "governmentWon", "privateCashWon", "privateInKindWon"] as const)
      .some((k) => display(current[k]) !== display(data[k]));
    const sourceId = figuresChanged ? null : current.sourceId;
    await tx.fundingLine.update({ where: { id: input.id }, data: { ...data, sourceId } });
    await finish(tx, who, project.id, { action: "fundingLine.update", entityType: "fundingLine", entityId: input.id, ...changedFields<Record<string, unknown>>(current, { ...data, sourceId }) });
    return { id: input.id as number, version };
  }, { field: "governmentWon", key: "fundingLineDuplicate" });
}

/** Deletes a funding line. Permission: project.update, scoped to the project's program. */
export async function deleteFundingLine(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const line = await db().fundingLine.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!line || line.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, line.projectId, "fundingLine", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.fundingLine.findUnique({ where: { id: input.id }, select: fundingFields });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.agreementId) throw fieldError("form", "fundingLineInAgreement");
    await tx.fundingLine.delete({ where: { id: input.id } });
    await finish(tx, who, project.id, { action: "fundingLine.delete", entityType: "fundingLine", entityId: input.id, before: current });
    return { version };
  }, { field: "form", key: "invalid" });
}

// ---------------------------------------------------------------------------------------------
// Participations (consortium)

/**
 * Adds an institution in a role to the project or one of its sub-projects; a new institution is
 * added to the register (institution.create), or the registered one with the same normalised name
 * reused. Permission: project.update, scoped to the project's program (and institution.create for a new one).
 */
export async function addParticipation(actor: Actor | null, input: ParticipationInput): Promise<{ id: number; institutionId: number; version: number }> {
  const { who, project } = await gate(actor, input.projectId, "participation");
  await authorizeNewInstitution(who, project, input.institution);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const sub = await assertSubProjectOf(tx, project.id, input.subProjectId);
    const institution = await resolveInstitution(tx, who, project.id, input.institution);
    if (!institution) throw fieldError("institutionName", "required");
    const duplicate = await tx.participation.count({ where: { projectId: project.id, subProjectId: input.subProjectId, institutionId: institution.id, role: input.role } });
    if (duplicate) throw fieldError("institutionName", "participationDuplicate");
    const last = await tx.participation.aggregate({ where: { projectId: project.id }, _max: { sortOrder: true } });
    const created = await tx.participation.create({
      data: { projectId: project.id, subProjectId: input.subProjectId, institutionId: institution.id, role: input.role, sortOrder: (last._max.sortOrder ?? -1) + 1 },
      select: { id: true },
    });
    await finish(tx, who, project.id, {
      action: "participation.create", entityType: "participation", entityId: created.id,
      after: { institution: institution.nameKo, institutionId: institution.id, role: input.role, subProjectSeq: sub?.seq ?? null },
    });
    return { id: created.id, institutionId: institution.id, version };
  }, { field: "institutionName", key: "participationDuplicate" });
}

/** Removes an institution's role from the project; the institution stays in the register. Permission: project.update, scoped to the project's program. */
export async function removeParticipation(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().participation.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, row.projectId, "participation", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.participation.findUnique({
      where: { id: input.id },
      select: { role: true, institutionId: true, institution: { select: { nameKo: true } }, subProject: { select: { seq: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.participation.delete({ where: { id: input.id } });
    await finish(tx, who, project.id, {
      action: "participation.delete", entityType: "participation", entityId: input.id,
      before: { institution: current.institution.nameKo, institutionId: current.institutionId, role: current.role, subProjectSeq: current.subProject?.seq ?? null },
    });
    return { version };
  }, { field: "form", key: "invalid" });
}

// ---------------------------------------------------------------------------------------------
// Researchers

/** Adds a researcher (a new person record) in a role, with affiliation and position. Permission: project.update, scoped to the project's program. */
export async function addProjectPerson(actor: Actor | null, input: ProjectPersonInput): Promise<{ id: number; version: number }> {
  const { who, project } = await gate(actor, input.projectId, "projectPerson");
  await authorizeNewInstitution(who, project, input.institution);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const institution = await resolveInstitution(tx, who, project.id, input.institution);
    const person = await tx.person.create({ data: { nameKo: input.nameKo, nameEn: input.nameEn, institutionId: institution?.id ?? null, origin: "MANUAL" }, select: { id: true } });
    const last = await tx.projectPerson.aggregate({ where: { projectId: project.id }, _max: { sortOrder: true } });
    const created = await tx.projectPerson.create({
      data: {
        projectId: project.id, personId: person.id, role: input.role, institutionId: institution?.id ?? null,
        positionKo: input.positionKo, positionEn: input.positionEn, sortOrder: (last._max.sortOrder ?? -1) + 1,
      },
      select: { id: true },
    });
    await finish(tx, who, project.id, {
      action: "projectPerson.create", entityType: "projectPerson", entityId: created.id,
      after: { nameKo: input.nameKo, nameEn: input.nameEn, role: input.role, institution: institution?.nameKo ?? null, positionKo: input.positionKo, positionEn: input.positionEn },
    });
    return { id: created.id, version };
  }, { field: "institutionName", key: "invalid" });
}

/**
 * Removes a researcher from the project; the person record goes too when no other project names
 * them. Permission: project.update, scoped to the project's program.
 */
export async function removeProjectPerson(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().projectPerson.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, row.projectId, "projectPerson", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.projectPerson.findUnique({
      where: { id: input.id },
      select: { personId: true, role: true, positionKo: true, positionEn: true, person: { select: { nameKo: true, nameEn: true } }, institution: { select: { nameKo: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.projectPerson.delete({ where: { id: input.id } });
    if ((await tx.projectPerson.count({ where: { personId: current.personId } })) === 0) await tx.person.delete({ where: { id: current.personId } });
    await finish(tx, who, project.id, {
      action: "projectPerson.delete", entityType: "projectPerson", entityId: input.id,
      before: { nameKo: current.person.nameKo, nameEn: current.person.nameEn, role: current.role, institution: current.institution?.nameKo ?? null, positionKo: current.positionKo, positionEn: current.positionEn },
    });
    return { version };
  }, { field: "form", key: "invalid" });
}

// ---------------------------------------------------------------------------------------------
// Sub-projects

const subProjectFields = { seq: true, titleKo: true, titleEn: true, leadInstitutionId: true, periodStart: true, periodEnd: true } as const;

type SubProjectRow = Prisma.SubProjectGetPayload<{ select: typeof subProjectFields }>;

/** The values a sub-project's form shows, as strings. */
export function shownSubProjectValues(s: SubProjectRow): Record<string, string> {
  return {
    seq: String(s.seq), titleKo: s.titleKo, titleEn: display(s.titleEn), leadInstitutionId: display(s.leadInstitutionId),
    periodStart: s.periodStart ? toIsoMonth(s.periodStart) : "", periodEnd: s.periodEnd ? toIsoMonth(s.periodEnd) : "",
  };
}

/**
 * Adds or edits a sub-project: its number (unique in the project), titles, lead institution and
 * period, which must lie within the project's. Permission: project.update, scoped to the project's program.
 */
export async function saveSubProject(actor: Actor | null, input: SubProjectInput): Promise<{ id: number; version: number }> {
  const existing = input.id === undefined ? null : await db().subProject.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (input.id !== undefined && existing?.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, input.projectId, "subProject", input.id);
  await authorizeNewInstitution(who, project, input.institution);
  return write(async (tx) => {
    const current = input.id === undefined ? null : await tx.subProject.findUnique({ where: { id: input.id }, select: { ...subProjectFields, leadInstitution: { select: { nameKo: true } } } });
    if (input.id !== undefined && !current) throw new AppError("NOT_FOUND");
    const version = await claimProjectVersion(tx, project.id, input.version, () => (current ? changedSince(parseShown(input.shown), shownSubProjectValues(current)) : []));
    const period = await tx.project.findUniqueOrThrow({ where: { id: project.id }, select: { periodStart: true, periodEnd: true } });
    if (input.periodStart && monthIndex(input.periodStart) < monthIndex(period.periodStart)) throw fieldError("periodStart", "periodOutsideProject");
    if (input.periodEnd && monthIndex(input.periodEnd) > monthIndex(period.periodEnd)) throw fieldError("periodEnd", "periodOutsideProject");
    if (await tx.subProject.count({ where: { projectId: project.id, seq: input.seq, ...(input.id === undefined ? {} : { NOT: { id: input.id } }) } })) {
      throw fieldError("seq", "seqTaken");
    }
    const lead = await resolveInstitution(tx, who, project.id, input.institution);
    const data = {
      seq: input.seq, titleKo: input.titleKo, titleEn: input.titleEn, leadInstitutionId: lead?.id ?? null,
      periodStart: input.periodStart, periodEnd: input.periodEnd,
    };
    const audited = (row: typeof data, leadName: string | null) => ({
      ...row, leadInstitution: leadName,
      periodStart: row.periodStart ? toIsoMonth(row.periodStart) : null, periodEnd: row.periodEnd ? toIsoMonth(row.periodEnd) : null,
    });
    if (current === null) {
      const created = await tx.subProject.create({ data: { ...data, projectId: project.id }, select: { id: true } });
      await finish(tx, who, project.id, { action: "subProject.create", entityType: "subProject", entityId: created.id, after: audited(data, lead?.nameKo ?? null) });
      return { id: created.id, version };
    }
    await tx.subProject.update({ where: { id: input.id }, data });
    const { leadInstitution: currentLead, ...currentFields } = current;
    await finish(tx, who, project.id, {
      action: "subProject.update", entityType: "subProject", entityId: input.id,
      ...changedFields<Record<string, unknown>>(audited(currentFields, currentLead?.nameKo ?? null), audited(data, lead?.nameKo ?? null)),
    });
    return { id: input.id as number, version };
  }, { field: "seq", key: "seqTaken" });
}

/**
 * Deletes a sub-project that nothing refers to; one with funding lines, institutions or milestones
 * is refused (deleting it would silently take them along). Permission: project.update, scoped to the project's program.
 */
export async function deleteSubProject(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().subProject.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, row.projectId, "subProject", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.subProject.findUnique({
      where: { id: input.id },
      select: { ...subProjectFields, _count: { select: { fundingLines: true, participations: true, milestones: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND");
    const { _count: uses, ...fields } = current;
    if (uses.fundingLines + uses.participations + uses.milestones > 0) throw fieldError("form", "subProjectInUse");
    await tx.subProject.delete({ where: { id: input.id } });
    await finish(tx, who, project.id, {
      action: "subProject.delete", entityType: "subProject", entityId: input.id,
      before: { ...fields, periodStart: fields.periodStart ? toIsoMonth(fields.periodStart) : null, periodEnd: fields.periodEnd ? toIsoMonth(fields.periodEnd) : null },
    });
    return { version };
  }, { field: "form", key: "invalid" });
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/** Adds an identifier (NTIS 과제고유번호, the agency's number, another); unique within its scheme. Permission: project.update, scoped to the project's program. */
export async function addIdentifier(actor: Actor | null, input: IdentifierInput): Promise<{ id: number; version: number }> {
  const { who, project } = await gate(actor, input.projectId, "identifier");
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    if (await tx.projectIdentifier.count({ where: { scheme: input.scheme, value: input.value } })) throw fieldError("value", "identifierTaken");
    const created = await tx.projectIdentifier.create({ data: { projectId: project.id, scheme: input.scheme, value: input.value }, select: { id: true } });
    await finish(tx, who, project.id, { action: "identifier.create", entityType: "identifier", entityId: created.id, after: { scheme: input.scheme, value: input.value } });
    return { id: created.id, version };
  }, { field: "value", key: "identifierTaken" });
}

/** Removes an identifier. Permission: project.update, scoped to the project's program. */
export async function removeIdentifier(actor: Actor | null, input: RemoveRowInput): Promise<{ version: number }> {
  const row = await db().projectIdentifier.findUnique({ where: { id: input.id }, select: { projectId: true } });
  if (!row || row.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, row.projectId, "identifier", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.projectIdentifier.findUnique({ where: { id: input.id }, select: { scheme: true, value: true } });
    if (!current) throw new AppError("NOT_FOUND");
    await tx.projectIdentifier.delete({ where: { id: input.id } });
    await finish(tx, who, project.id, { action: "identifier.delete", entityType: "identifier", entityId: input.id, before: current });
    return { version };
  }, { field: "form", key: "invalid" });
}
