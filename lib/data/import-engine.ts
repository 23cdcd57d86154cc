// Size (above 300 lines): planImport is one pass over the file's rows (resolve programmes and
// institutions, load the current projects a batch at a time, diff, flag) whose steps share its
// local maps; the plan's types and the reading of the current state stand beside it because the
// pass is their only producer. The writes are in lib/data/import-apply.ts and import-children.ts.
import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ImportModel, Row, RowError } from "@/lib/import/parse";
import {
  CHILD_KINDS, canonicalDecimal, diffProject, sameRows, type ChildKind, type FieldChange, type FundingState, type MilestoneState,
  type ParticipationState, type PersonState, type ProjectFields, type ProjectState, type SubProjectState,
} from "@/lib/import/state";
import { labelKey, type PartialDate } from "@/lib/import/values";
import { chunks } from "@/lib/data/import-sql";
import { planSpending, type SpendingPlan } from "@/lib/data/import-spending";
import type { Actor } from "@/lib/permissions";
import { inScope } from "@/lib/scope";
import { storedQualityFlags } from "@/lib/quality/checks";
import { normalizeInstitutionName } from "@/lib/search/normalize";

// The database half of an import (lib/import is the pure half): compares the file's projects with
// the database (plan); lib/data/import-apply.ts writes the differences in the caller's transaction.
// Authorization is the caller's (lib/data/imports.ts); the scope rule is checked here per project.

type Db = PrismaClient | Prisma.TransactionClient;

const month = (d: Date | null) => (d ? d.toISOString().slice(0, 7) : null);
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const monthDate = (s: string) => new Date(`${s}-01T00:00:00Z`);
const dayDate = (s: string | null) => (s ? new Date(`${s}T00:00:00Z`) : null);
const won = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());
export const bigOrNull = (v: string | null) => (v === null ? null : BigInt(v));

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
