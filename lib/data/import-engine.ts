import "server-only";
import { createHash } from "node:crypto";
import { recordAudit, toAuditJson } from "@/lib/data/audit";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ImportModel, Row, RowError } from "@/lib/import/parse";
import {
  CHILD_KINDS, canonicalDecimal, diffProject, sameRows, type ChildKind, type FieldChange, type FundingState, type MilestoneState,
  type ParticipationState, type PersonState, type ProjectFields, type ProjectState, type SubProjectState,
} from "@/lib/import/state";
import { labelKey, type PartialDate } from "@/lib/import/values";
import { chunks, insertAuditRows, insertRows, nextIds, updateRows } from "@/lib/data/import-sql";
import { planSpending, writeSpending, type SpendingPlan } from "@/lib/data/import-spending";
import type { Actor } from "@/lib/permissions";
import { inScope } from "@/lib/scope";
import { storedQualityFlags } from "@/lib/quality/checks";
import { buildProjectSearchDocument, normalizeInstitutionName } from "@/lib/search/normalize";

// The database half of an import (lib/import is the pure half): compares the file's projects with
// the database (plan) and writes the differences in the caller's transaction (apply). Authorization
// is the caller's (lib/data/imports.ts); the scope rule is checked here per project.

type Db = PrismaClient | Prisma.TransactionClient;

const month = (d: Date | null) => (d ? d.toISOString().slice(0, 7) : null);
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const monthDate = (s: string) => new Date(`${s}-01T00:00:00Z`);
const dayDate = (s: string | null) => (s ? new Date(`${s}T00:00:00Z`) : null);
const won = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());
const bigOrNull = (v: string | null) => (v === null ? null : BigInt(v));

const EMPTY_CHILDREN: ProjectState["children"] = Object.freeze({ subProjects: [], consortium: [], funding: [], researchers: [], milestones: [] }) as never;

export type InstitutionRef = { id: number; nameKo: string; nameEn: string | null; type: string; normalizedName: string };

export type PlannedProject = {
  key: string;
  /** The row of the projects sheet, or the first row naming the project. */
  ref: { sheet: string; row: number };
  existing: { id: number; version: number; programId: number | null; qualityFlags: string[]; state: ProjectState } | null;
  after: ProjectState;
  changes: FieldChange[];
  /** Child kinds the file replaces and that differ. */
  changedKinds: ChildKind[];
  newFlags: string[];
  qualityFlags: string[];
};

export type ImportPlan = {
  projects: PlannedProject[];
  errors: RowError[];
  created: number;
  updated: number;
  unchanged: number;
  /** Institutions the consortium sheet adds to the register. */
  newInstitutions: { nameKo: string; type: string; businessRegistrationNumber: string | null; normalizedName: string }[];
  programNames: Map<number, { nameKo: string; nameEn: string | null }>;
  /** The spending sheet's rows (집行 실적), checked against the recorded agreements. */
  spending: SpendingPlan;
};

// ---------------------------------------------------------------------------------------------
// Reading the current state

const projectSelect = {
  id: true, version: true, programId: true, qualityFlags: true, publication: true, publishedDurationMonths: true, publishedSubProjectCount: true,
  titleKo: true, titleEn: true, summaryKo: true, summaryEn: true, productKo: true, productEn: true,
  area: true, researchStage: true, periodStart: true, periodEnd: true, status: true,
  subProjects: { select: { id: true, seq: true, titleKo: true, titleEn: true, periodStart: true, periodEnd: true, leadInstitution: { select: { normalizedName: true } } } },
  participations: { select: { role: true, subProjectId: true, institution: { select: { normalizedName: true } } } },
  fundingLines: {
    select: {
      subProjectId: true, stage: true, fiscalYear: true, governmentWon: true, privateCashWon: true, privateInKindWon: true,
      institution: { select: { normalizedName: true } }, agreement: { select: { agreementNumber: true, signedOn: true } },
    },
  },
  people: { select: { role: true, positionKo: true, person: { select: { nameKo: true, nameEn: true } }, institution: { select: { normalizedName: true } } } },
  milestones: {
    select: {
      subProjectId: true, titleKo: true, titleEn: true, kind: true, status: true, dueDate: true, duePrecision: true,
      targetValue: true, actualValue: true, unitKo: true, achievedDate: true, achievedPrecision: true, evidenceKo: true,
    },
  },
} satisfies Prisma.ProjectSelect;

type LoadedProject = Prisma.ProjectGetPayload<{ select: typeof projectSelect }>;

function stateOf(p: LoadedProject): ProjectState {
  const seqOf = new Map(p.subProjects.map((s) => [s.id, s.seq]));
  const seq = (id: number | null) => (id === null ? null : seqOf.get(id) ?? null);
  return {
    fields: {
      titleKo: p.titleKo, titleEn: p.titleEn, summaryKo: p.summaryKo, summaryEn: p.summaryEn, productKo: p.productKo, productEn: p.productEn,
      programId: p.programId, area: p.area, researchStage: p.researchStage, periodStart: month(p.periodStart)!, periodEnd: month(p.periodEnd)!,
      status: p.status, publication: p.publication,
    },
    children: {
      subProjects: p.subProjects.map((s) => ({ seq: s.seq, titleKo: s.titleKo, titleEn: s.titleEn, lead: s.leadInstitution?.normalizedName ?? null, periodStart: month(s.periodStart), periodEnd: month(s.periodEnd) })),
      consortium: p.participations.map((x) => ({ seq: seq(x.subProjectId), institution: x.institution.normalizedName, role: x.role })),
      funding: p.fundingLines.map((f) => ({
        seq: seq(f.subProjectId), stage: f.stage, fiscalYear: f.fiscalYear, institution: f.institution?.normalizedName ?? null,
        governmentWon: won(f.governmentWon), privateCashWon: won(f.privateCashWon), privateInKindWon: won(f.privateInKindWon),
        agreementNumber: f.agreement?.agreementNumber ?? null, agreementSignedOn: day(f.agreement?.signedOn ?? null),
      })),
      researchers: p.people.map((x) => ({ nameKo: x.person.nameKo, nameEn: x.person.nameEn, role: x.role, institution: x.institution?.normalizedName ?? null, positionKo: x.positionKo })),
      milestones: p.milestones.map((m) => ({
        seq: seq(m.subProjectId), titleKo: m.titleKo, titleEn: m.titleEn, kind: m.kind, status: m.status,
        dueDate: day(m.dueDate), duePrecision: m.duePrecision, targetValue: canonicalDecimal(m.targetValue?.toString() ?? null),
        actualValue: canonicalDecimal(m.actualValue?.toString() ?? null), unitKo: m.unitKo, achievedDate: day(m.achievedDate),
        achievedPrecision: m.achievedPrecision, evidenceKo: m.evidenceKo,
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Planning

function partial(value: unknown): { date: string | null; precision: string | null } {
  const p = value as PartialDate | null | undefined;
  return p ? { date: day(p.date), precision: p.precision } : { date: null, precision: null };
}

const v = <T>(row: Row, field: string) => (row.values[field] ?? null) as T | null;

/** Compares the file with the database. Reads only; the errors are the file's, per row. */
export type PlanOptions = {
  publish: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with each batch of planned projects (up to 1,000) as soon as it is planned, with the
   * errors found so far. When given, the plan keeps only a compact summary of each project (its
   * fields, counts of changed rows; no rows), so memory does not grow with the file: the apply
   * writes each batch from here, and the dry run's report needs no rows.
   */
  onBatch?: (batch: PlannedProject[], context: PlanBatchContext) => Promise<void> | void;
};

export type PlanBatchContext = {
  errorCount: number;
  newInstitutions: ImportPlan["newInstitutions"];
  programNames: ImportPlan["programNames"];
};

/** A planned project without its rows: what the report and the conflict check read. */
function compactPlanned(p: PlannedProject): PlannedProject {
  const rowsAsCounts = (value: unknown) => (Array.isArray(value) ? new Array<undefined>(value.length) : value);
  return {
    ...p,
    after: { fields: p.after.fields, children: EMPTY_CHILDREN },
    changes: p.changes.some((c) => Array.isArray(c.before) || Array.isArray(c.after))
      ? p.changes.map((c) => ({ ...c, before: rowsAsCounts(c.before), after: rowsAsCounts(c.after) }))
      : p.changes,
    existing: p.existing ? { ...p.existing, state: { fields: p.existing.state.fields, children: EMPTY_CHILDREN } } : null,
  };
}

export async function planImport(client: Db, who: Actor, model: ImportModel, options: PlanOptions): Promise<ImportPlan> {
  const errors: RowError[] = [...model.errors];
  const err = (row: Row, field: string, code: string, params?: Record<string, string | number>) =>
    errors.push({ sheet: row.ref.sheet, row: row.ref.row, column: row.columns[field] ?? field, code, params });

  // The projects sheet: one row per key.
  const projectRows = new Map<string, Row>();
  for (const row of model.rows.projects) {
    if (projectRows.has(row.projectKey)) err(row, "projectKey", "duplicateKey", { key: row.projectKey });
    else projectRows.set(row.projectKey, row);
  }
  const childRows = new Map<string, Partial<Record<ChildKind, Row[]>>>();
  for (const kind of CHILD_KINDS) {
    for (const row of model.rows[kind]) {
      const entry = childRows.get(row.projectKey) ?? {};
      (entry[kind] ??= []).push(row);
      childRows.set(row.projectKey, entry);
    }
  }
  const keys = [...new Set([...projectRows.keys(), ...childRows.keys()])];

  // Existing projects by their 과제번호 (identifier scheme AGENCY).
  const idByKey = new Map<string, number>();
  for (const part of chunks(keys)) {
    const found = await client.projectIdentifier.findMany({ where: { scheme: "AGENCY", value: { in: part } }, select: { value: true, projectId: true } });
    for (const f of found) idByKey.set(f.value, f.projectId);
  }

  // Programs by code or name; institutions by normalised name.
  const programs = await client.program.findMany({ select: { id: true, code: true, nameKo: true, nameEn: true } });
  const programByLabel = new Map<string, number>();
  for (const p of programs) for (const label of [p.code, p.nameKo, p.nameEn ?? ""]) if (label) programByLabel.set(labelKey(label), p.id);
  const institutionNames = new Set<string>();
  for (const kind of ["subProjects", "consortium", "funding", "researchers"] as const) {
    for (const row of model.rows[kind]) {
      const name = v<string>(row, kind === "subProjects" ? "leadInstitution" : "institution");
      if (name) institutionNames.add(normalizeInstitutionName(name));
    }
  }
  const registry = new Map<string, InstitutionRef>();
  for (const part of chunks([...institutionNames])) {
    for (const i of await client.institution.findMany({ where: { normalizedName: { in: part } }, select: { id: true, nameKo: true, nameEn: true, type: true, normalizedName: true } })) registry.set(i.normalizedName, i);
  }
  // Unregistered institutions the consortium sheet describes (with their type) are added.
  const newInstitutions = new Map<string, ImportPlan["newInstitutions"][number]>();
  for (const row of model.rows.consortium) {
    const name = v<string>(row, "institution")!;
    const normalizedName = normalizeInstitutionName(name);
    if (registry.has(normalizedName) || newInstitutions.has(normalizedName)) continue;
    const type = v<string>(row, "institutionType");
    if (!type) { err(row, "institutionType", "institutionTypeNeeded", { name }); continue; }
    const brn = v<string>(row, "businessRegistrationNumber")?.replace(/\D/g, "") ?? null;
    if (brn !== null && brn.length !== 10) { err(row, "businessRegistrationNumber", "brnInvalid"); continue; }
    newInstitutions.set(normalizedName, { nameKo: name, type, businessRegistrationNumber: brn, normalizedName });
  }
  const institution = (row: Row, field: string): string | null | undefined => {
    const name = v<string>(row, field);
    if (!name) return null;
    const n = normalizeInstitutionName(name);
    if (registry.has(n) || newInstitutions.has(n)) return n;
    err(row, field, "institutionUnknown", { name });
    return undefined;
  };

  // The rows now live in projectRows and childRows, which let go of each project's rows once it
  // is planned (a large file's rows are the bulk of a dry run's memory).
  for (const kind of ["projects", ...CHILD_KINDS] as const) model.rows[kind] = [];
  const planned: PlannedProject[] = [];
  const programNames = new Map(programs.map((p) => [p.id, { nameKo: p.nameKo, nameEn: p.nameEn }]));
  let created = 0, updated = 0, unchanged = 0;
  let done = 0;
  const fileProjects = new Map<string, { creates: boolean; changesFunding: boolean }>();
  const batchContext: PlanBatchContext = { errorCount: 0, newInstitutions: [...newInstitutions.values()], programNames };
  // Existing projects are loaded a batch at a time (a few queries per batch, never per project),
  // planned, and let go: memory stays flat whatever the file's size.
  for (let start = 0; start < keys.length; start += 1_000) {
    const batch = keys.slice(start, start + 1_000);
    const batchPlanned: PlannedProject[] = [];
    const batchIds = batch.flatMap((key) => (idByKey.has(key) ? [idByKey.get(key)!] : []));
    const loaded = new Map<number, LoadedProject>();
    for (const part of chunks(batchIds, 500)) {
      for (const p of await client.project.findMany({ where: { id: { in: part } }, select: projectSelect })) loaded.set(p.id, p);
    }
    done += batch.length;
    options.onProgress?.(done, keys.length);
    for (const key of batch) {
      fileProjects.set(key, { creates: !idByKey.has(key), changesFunding: false });
      const row = projectRows.get(key);
      const kids = childRows.get(key) ?? {};
      projectRows.delete(key);
      childRows.delete(key);
      const firstRow = row ?? Object.values(kids).flat()[0]!;
      const existingId = idByKey.get(key);
      const current = existingId !== undefined ? loaded.get(existingId) : undefined;
      const existingState = current ? stateOf(current) : null;
      const before = errors.length;

      if (!row && !current) {
        for (const r of Object.values(kids).flat()) err(r, "projectKey", "projectUnknown", { key });
        continue;
      }
      let fields: ProjectFields;
      if (row) {
        let programId: number | null = null;
        const programLabel = v<string>(row, "program");
        if (programLabel) {
          const found = programByLabel.get(labelKey(programLabel));
          if (found === undefined) err(row, "program", "programUnknown", { name: programLabel });
          else programId = found;
        }
        const start = v<Date>(row, "periodStart")!;
        const end = v<Date>(row, "periodEnd")!;
        if (end < start) err(row, "periodEnd", "endBeforeStart");
        fields = {
          titleKo: v<string>(row, "titleKo")!, titleEn: v(row, "titleEn"), summaryKo: v(row, "summaryKo"), summaryEn: v(row, "summaryEn"),
          productKo: v(row, "productKo"), productEn: v(row, "productEn"), programId, area: v(row, "area"), researchStage: v(row, "researchStage"),
          periodStart: month(start)!, periodEnd: month(end)!, status: v<string>(row, "status")!,
          publication: options.publish ? "PUBLISHED" : existingState?.fields.publication ?? "DRAFT",
        };
      } else {
        fields = { ...existingState!.fields, publication: options.publish ? "PUBLISHED" : existingState!.fields.publication };
      }
      // The scope rule: the project's program now and after the import must both be the actor's.
      if (!inScope(who, fields.programId) || (current && !inScope(who, current.programId))) {
        err(firstRow, row ? "program" : "projectKey", "programOutOfScope", { key });
      }

      const children = existingState ? structuredClone(existingState.children) : { subProjects: [], consortium: [], funding: [], researchers: [], milestones: [] };
      if (model.kinds.has("subProjects")) {
        const seen = new Set<number>();
        children.subProjects = [];
        for (const r of kids.subProjects ?? []) {
          const seq = v<number>(r, "subProjectSeq")!;
          if (seen.has(seq)) { err(r, "subProjectSeq", "duplicateSubProject", { seq }); continue; }
          seen.add(seq);
          const lead = institution(r, "leadInstitution");
          if (lead === undefined) continue;
          const s: SubProjectState = { seq, titleKo: v<string>(r, "titleKo")!, titleEn: v(r, "titleEn"), lead, periodStart: month(v<Date>(r, "periodStart")), periodEnd: month(v<Date>(r, "periodEnd")) };
          if (s.periodStart && s.periodEnd && s.periodEnd < s.periodStart) err(r, "periodEnd", "endBeforeStart");
          children.subProjects.push(s);
        }
      }
      const seqs = new Set(children.subProjects.map((s) => s.seq));
      const seqOf = (r: Row): number | null | undefined => {
        const seq = v<number>(r, "subProjectSeq");
        if (seq === null) return null;
        if (!seqs.has(seq)) { err(r, "subProjectSeq", "subProjectUnknown", { seq }); return undefined; }
        return seq;
      };
      if (model.kinds.has("consortium")) {
        children.consortium = [];
        const seen = new Set<string>();
        for (const r of kids.consortium ?? []) {
          const seq = seqOf(r);
          const inst = institution(r, "institution");
          if (seq === undefined || !inst) continue;
          const p: ParticipationState = { seq, institution: inst, role: v<string>(r, "role")! };
          const id = JSON.stringify(p);
          if (seen.has(id)) { err(r, "institution", "duplicateRow"); continue; }
          seen.add(id);
          children.consortium.push(p);
        }
      }
      if (model.kinds.has("funding")) {
        children.funding = [];
        for (const r of kids.funding ?? []) {
          const seq = seqOf(r);
          const inst = institution(r, "institution");
          if (seq === undefined || inst === undefined) continue;
          const f: FundingState = {
            seq, stage: v(r, "stage"), fiscalYear: v(r, "fiscalYear"), institution: inst,
            governmentWon: won(v<bigint>(r, "governmentWon")), privateCashWon: won(v<bigint>(r, "privateCashWon")), privateInKindWon: won(v<bigint>(r, "privateInKindWon")),
            agreementNumber: v(r, "agreementNumber"), agreementSignedOn: partial(r.values.agreementSignedOn).date,
          };
          if ((f.agreementNumber || f.agreementSignedOn) && f.fiscalYear === null) { err(r, "fiscalYear", "agreementNeedsYear"); continue; }
          if (f.governmentWon === null && f.privateCashWon === null && f.privateInKindWon === null) { err(r, "governmentWon", "amountsMissing"); continue; }
          children.funding.push(f);
        }
      }
      if (model.kinds.has("researchers")) {
        children.researchers = [];
        for (const r of kids.researchers ?? []) {
          const inst = institution(r, "institution");
          if (inst === undefined) continue;
          const p: PersonState = { nameKo: v<string>(r, "nameKo")!, nameEn: v(r, "nameEn"), role: v<string>(r, "role")!, institution: inst, positionKo: v(r, "positionKo") };
          children.researchers.push(p);
        }
      }
      if (model.kinds.has("milestones")) {
        children.milestones = [];
        for (const r of kids.milestones ?? []) {
          const seq = seqOf(r);
          if (seq === undefined) continue;
          const due = partial(r.values.dueDate);
          const achieved = partial(r.values.achievedDate);
          const m: MilestoneState = {
            seq, titleKo: v<string>(r, "titleKo")!, titleEn: v(r, "titleEn"), kind: v<string>(r, "kind") ?? "OTHER", status: v<string>(r, "status") ?? "PLANNED",
            dueDate: due.date, duePrecision: due.precision, targetValue: canonicalDecimal(v(r, "targetValue")), actualValue: canonicalDecimal(v(r, "actualValue")),
            unitKo: v(r, "unitKo"), achievedDate: achieved.date, achievedPrecision: achieved.precision, evidenceKo: v(r, "evidenceKo"),
          };
          children.milestones.push(m);
        }
      }
      if (errors.length > before) continue;

      const after: ProjectState = { fields, children };
      const changes = existingState ? diffProject(existingState, after) : [];
      const changedKinds = existingState ? CHILD_KINDS.filter((k) => !sameRows(existingState.children[k], children[k])) : CHILD_KINDS.filter((k) => children[k].length > 0);
      // Figures the template does not carry (the source's duration and sub-project count) stay as stored.
      const qualityFlags = qualityOf(after, current?.publishedDurationMonths ?? null, current?.publishedSubProjectCount ?? null);
      const newFlags = qualityFlags.filter((f) => !(current?.qualityFlags ?? []).includes(f));
      if (!current) created++;
      else if (changes.length) updated++;
      else unchanged++;
      // An unchanged project is not written: its plan keeps its fields but not its rows.
      const kept = current && !changes.length ? { fields, children: EMPTY_CHILDREN } : null;
      fileProjects.set(key, { creates: !current, changesFunding: changedKinds.includes("funding") || changedKinds.includes("subProjects") });
      batchPlanned.push({
        key, ref: firstRow.ref, changes, changedKinds, newFlags, qualityFlags, after: kept ?? after,
        existing: current ? { id: current.id, version: current.version, programId: current.programId, qualityFlags: current.qualityFlags, state: kept ?? existingState! } : null,
      });
    }
    if (options.onBatch) {
      batchContext.errorCount = errors.length;
      await options.onBatch(batchPlanned, batchContext);
      for (const p of batchPlanned) planned.push(compactPlanned(p));
    } else {
      planned.push(...batchPlanned);
    }
  }
  // Spending rows (집행 실적) are matched to the agreements as recorded.
  const spending = await planSpending(client, who, model, fileProjects);
  errors.push(...spending.errors);
  return { projects: planned, errors, created, updated, unchanged, newInstitutions: [...newInstitutions.values()], programNames, spending: spending.plan };
}

/** The stored data-quality flags of a project in its state after the import. */
function qualityOf(state: ProjectState, publishedDurationMonths: number | null, publishedSubProjectCount: number | null): string[] {
  const subId = new Map(state.children.subProjects.map((s, i) => [s.seq, i + 1]));
  const sub = (seq: number | null) => (seq === null ? null : subId.get(seq) ?? null);
  return storedQualityFlags({
    periodStart: monthDate(state.fields.periodStart), periodEnd: monthDate(state.fields.periodEnd),
    publishedDurationMonths, publishedSubProjectCount,
    subProjects: state.children.subProjects.map((s, i) => ({ id: i + 1, periodStart: s.periodStart ? monthDate(s.periodStart) : null, periodEnd: s.periodEnd ? monthDate(s.periodEnd) : null })),
    participations: state.children.consortium.map((p) => ({ role: p.role, subProjectId: sub(p.seq) })),
    fundingLines: state.children.funding.map((f) => ({ subProjectId: sub(f.seq), fiscalYear: f.fiscalYear, stage: f.stage, governmentWon: bigOrNull(f.governmentWon) })),
    milestones: state.children.milestones.map((m, i) => ({
      id: i + 1, kind: m.kind, status: m.status, dueDate: dayDate(m.dueDate), duePrecision: m.duePrecision as "DAY" | null, achievedDate: dayDate(m.achievedDate),
    })),
  }).sort();
}

// ---------------------------------------------------------------------------------------------
// Applying

export type ApplyContext = { importId: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void };

function slugBase(key: string): string {
  const ascii = key.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const base = ascii.length >= 3 && /[0-9]/.test(ascii) ? ascii.slice(0, 100) : `p-${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
  return base;
}

function checkAbort(signal?: AbortSignal) {
  if (signal?.aborted) throw new Error("The import was stopped before it finished; nothing was written.");
}

/**
 * Writes a plan in the caller's transaction: new institutions, new and changed projects with
 * everything under them, their derived columns, and one audit row per change linked to the import.
 * The plan must have no errors and its versions must have been checked by the caller.
 */
export async function applyPlan(tx: Prisma.TransactionClient, who: Actor, plan: ImportPlan, context: ApplyContext): Promise<void> {
  const writer = applyWriter(tx, who, context, plan.projects.filter((p) => !p.existing || p.changes.length > 0).length);
  await writer.writeBatch(plan.projects, plan);
  await writer.finish(plan.spending, plan);
}

export type ApplyWriter = {
  /** Writes a batch of planned projects (the first call adds the file's new institutions first). */
  writeBatch(batch: PlannedProject[], context: Pick<ImportPlan, "newInstitutions" | "programNames">): Promise<void>;
  /** Writes the spending rows and the last audit rows. */
  finish(spending: SpendingPlan, context: Pick<ImportPlan, "newInstitutions">): Promise<void>;
};

/**
 * The apply's writes, a batch of projects at a time (planImport's onBatch), so a large file is
 * written as it is planned within the one transaction and no batch's rows outlive it.
 */
export function applyWriter(tx: Prisma.TransactionClient, who: Actor, context: ApplyContext, total = 0): ApplyWriter {
  const audit = (entry: Parameters<typeof recordAudit>[2]): Prisma.AuditLogCreateManyInput => ({
    actorId: who.id, actorEmail: who.email, ip: who.ip, action: entry.action, outcome: "SUCCESS", entityType: entry.entityType,
    entityId: entry.entityId === undefined ? undefined : String(entry.entityId), projectId: entry.projectId ?? undefined,
    before: toAuditJson(entry.before), after: toAuditJson(entry.after), importId: context.importId,
  });
  const auditRows: Prisma.AuditLogCreateManyInput[] = [];
  // Institutions by normalised name: the file's new ones, and registered ones as batches name them.
  const registry = new Map<string, InstitutionRef>();
  let started = false;
  let done = 0;

  const start = async (plan: Pick<ImportPlan, "newInstitutions">) => {
    if (!started) {
      started = true;
      // Institutions added by the consortium sheet.
      for (const part of chunks(plan.newInstitutions)) {
        const made = await tx.institution.createManyAndReturn({
          data: part.map((i) => ({ nameKo: i.nameKo, normalizedName: i.normalizedName, type: i.type as never, businessRegistrationNumber: i.businessRegistrationNumber, origin: "MANUAL" as const })),
          select: { id: true, nameKo: true, nameEn: true, type: true, normalizedName: true },
        });
        for (const i of made) {
          registry.set(i.normalizedName, i);
          auditRows.push(audit({ action: "institution.create", entityType: "institution", entityId: i.id, after: { nameKo: i.nameKo, type: i.type } }));
        }
      }
    }
  };
  const writeBatch: ApplyWriter["writeBatch"] = async (batch, plan) => {
    await start(plan);
    await writeProjects(batch, plan);
  };

  const writeProjects = async (batch: PlannedProject[], plan: Pick<ImportPlan, "programNames">) => {
    const toWrite = batch.filter((p) => !p.existing || p.changes.length > 0);
    if (!toWrite.length) return;
    const names = new Set<string>();
    for (const p of toWrite) {
      for (const s of p.after.children.subProjects) if (s.lead) names.add(s.lead);
      for (const x of p.after.children.consortium) names.add(x.institution);
      for (const f of p.after.children.funding) if (f.institution) names.add(f.institution);
      for (const r of p.after.children.researchers) if (r.institution) names.add(r.institution);
    }
    for (const part of chunks([...names].filter((n) => !registry.has(n)))) {
      for (const i of await tx.institution.findMany({ where: { normalizedName: { in: part } }, select: { id: true, nameKo: true, nameEn: true, type: true, normalizedName: true } })) registry.set(i.normalizedName, i);
    }
    const instId = (name: string | null) => (name === null ? null : registry.get(name)!.id);

    // New projects: their slugs must not collide with any other project's (a base taken as it is, or
    // with a "-n" suffix). Two hash joins over the whole set, not a query per project.
    const creating = toWrite.filter((p) => !p.existing);
    const slugs = new Map<PlannedProject, string>();
    const bases = creating.map((p) => slugBase(p.key));
    const taken = new Set<string>();
    for (const part of chunks([...new Set(bases)], 20_000)) {
      const found = await tx.$queryRaw<{ slug: string }[]>`
        SELECT p.slug FROM project p JOIN unnest(${part}::text[]) AS b(base) ON p.slug = b.base
        UNION SELECT p.slug FROM project p JOIN unnest(${part}::text[]) AS b(base) ON regexp_replace(p.slug, '-[0-9]+$', '') = b.base`;
      for (const f of found) taken.add(f.slug);
    }
    creating.forEach((p, i) => {
      let slug = bases[i]!;
      for (let n = 2; taken.has(slug); n++) slug = `${bases[i]}-${n}`;
      taken.add(slug);
      slugs.set(p, slug);
    });

    const derived = (p: PlannedProject) => {
      const subIndex = new Map(p.after.children.subProjects.map((s, i) => [s.seq, i + 1]));
      const totals = rollUpFunding(p.after.children.funding.map((f) => ({
        subProjectId: f.seq === null ? null : subIndex.get(f.seq) ?? null, fiscalYear: f.fiscalYear, stage: f.stage,
        governmentWon: bigOrNull(f.governmentWon), privateCashWon: bigOrNull(f.privateCashWon), privateInKindWon: bigOrNull(f.privateInKindWon),
      })));
      const institutions = p.after.children.consortium.map((c) => registry.get(c.institution)!);
      const document = buildProjectSearchDocument({
        titleKo: p.after.fields.titleKo, titleEn: p.after.fields.titleEn, productKo: p.after.fields.productKo, productEn: p.after.fields.productEn,
        program: p.after.fields.programId === null ? null : plan.programNames.get(p.after.fields.programId) ?? null,
        identifiers: [p.key], institutions, people: p.after.children.researchers.map((r) => ({ nameKo: r.nameKo, nameEn: r.nameEn })),
      });
      return {
        governmentTotalWon: totals.governmentWon, privateCashTotalWon: totals.privateCashWon, privateInKindTotalWon: totals.privateInKindWon,
        searchText: document.searchText, searchGrams: document.searchGrams,
        institutionTypes: [...new Set(institutions.map((i) => i.type))].sort() as never[], qualityFlags: p.qualityFlags,
      };
    };
    const projectIds = new Map<PlannedProject, number>();
    for (const part of chunks(creating, 5_000)) {
      checkAbort(context.signal);
      const now = new Date();
      const made = await insertRows(tx, "project", PROJECT_COLUMNS, part.map((p) => {
        const f = p.after.fields;
        const d = derived(p);
        return {
          slug: slugs.get(p)!, title_ko: f.titleKo, title_en: f.titleEn, summary_ko: f.summaryKo, summary_en: f.summaryEn, product_ko: f.productKo, product_en: f.productEn,
          program_id: f.programId, area: f.area, research_stage: f.researchStage, period_start: `${f.periodStart}-01`, period_end: `${f.periodEnd}-01`,
          start_year: Number(f.periodStart.slice(0, 4)), status: f.status, publication: f.publication, published_at: f.publication === "PUBLISHED" ? now.toISOString() : null,
          government_total_won: d.governmentTotalWon, private_cash_total_won: d.privateCashTotalWon, private_in_kind_total_won: d.privateInKindTotalWon,
          search_text: d.searchText, search_grams: d.searchGrams, quality_flags: d.qualityFlags, institution_types: d.institutionTypes,
          origin: "MANUAL", updated_at: now.toISOString(),
        };
      }), "id, slug") as { id: number; slug: string }[];
      const bySlug = new Map(made.map((m) => [m.slug, m.id]));
      for (const p of part) projectIds.set(p, bySlug.get(slugs.get(p)!)!);
      await insertRows(tx, "project_identifier", [["project_id", "int"], ["scheme", '"IdentifierScheme"'], ["value", "text"]], part.map((p) => ({ project_id: projectIds.get(p)!, scheme: "AGENCY", value: p.key })));
      for (const p of part) {
        auditRows.push(audit({ action: "project.import.create", entityType: "project", entityId: projectIds.get(p)!, projectId: projectIds.get(p)!, after: { key: p.key, ...p.after.fields, ...Object.fromEntries(CHILD_KINDS.map((k) => [k, p.after.children[k].length])) } }));
      }
      await writeChildren(tx, part.map((p) => ({ projectId: projectIds.get(p)!, plan: p, kinds: CHILD_KINDS.filter((k) => p.after.children[k].length > 0), replace: false })), instId);
      // Audit rows go out with their chunk (memory stays flat; the chain takes them in order).
      await insertAuditRows(tx, auditRows.splice(0));
      done += part.length;
      context.onProgress?.(done, total);
    }

    // Changed projects: one UPDATE … FROM per chunk (their version moves on, as an edit in the app does).
    const updating = toWrite.filter((p) => p.existing);
    for (const part of chunks(updating, 5_000)) {
      checkAbort(context.signal);
      await updateRows(tx, "project", "id", [["id", "int"], ...PROJECT_COLUMNS.filter(([c]) => c !== "slug" && c !== "origin" && c !== "published_at")], part.map((p) => {
        const f = p.after.fields;
        const d = derived(p);
        return {
          id: p.existing!.id, title_ko: f.titleKo, title_en: f.titleEn, summary_ko: f.summaryKo, summary_en: f.summaryEn, product_ko: f.productKo, product_en: f.productEn,
          program_id: f.programId, area: f.area, research_stage: f.researchStage, period_start: `${f.periodStart}-01`, period_end: `${f.periodEnd}-01`,
          start_year: Number(f.periodStart.slice(0, 4)), status: f.status, publication: f.publication,
          government_total_won: d.governmentTotalWon, private_cash_total_won: d.privateCashTotalWon, private_in_kind_total_won: d.privateInKindTotalWon,
          search_text: d.searchText, search_grams: d.searchGrams, quality_flags: d.qualityFlags, institution_types: d.institutionTypes,
          updated_at: new Date().toISOString(), publishing: f.publication === "PUBLISHED" && p.existing!.state.fields.publication !== "PUBLISHED",
        };
      }), `"version" = t."version" + 1, "published_at" = CASE WHEN x."publishing" THEN now() ELSE t."published_at" END`, [["publishing", "boolean"]]);
      for (const p of part) {
        auditRows.push(audit({
          action: "project.import.update", entityType: "project", entityId: p.existing!.id, projectId: p.existing!.id,
          before: Object.fromEntries(p.changes.map((c) => [c.field, c.before])), after: Object.fromEntries(p.changes.map((c) => [c.field, c.after])),
        }));
      }
      await writeChildren(tx, part.map((p) => ({ projectId: p.existing!.id, plan: p, kinds: p.changedKinds, replace: true })), instId);
      await insertAuditRows(tx, auditRows.splice(0));
      done += part.length;
      context.onProgress?.(done, total);
    }
  };

  const finish: ApplyWriter["finish"] = async (spending, plan) => {
    await start(plan);
    checkAbort(context.signal);
    auditRows.push(...await writeSpending(tx, who, spending, context.importId));
    await insertAuditRows(tx, auditRows.splice(0));
    invalidatePortfolioAggregates();
  };
  return { writeBatch, finish };
}

const PROJECT_COLUMNS: [string, string][] = [
  ["slug", "text"], ["title_ko", "text"], ["title_en", "text"], ["summary_ko", "text"], ["summary_en", "text"], ["product_ko", "text"], ["product_en", "text"],
  ["program_id", "int"], ["area", '"StrategicTechArea"'], ["research_stage", '"ResearchStage"'], ["period_start", "date"], ["period_end", "date"],
  ["start_year", "smallint"], ["status", '"ProjectStatus"'], ["publication", '"PublicationState"'], ["published_at", "timestamptz"],
  ["government_total_won", "bigint"], ["private_cash_total_won", "bigint"], ["private_in_kind_total_won", "bigint"],
  ["search_text", "text"], ["search_grams", "text[]"], ["quality_flags", "text[]"], ["institution_types", '"InstitutionType"[]'],
  ["origin", '"DataOrigin"'], ["updated_at", "timestamptz"],
];

type ChildWrite = { projectId: number; plan: PlannedProject; kinds: ChildKind[]; replace: boolean };

/**
 * Replaces the kinds a file changed under each project, set-based: a few statements per kind for
 * the whole chunk, whatever its size. Sub-projects are updated by number, so rows under them stay
 * linked; agreements are kept (matched by project, sub-project, stage and year) and updated.
 */
async function writeChildren(tx: Prisma.TransactionClient, writes: ChildWrite[], instId: (n: string | null) => number | null): Promise<void> {
  const has = (w: ChildWrite, k: ChildKind) => w.kinds.includes(k);
  const ids = (k: ChildKind) => writes.filter((w) => w.replace && has(w, k)).map((w) => w.projectId);
  const now = new Date().toISOString();

  // Sub-projects first: the other kinds point at them by number.
  const subWrites = writes.filter((w) => has(w, "subProjects"));
  const wantedSubs = subWrites.flatMap((w) => w.plan.after.children.subProjects.map((s) => ({
    project_id: w.projectId, seq: s.seq, title_ko: s.titleKo, title_en: s.titleEn, lead_institution_id: instId(s.lead),
    period_start: s.periodStart ? `${s.periodStart}-01` : null, period_end: s.periodEnd ? `${s.periodEnd}-01` : null, updated_at: now,
  })));
  const replacedSubs = ids("subProjects");
  if (replacedSubs.length) {
    const replaced = new Set(replacedSubs);
    const keep = JSON.stringify(wantedSubs.filter((s) => replaced.has(s.project_id)).map((s) => ({ project_id: s.project_id, seq: s.seq })));
    await tx.$executeRawUnsafe(`DELETE FROM sub_project s WHERE s.project_id = ANY($1::int[])
      AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($2::jsonb) AS x(project_id int, seq int) WHERE x.project_id = s.project_id AND x.seq = s.seq)`, replacedSubs, keep);
  }
  await insertRows(tx, "sub_project", [
    ["project_id", "int"], ["seq", "smallint"], ["title_ko", "text"], ["title_en", "text"], ["lead_institution_id", "int"], ["period_start", "date"], ["period_end", "date"], ["updated_at", "timestamptz"],
  ], wantedSubs, undefined, `ON CONFLICT ("project_id", "seq") DO UPDATE SET "title_ko" = EXCLUDED."title_ko", "title_en" = EXCLUDED."title_en", "lead_institution_id" = EXCLUDED."lead_institution_id", "period_start" = EXCLUDED."period_start", "period_end" = EXCLUDED."period_end", "updated_at" = EXCLUDED."updated_at"`);

  const needsSubs = writes.filter((w) => w.plan.after.children.subProjects.length > 0 && w.kinds.some((k) => k !== "subProjects" && k !== "researchers"));
  const subId = new Map<string, number>();
  for (const part of chunks(needsSubs.map((w) => w.projectId), 10_000)) {
    for (const s of await tx.$queryRaw<{ id: number; project_id: number; seq: number }[]>`SELECT id, project_id, seq FROM sub_project WHERE project_id = ANY(${part}::int[])`) subId.set(`${s.project_id}:${s.seq}`, s.id);
  }
  const sub = (projectId: number, seq: number | null) => (seq === null ? null : subId.get(`${projectId}:${seq}`) ?? null);

  const replacedConsortium = ids("consortium");
  if (replacedConsortium.length) await tx.$executeRaw`DELETE FROM participation WHERE project_id = ANY(${replacedConsortium}::int[])`;
  await insertRows(tx, "participation", [["project_id", "int"], ["sub_project_id", "int"], ["institution_id", "int"], ["role", '"ParticipationRole"'], ["sort_order", "smallint"]],
    writes.filter((w) => has(w, "consortium")).flatMap((w) => w.plan.after.children.consortium.map((c, i) => ({
      project_id: w.projectId, sub_project_id: sub(w.projectId, c.seq), institution_id: instId(c.institution)!, role: c.role, sort_order: Math.min(i, 32_000),
    }))));

  // Funding lines, and the agreements their 협약번호 / 협약일 name (kept, updated, or added).
  const fundingWrites = writes.filter((w) => has(w, "funding"));
  const replacedFunding = ids("funding");
  if (replacedFunding.length) await tx.$executeRaw`DELETE FROM funding_line WHERE project_id = ANY(${replacedFunding}::int[])`;
  const agreementKey = (projectId: number, subProjectId: number | null, stage: number | null, fiscalYear: number | null) => `${projectId}:${subProjectId}:${stage}:${fiscalYear}`;
  const agreementIds = new Map<string, number>();
  const withAgreements = fundingWrites.filter((w) => w.plan.after.children.funding.some((f) => f.agreementNumber || f.agreementSignedOn)).map((w) => w.projectId);
  for (const part of chunks(withAgreements, 10_000)) {
    const found = await tx.$queryRaw<{ id: number; project_id: number; sub_project_id: number | null; stage: number | null; fiscal_year: number }[]>`
      SELECT id, project_id, sub_project_id, stage, fiscal_year FROM agreement WHERE project_id = ANY(${part}::int[]) ORDER BY id`;
    for (const a of found) {
      const k = agreementKey(a.project_id, a.sub_project_id, a.stage, a.fiscal_year);
      if (!agreementIds.has(k)) agreementIds.set(k, a.id);
    }
  }
  const agreementUpdates: Record<string, unknown>[] = [];
  const agreementInserts: (Record<string, unknown> & { key: string })[] = [];
  const seenAgreements = new Set<string>();
  for (const w of fundingWrites) {
    for (const f of w.plan.after.children.funding) {
      if (!f.agreementNumber && !f.agreementSignedOn) continue;
      const subProjectId = sub(w.projectId, f.seq);
      const k = agreementKey(w.projectId, subProjectId, f.stage, f.fiscalYear);
      if (seenAgreements.has(k)) continue;
      seenAgreements.add(k);
      const existing = agreementIds.get(k);
      if (existing !== undefined) agreementUpdates.push({ id: existing, agreement_number: f.agreementNumber, signed_on: f.agreementSignedOn, updated_at: now });
      else agreementInserts.push({ key: k, project_id: w.projectId, sub_project_id: subProjectId, stage: f.stage, fiscal_year: f.fiscalYear, agreement_number: f.agreementNumber, signed_on: f.agreementSignedOn, updated_at: now });
    }
  }
  await updateRows(tx, "agreement", "id", [["id", "int"], ["agreement_number", "text"], ["signed_on", "date"], ["updated_at", "timestamptz"]], agreementUpdates);
  const newAgreementIds = await nextIds(tx, "agreement", agreementInserts.length);
  agreementInserts.forEach((a, i) => { a.id = newAgreementIds[i]; agreementIds.set(a.key, newAgreementIds[i]!); });
  await insertRows(tx, "agreement", [
    ["id", "int"], ["project_id", "int"], ["sub_project_id", "int"], ["stage", "smallint"], ["fiscal_year", "smallint"], ["agreement_number", "text"], ["signed_on", "date"], ["updated_at", "timestamptz"],
  ], agreementInserts);
  await insertRows(tx, "funding_line", [
    ["project_id", "int"], ["sub_project_id", "int"], ["fiscal_year", "smallint"], ["stage", "smallint"], ["institution_id", "int"],
    ["government_won", "bigint"], ["private_cash_won", "bigint"], ["private_in_kind_won", "bigint"], ["agreement_id", "int"], ["updated_at", "timestamptz"],
  ], fundingWrites.flatMap((w) => w.plan.after.children.funding.map((f) => {
    const subProjectId = sub(w.projectId, f.seq);
    return {
      project_id: w.projectId, sub_project_id: subProjectId, fiscal_year: f.fiscalYear, stage: f.stage, institution_id: instId(f.institution),
      government_won: f.governmentWon, private_cash_won: f.privateCashWon, private_in_kind_won: f.privateInKindWon,
      agreement_id: f.agreementNumber || f.agreementSignedOn ? agreementIds.get(agreementKey(w.projectId, subProjectId, f.stage, f.fiscalYear)) ?? null : null, updated_at: now,
    };
  })));

  // Researchers: the links are replaced; a person no other project names goes with the link (as
  // when a researcher is removed by hand). New people get ids first so their links can name them.
  const peopleIds = ids("researchers");
  if (peopleIds.length) {
    await tx.$executeRaw`
      WITH gone AS (DELETE FROM project_person WHERE project_id = ANY(${peopleIds}::int[]) RETURNING person_id)
      DELETE FROM person p WHERE p.id IN (SELECT person_id FROM gone)
        AND NOT EXISTS (SELECT 1 FROM project_person pp WHERE pp.person_id = p.id AND pp.project_id <> ALL(${peopleIds}::int[]))`;
  }
  const peopleWrites = writes.filter((x) => has(x, "researchers"));
  const people = peopleWrites.flatMap((w) => w.plan.after.children.researchers.map((r, i) => ({ w, r, i })));
  const personIds = await nextIds(tx, "person", people.length);
  await insertRows(tx, "person", [["id", "int"], ["name_ko", "text"], ["name_en", "text"], ["institution_id", "int"], ["origin", '"DataOrigin"'], ["updated_at", "timestamptz"]],
    people.map(({ r }, n) => ({ id: personIds[n], name_ko: r.nameKo, name_en: r.nameEn, institution_id: instId(r.institution), origin: "MANUAL", updated_at: now })));
  await insertRows(tx, "project_person", [["project_id", "int"], ["person_id", "int"], ["role", '"PersonRole"'], ["institution_id", "int"], ["position_ko", "text"], ["sort_order", "smallint"]],
    people.map(({ w, r, i }, n) => ({ project_id: w.projectId, person_id: personIds[n], role: r.role, institution_id: instId(r.institution), position_ko: r.positionKo, sort_order: Math.min(i, 32_000) })),
    undefined, "ON CONFLICT DO NOTHING");

  const replacedMilestones = ids("milestones");
  if (replacedMilestones.length) await tx.$executeRaw`DELETE FROM milestone WHERE project_id = ANY(${replacedMilestones}::int[])`;
  await insertRows(tx, "milestone", [
    ["project_id", "int"], ["sub_project_id", "int"], ["title_ko", "text"], ["title_en", "text"], ["kind", '"MilestoneKind"'], ["status", '"MilestoneStatus"'],
    ["due_date", "date"], ["due_precision", '"DatePrecision"'], ["target_value", "numeric"], ["actual_value", "numeric"], ["unit_ko", "text"],
    ["achieved_date", "date"], ["achieved_precision", '"DatePrecision"'], ["evidence_ko", "text"], ["sort_order", "smallint"], ["updated_at", "timestamptz"],
  ], writes.filter((w) => has(w, "milestones")).flatMap((w) => w.plan.after.children.milestones.map((m, i) => ({
    project_id: w.projectId, sub_project_id: sub(w.projectId, m.seq), title_ko: m.titleKo, title_en: m.titleEn, kind: m.kind, status: m.status,
    due_date: m.dueDate, due_precision: m.duePrecision, target_value: m.targetValue, actual_value: m.actualValue, unit_ko: m.unitKo,
    achieved_date: m.achievedDate, achieved_precision: m.achievedPrecision, evidence_ko: m.evidenceKo, sort_order: Math.min(i, 32_000), updated_at: now,
  }))));
}
