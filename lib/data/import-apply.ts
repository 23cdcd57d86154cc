import "server-only";
import { createHash } from "node:crypto";
import { recordAudit, toAuditJson } from "@/lib/data/audit";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CHILD_KINDS } from "@/lib/import/state";
import { chunks, insertAuditRows, insertRows, updateRows } from "@/lib/data/import-sql";
import { writeSpending, type SpendingPlan } from "@/lib/data/import-spending";
import type { Actor } from "@/lib/permissions";
import { buildProjectSearchDocument } from "@/lib/search/normalize";
import { bigOrNull, type ImportPlan, type InstitutionRef, type PlannedProject } from "@/lib/data/import-engine";
import { writeChildren } from "@/lib/data/import-children";

// The writing half of an import: a plan from lib/data/import-engine.ts (planImport), written in the
// caller's transaction a batch of projects at a time, with one audit row per change linked to the
// import. Authorization and the version check are the caller's (lib/data/imports.ts).

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
