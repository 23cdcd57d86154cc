// A project as an import compares it: its own fields and everything under it, in a canonical form
// (institutions by normalised name, months as YYYY-MM, won as strings), so that the state in the
// database and the state a file describes can be compared field by field. Pure.
import type { SheetKind } from "./template";

export type ProjectFields = {
  titleKo: string; titleEn: string | null; summaryKo: string | null; summaryEn: string | null;
  productKo: string | null; productEn: string | null; programId: number | null; area: string | null;
  researchStage: string | null; periodStart: string; periodEnd: string; status: string; publication: "DRAFT" | "PUBLISHED";
};
export const PROJECT_FIELD_NAMES = [
  "titleKo", "titleEn", "summaryKo", "summaryEn", "productKo", "productEn", "programId", "area", "researchStage", "periodStart", "periodEnd", "status", "publication",
] as const satisfies readonly (keyof ProjectFields)[];

export type SubProjectState = { seq: number; titleKo: string; titleEn: string | null; lead: string | null; periodStart: string | null; periodEnd: string | null };
export type ParticipationState = { seq: number | null; institution: string; role: string };
export type FundingState = {
  seq: number | null; stage: number | null; fiscalYear: number | null; institution: string | null;
  governmentWon: string | null; privateCashWon: string | null; privateInKindWon: string | null;
  agreementNumber: string | null; agreementSignedOn: string | null;
};
export type PersonState = { nameKo: string; nameEn: string | null; role: string; institution: string | null; positionKo: string | null };
export type MilestoneState = {
  seq: number | null; titleKo: string; titleEn: string | null; kind: string; status: string;
  dueDate: string | null; duePrecision: string | null; targetValue: string | null; actualValue: string | null;
  unitKo: string | null; achievedDate: string | null; achievedPrecision: string | null; evidenceKo: string | null;
};

/** Kinds that belong to a project's own state (spending is matched to agreements, lib/data/import-spending). */
export type ChildKind = Exclude<SheetKind, "projects" | "spending">;
export type ProjectChildren = {
  subProjects: SubProjectState[];
  consortium: ParticipationState[];
  funding: FundingState[];
  researchers: PersonState[];
  milestones: MilestoneState[];
};
export const CHILD_KINDS: ChildKind[] = ["subProjects", "consortium", "funding", "researchers", "milestones"];

export type ProjectState = { fields: ProjectFields; children: ProjectChildren };

/** Decimal strings as PostgreSQL's numeric prints them differ in trailing zeros: compare them without. */
export function canonicalDecimal(value: string | null): string | null {
  if (value === null) return null;
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}

function stable(value: unknown): string {
  return JSON.stringify(value, Object.keys(value as object).sort());
}

/** A kind's rows as a sorted list of strings: two lists are equal when the rows are, in any order. */
export function canonicalRows(rows: object[]): string[] {
  return rows.map(stable).sort();
}

export function sameRows(a: object[], b: object[]): boolean {
  const x = canonicalRows(a);
  const y = canonicalRows(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export type FieldChange = { field: string; before: unknown; after: unknown };

/** What an import changes on one project: field by field, and per kind the rows before → after. */
export function diffProject(before: ProjectState, after: ProjectState): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of PROJECT_FIELD_NAMES) {
    if (before.fields[field] !== after.fields[field]) changes.push({ field, before: before.fields[field], after: after.fields[field] });
  }
  for (const kind of CHILD_KINDS) {
    if (!sameRows(before.children[kind], after.children[kind])) changes.push({ field: kind, before: before.children[kind], after: after.children[kind] });
  }
  return changes;
}
