import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ChildKind } from "@/lib/import/state";
import { chunks, insertRows, nextIds, updateRows } from "@/lib/data/import-sql";
import type { PlannedProject } from "@/lib/data/import-engine";

// The rows under the projects an import writes (sub-projects, consortium, funding lines with their
// agreements, researchers, milestones), set-based: the apply (lib/data/import-apply.ts) hands
// over a chunk of projects at a time.

export type ChildWrite = { projectId: number; plan: PlannedProject; kinds: ChildKind[]; replace: boolean };

/**
 * Replaces the kinds a file changed under each project, set-based: a few statements per kind for
 * the whole chunk, whatever its size. Sub-projects are updated by number, so rows under them stay
 * linked; agreements are kept (matched by project, sub-project, stage and year) and updated.
 */
export async function writeChildren(tx: Prisma.TransactionClient, writes: ChildWrite[], instId: (n: string | null) => number | null): Promise<void> {
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
