import "server-only";
import { toAuditJson } from "@/lib/data/audit";
import { chunks, insertRows } from "@/lib/data/import-sql";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ImportModel, Row, RowError } from "@/lib/import/parse";
import { labelKey } from "@/lib/import/values";
import { can, type Actor } from "@/lib/permissions";
import { normalizeInstitutionName } from "@/lib/search/normalize";
import { quarterBounds } from "@/lib/validations/grants";

// The spending sheet of an import (집행 실적, issue 14): each row is one institution's spending in one
// period under one cost category (비목), matched to the project's agreement of that year. The rules
// are recordSpending's (lib/data/grants/spending.ts), checked for all rows at once: the actor may write
// spending on the project (spending.write, scoped); the agreement is signed (not 협약 전); the
// institution has an awarded amount under it; its part is not settled; the category is in force in
// the period. A figure equal to the recorded one changes nothing; each change moves the project's
// version on and is audited as spending.record, per agreement, institution and period.

type Db = PrismaClient | Prisma.TransactionClient;

export type SpendingLine = {
  projectId: number; agreementId: number; institutionId: number; costCategoryId: number; costCategoryCode: string;
  periodStart: string; periodEnd: string; amountWon: bigint; before: bigint | null;
};

export type SpendingPlan = {
  /** Rows whose figure differs from the recorded one (new or changed). */
  lines: SpendingLine[];
  created: number;
  updated: number;
  unchanged: number;
  /** Projects the sheet names, with the version the plan saw (the apply refuses one edited since). */
  versions: Map<number, { version: number; key: string; sheet: string; row: number }>;
};

export const EMPTY_SPENDING: SpendingPlan = { lines: [], created: 0, updated: 0, unchanged: 0, versions: new Map() };

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The period a row names: a month, a quarter, or the whole (calendar) fiscal year. */
function periodOf(year: number, quarter: number | null, month: number | null): { start: Date; end: Date } | "monthOutsideQuarter" {
  if (month !== null) {
    if (quarter !== null && Math.ceil(month / 3) !== quarter) return "monthOutsideQuarter";
    return { start: new Date(Date.UTC(year, month - 1, 1)), end: new Date(Date.UTC(year, month, 0)) };
  }
  if (quarter !== null) return quarterBounds(`${year}-Q${quarter}`)!;
  return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year, 11, 31)) };
}

/**
 * Checks the spending rows against the database. `planned` says, per project key, whether the same
 * file creates the project or changes its sub-projects or funding: spending is matched to agreements
 * and awards as recorded, so those must be imported first (a separate file, or a second run).
 */
export async function planSpending(
  client: Db, who: Actor, model: ImportModel, planned: Map<string, { creates: boolean; changesFunding: boolean }>,
): Promise<{ plan: SpendingPlan; errors: RowError[] }> {
  const rows = model.rows.spending;
  const errors: RowError[] = [];
  if (rows.length === 0) return { plan: EMPTY_SPENDING, errors };
  const err = (row: Row, field: string, code: string, params?: Record<string, string | number>) =>
    errors.push({ sheet: row.ref.sheet, row: row.ref.row, column: row.columns[field] ?? field, code, params });
  const v = <T>(row: Row, field: string) => (row.values[field] ?? null) as T | null;

  // Projects by 과제번호, then everything the rules consult, for all of them at once.
  const keys = [...new Set(rows.map((r) => r.projectKey))];
  const projectByKey = new Map<string, { id: number; version: number; programId: number | null }>();
  for (const part of chunks(keys)) {
    const found = await client.projectIdentifier.findMany({
      where: { scheme: "AGENCY", value: { in: part } },
      select: { value: true, project: { select: { id: true, version: true, programId: true } } },
    });
    for (const f of found) projectByKey.set(f.value, f.project);
  }
  const projectIds = [...new Set([...projectByKey.values()].map((p) => p.id))];
  const subProjects = new Map<string, number>();
  const agreements: { id: number; projectId: number; subProjectId: number | null; stage: number | null; fiscalYear: number; status: string | null }[] = [];
  for (const part of chunks(projectIds)) {
    for (const s of await client.subProject.findMany({ where: { projectId: { in: part } }, select: { id: true, projectId: true, seq: true } })) subProjects.set(`${s.projectId}:${s.seq}`, s.id);
    agreements.push(...await client.agreement.findMany({ where: { projectId: { in: part } }, select: { id: true, projectId: true, subProjectId: true, stage: true, fiscalYear: true, status: true } }));
  }
  const agreementIds = agreements.map((a) => a.id);
  const awarded = new Set<string>();
  const settled = new Set<string>();
  const recorded = new Map<string, bigint>();
  for (const part of chunks(agreementIds)) {
    for (const f of await client.fundingLine.findMany({ where: { agreementId: { in: part }, institutionId: { not: null } }, distinct: ["agreementId", "institutionId"], select: { agreementId: true, institutionId: true } })) {
      awarded.add(`${f.agreementId}:${f.institutionId}`);
    }
    for (const s of await client.settlement.findMany({ where: { agreementId: { in: part } }, select: { agreementId: true, institutionId: true } })) settled.add(`${s.agreementId}:${s.institutionId}`);
    for (const s of await client.spending.findMany({ where: { agreementId: { in: part } }, select: { agreementId: true, institutionId: true, costCategoryId: true, periodStart: true, amountWon: true } })) {
      recorded.set(`${s.agreementId}:${s.institutionId}:${s.costCategoryId}:${iso(s.periodStart)}`, s.amountWon);
    }
  }
  const names = [...new Set(rows.map((r) => normalizeInstitutionName(v<string>(r, "institution")!)))];
  const institutions = new Map<string, number>();
  for (const part of chunks(names)) {
    for (const i of await client.institution.findMany({ where: { normalizedName: { in: part } }, select: { id: true, normalizedName: true } })) institutions.set(i.normalizedName, i.id);
  }
  // Categories by code, Korean or English name; a name may return under another code when the rules change.
  const categories = await client.costCategory.findMany({ select: { id: true, code: true, nameKo: true, nameEn: true, validFrom: true, validTo: true } });
  const categoriesByLabel = new Map<string, typeof categories>();
  for (const c of categories) {
    for (const label of new Set([c.code, c.nameKo, c.nameEn].map(labelKey))) categoriesByLabel.set(label, [...(categoriesByLabel.get(label) ?? []), c]);
  }

  const plan: SpendingPlan = { lines: [], created: 0, updated: 0, unchanged: 0, versions: new Map() };
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.projectKey;
    const project = projectByKey.get(key);
    const fromFile = planned.get(key);
    // A project the file creates is refused even when the apply, which writes projects a batch at
    // a time before this runs, has already created it in its transaction.
    if (!project || fromFile?.creates) { err(row, "projectKey", fromFile?.creates ? "spendingProjectNew" : "projectUnknown", { key }); continue; }
    if (fromFile?.changesFunding) { err(row, "projectKey", "spendingFundingChanging", { key }); continue; }
    if (!can(who, "spending.write", project)) { err(row, "projectKey", "programOutOfScope", { key }); continue; }
    if (!plan.versions.has(project.id)) plan.versions.set(project.id, { version: project.version, key, sheet: row.ref.sheet, row: row.ref.row });

    const seq = v<number>(row, "subProjectSeq");
    const subProjectId = seq === null ? null : subProjects.get(`${project.id}:${seq}`);
    if (subProjectId === undefined) { err(row, "subProjectSeq", "subProjectUnknown", { seq: seq! }); continue; }
    const year = v<number>(row, "fiscalYear")!;
    const stage = v<number>(row, "stage");
    const period = periodOf(year, v<number>(row, "quarter"), v<number>(row, "month"));
    if (period === "monthOutsideQuarter") { err(row, "month", "spendingMonthOutsideQuarter"); continue; }

    const candidates = agreements.filter((a) => a.projectId === project.id && a.subProjectId === subProjectId && a.fiscalYear === year && (stage === null || a.stage === stage || a.stage === null));
    const exact = stage === null ? candidates : candidates.filter((a) => a.stage === stage);
    const matches = exact.length ? exact : candidates;
    if (matches.length === 0) { err(row, "fiscalYear", "spendingAgreementUnknown", { key, year }); continue; }
    if (matches.length > 1) { err(row, "stage", "spendingAgreementAmbiguous", { key, year }); continue; }
    const agreement = matches[0]!;
    if (agreement.status === "PENDING") { err(row, "fiscalYear", "agreementNotSigned", { key, year }); continue; }

    const institutionName = v<string>(row, "institution")!;
    const institutionId = institutions.get(normalizeInstitutionName(institutionName));
    if (institutionId === undefined) { err(row, "institution", "institutionUnknown", { name: institutionName }); continue; }
    if (!awarded.has(`${agreement.id}:${institutionId}`)) { err(row, "institution", "institutionNotAwarded", { name: institutionName, year }); continue; }
    if (settled.has(`${agreement.id}:${institutionId}`)) { err(row, "institution", "agreementSettled", { name: institutionName, year }); continue; }

    const label = v<string>(row, "costCategory")!;
    const named = categoriesByLabel.get(labelKey(label)) ?? [];
    if (named.length === 0) { err(row, "costCategory", "costCategoryUnknown", { value: label }); continue; }
    const category = named.find((c) => !(c.validFrom && c.validFrom > period.end) && !(c.validTo && c.validTo < period.start));
    if (!category) { err(row, "costCategory", "costCategoryNotInForce", { value: label }); continue; }

    const periodStart = iso(period.start);
    const id = `${agreement.id}:${institutionId}:${category.id}:${periodStart}`;
    if (seen.has(id)) { err(row, "costCategory", "duplicateRow"); continue; }
    seen.add(id);
    const amountWon = v<bigint>(row, "amountWon")!;
    const before = recorded.get(id) ?? null;
    if (before === amountWon) { plan.unchanged++; continue; }
    if (before === null) plan.created++;
    else plan.updated++;
    plan.lines.push({ projectId: project.id, agreementId: agreement.id, institutionId, costCategoryId: category.id, costCategoryCode: category.code, periodStart, periodEnd: iso(period.end), amountWon, before });
  }
  return { plan, errors };
}

/**
 * Writes the planned spending in the caller's transaction: one statement per chunk (insert or
 * replace by agreement, institution, category and period start, as recordSpending's upsert), the
 * versions of the projects it changes moved on, and the audit rows (returned, for the caller to
 * write with the import's others).
 */
export async function writeSpending(tx: Prisma.TransactionClient, who: Actor, plan: SpendingPlan, importId: number): Promise<Prisma.AuditLogCreateManyInput[]> {
  if (plan.lines.length === 0) return [];
  const now = new Date().toISOString();
  await insertRows(tx, "spending", [
    ["agreement_id", "int"], ["institution_id", "int"], ["cost_category_id", "int"], ["period_start", "date"], ["period_end", "date"], ["amount_won", "bigint"], ["updated_at", "timestamptz"],
  ], plan.lines.map((l) => ({
    agreement_id: l.agreementId, institution_id: l.institutionId, cost_category_id: l.costCategoryId, period_start: l.periodStart, period_end: l.periodEnd, amount_won: l.amountWon, updated_at: now,
  })), undefined, `ON CONFLICT ("agreement_id", "institution_id", "cost_category_id", "period_start") DO UPDATE SET "period_end" = EXCLUDED."period_end", "amount_won" = EXCLUDED."amount_won", "updated_at" = EXCLUDED."updated_at"`);
  const touched = [...new Set(plan.lines.map((l) => l.projectId))];
  for (const part of chunks(touched, 10_000)) await tx.$executeRaw`UPDATE project SET version = version + 1 WHERE id = ANY(${part}::int[])`;

  // One audit row per agreement, institution and period, shaped as recordSpending's.
  const groups = new Map<string, SpendingLine[]>();
  for (const l of plan.lines) {
    const k = `${l.agreementId}:${l.institutionId}:${l.periodStart}:${l.periodEnd}`;
    const group = groups.get(k);
    if (group) group.push(l);
    else groups.set(k, [l]);
  }
  return [...groups.values()].map((lines) => {
    const first = lines[0]!;
    return {
      actorId: who.id, actorEmail: who.email, ip: who.ip, action: "spending.record", outcome: "SUCCESS" as const, entityType: "agreement", entityId: String(first.agreementId),
      projectId: first.projectId, importId,
      before: toAuditJson({ institutionId: first.institutionId, period: first.periodStart, periodEnd: first.periodEnd, amounts: Object.fromEntries(lines.map((l) => [l.costCategoryCode, l.before])) }),
      after: toAuditJson({ institutionId: first.institutionId, period: first.periodStart, periodEnd: first.periodEnd, amounts: Object.fromEntries(lines.map((l) => [l.costCategoryCode, l.amountWon])) }),
    };
  });
}
