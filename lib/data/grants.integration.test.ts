// Size (above 300 lines): one scenario per grant record kind on one seeded project, in order.
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { deletePayment, recordPayment } from "@/lib/data/grants/payments";
import { getComparisonGrantFigures, getProjectGrants } from "@/lib/data/grants/read";
import { getGrantDashboard, listGrantAlerts } from "@/lib/data/grants/dashboard";
import { recordSpending } from "@/lib/data/grants/spending";
import { saveAgreement, saveAgreementAmounts } from "@/lib/data/grants/agreements";
import { saveSettlement } from "@/lib/data/grants/settlement";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { makeActor } from "@/lib/testing/factories";
import { parseForm, projectVersion } from "@/lib/testing/forms";
import { resetDatabase } from "@/lib/testing/reset-database";
import {
  agreementAmountsSchema, agreementSchema, paymentSchema, removeGrantRowSchema, settlementSchema, spendingSchema,
} from "@/lib/validations/grants";
import { applyMigrations, MIGRATIONS_DIR } from "@/prisma/migrate";
import { createProjectGraph } from "@/prisma/factories";
import { seedPublishedPortfolio } from "@/prisma/seed";
import { ALCHEMIST_PROGRAM } from "@/prisma/seed-data/published-portfolio";
import { loadSyntheticPortfolio } from "@/prisma/synthetic";

// Grants against a real PostgreSQL (issue 14, decision 0012): the migration keeps every funding
// figure; the database itself refuses payments beyond the awarded amount; the roll-ups are exact per
// cost category, institution, year and project; an amended agreement keeps its history; every write
// leaves its audit row in the same transaction and a refused write changes nothing.

let admin: Actor;
let pm: Actor;
let projectId: number;
let instA: number;
let instB: number;


async function expectFieldError(promise: Promise<unknown>, field: string, key: string) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error, `expected ${field}: ${key}`).toBeInstanceOf(AppError);
  expect((error as AppError).details).toEqual({ fieldErrors: { [field]: [key] } });
}

async function agreementInput(values: Record<string, string>) {
  return parseForm(agreementSchema, { projectId: String(projectId), version: await projectVersion(projectId), ...values });
}

beforeAll(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  const alchemist = await db().program.findUniqueOrThrow({ where: { code: ALCHEMIST_PROGRAM.code }, select: { id: true } });
  admin = { ...(await makeActor({ email: "admin@grants.example", name: "admin", role: "ADMIN" })), ip: "203.0.113.5" };
  pm = { ...(await makeActor({ email: "pm@grants.example", name: "pm", role: "PROGRAM_MANAGER", programIds: [alchemist.id] })), ip: "203.0.113.6" };
  projectId = await db().$transaction((tx) => createProjectGraph(tx, {
    slug: "grants-test", titleKo: "연구비 관리 시험 과제", program: ALCHEMIST_PROGRAM, periodStart: "2024-01", periodEnd: "2025-12",
    status: "ACTIVE", publication: "PUBLISHED", origin: "MANUAL",
    participations: [
      { institution: { nameKo: "연구비시험 주관기관", type: "SME" }, role: "LEAD" },
      { institution: { nameKo: "연구비시험 공동기관", type: "UNIVERSITY" }, role: "JOINT" },
    ],
  }));
  const parts = await db().participation.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { institutionId: true } });
  instA = parts[0]!.institutionId;
  instB = parts[1]!.institutionId;
}, 120_000);

describe("the grants migration", () => {
  it("keeps every funding figure to the won and derives agreements only from yearly lines, inventing nothing", { timeout: 120_000 }, async () => {
    // A copy of the database as it stood before the grants migration, in its own schema, filled
    // with this database's rows (the published portfolio and a project with yearly lines).
    await db().$transaction((tx) => createProjectGraph(tx, {
      slug: "grants-migration-yearly", titleKo: "연도별 연구비 과제", periodStart: "2022-01", periodEnd: "2023-12", status: "COMPLETED",
      publication: "DRAFT", origin: "MANUAL", participations: [],
      subProjects: [{ seq: 1, titleKo: "세부 1" }],
      funding: [
        { fiscalYear: 2022, governmentWon: 1_234_567_891n, privateCashWon: 5n },
        { fiscalYear: 2023, stage: 2, governmentWon: 987_654_321n },
        { subProjectSeq: 1, fiscalYear: 2022 },
        { stage: 1, governmentWon: 10n },
      ],
    }));
    const all = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
    const grants = all.filter((e) => e.isDirectory() && e.name.endsWith("_grants")).map((e) => e.name);
    expect(grants).toHaveLength(1);
    const before = await mkdtemp(path.join(tmpdir(), "grants-migration-"));
    for (const e of all) {
      if (e.isDirectory() && e.name < grants[0]!) await cp(path.join(MIGRATIONS_DIR, e.name), path.join(before, e.name), { recursive: true });
    }
    const url = new URL(inject("databaseUrl"));
    url.searchParams.set("options", "-c search_path=pre,public");
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      // An empty history of its own, so the runner does not find public's through the search path.
      await client.query(`DROP SCHEMA IF EXISTS pre CASCADE; CREATE SCHEMA pre; CREATE TABLE pre."_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
      await applyMigrations(url.toString(), before);
      const columns = await client.query<{ table_name: string; column_name: string; data_type: string; udt_name: string }>(
        `SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'pre' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`);
      const tables = [...new Set(columns.rows.map((c) => c.table_name))];
      expect(tables).toContain("funding_line");
      expect(tables).not.toContain("agreement");
      await client.query("BEGIN; SET LOCAL session_replication_role = replica");
      for (const table of tables) {
        const cols = columns.rows.filter((c) => c.table_name === table);
        const select = cols.map((c) => c.data_type === "USER-DEFINED" ? `"${c.column_name}"::text::pre."${c.udt_name}"`
          : c.data_type === "ARRAY" && c.udt_name.startsWith("_") && /^[A-Z]/.test(c.udt_name.slice(1)) ? `"${c.column_name}"::text[]::pre."${c.udt_name.slice(1)}"[]`
            : `"${c.column_name}"`);
        // Rows the earlier migrations seeded (e.g. the audit chain's head) are copied like the rest.
        await client.query(`DELETE FROM pre."${table}"`);
        await client.query(`INSERT INTO pre."${table}" (${cols.map((c) => `"${c.column_name}"`).join(", ")}) SELECT ${select.join(", ")} FROM public."${table}"`);
      }
      await client.query("COMMIT");
      const figures = `SELECT id, project_id, sub_project_id, fiscal_year, stage, government_won::text, private_cash_won::text, private_in_kind_won::text FROM pre.funding_line ORDER BY id`;
      const totals = `SELECT slug, government_total_won::text, private_cash_total_won::text, private_in_kind_total_won::text FROM pre.project ORDER BY id`;
      const linesBefore = (await client.query(figures)).rows;
      const totalsBefore = (await client.query(totals)).rows;
      expect(linesBefore.length).toBeGreaterThan(4);

      const result = await applyMigrations(url.toString());
      // The grants migration comes first; later ones (other features) follow it.
      expect(result.applied[0]).toEqual(grants[0]);

      expect((await client.query(figures)).rows).toEqual(linesBefore);
      expect((await client.query(totals)).rows).toEqual(totalsBefore);
      const seed = await client.query(`SELECT slug, government_total_won::text AS gov, private_cash_total_won AS cash, private_in_kind_total_won AS kind FROM pre.project
        WHERE slug IN ('hydrogen-electric-tram', 'multi-sensor-adas-soc', 'meta-soft-organ-modules') OR origin = 'PUBLISHED_SOURCE' ORDER BY slug`);
      expect(seed.rows.map((r: { gov: string }) => r.gov).sort()).toEqual(["19862000000", "28100000000", "3891000000"]);
      expect(seed.rows.every((r: { cash: unknown; kind: unknown }) => r.cash === null && r.kind === null)).toBe(true);
      // The published projects' whole-period totals get no agreement: the source gives none.
      const seedAgreements = await client.query(`SELECT count(*)::int AS n FROM pre.agreement a JOIN pre.project p ON p.id = a.project_id WHERE p.origin = 'PUBLISHED_SOURCE'`);
      expect(seedAgreements.rows[0].n).toBe(0);
      const derived = await client.query(`SELECT a.sub_project_id IS NOT NULL AS sub, a.stage, a.fiscal_year, a.agreement_number, a.signed_on, a.period_start, a.period_end, a.status,
          (SELECT count(*)::int FROM pre.funding_line f WHERE f.agreement_id = a.id) AS lines
        FROM pre.agreement a JOIN pre.project p ON p.id = a.project_id WHERE p.slug = 'grants-migration-yearly' ORDER BY a.fiscal_year, a.sub_project_id NULLS FIRST`);
      expect(derived.rows).toEqual([
        { sub: false, stage: null, fiscal_year: 2022, agreement_number: null, signed_on: null, period_start: null, period_end: null, status: null, lines: 1 },
        { sub: true, stage: null, fiscal_year: 2022, agreement_number: null, signed_on: null, period_start: null, period_end: null, status: null, lines: 1 },
        { sub: false, stage: 2, fiscal_year: 2023, agreement_number: null, signed_on: null, period_start: null, period_end: null, status: null, lines: 1 },
      ]);
      const unlinked = await client.query(`SELECT count(*)::int AS n FROM pre.funding_line WHERE agreement_id IS NULL AND fiscal_year IS NOT NULL`);
      expect(unlinked.rows[0].n).toBe(0);
      const categories = await client.query(`SELECT code FROM pre.cost_category ORDER BY sort_order`);
      expect(categories.rows.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(["PERSONNEL", "STUDENT_PERSONNEL", "FACILITY_EQUIPMENT", "MATERIALS", "ACTIVITY", "ALLOWANCE", "CONSIGNED_RND", "INDIRECT"]));
    } finally {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.query("DROP SCHEMA IF EXISTS pre CASCADE");
      await client.end();
      await rm(before, { recursive: true, force: true });
      await db().project.deleteMany({ where: { slug: "grants-migration-yearly" } });
    }
  });
});

describe("agreements, payments, spending and settlement", () => {
  let a2024: number;
  let a2025: number;

  it("records agreements and their awarded amounts per institution, with the audit row", async () => {
    a2024 = (await saveAgreement(pm, await agreementInput({ stage: "1", fiscalYear: "2024", agreementNumber: "RS-2024-001", signedOn: "2024-01-15", periodStart: "2024-01-01", periodEnd: "2024-12-31", status: "SIGNED" }))).id;
    a2025 = (await saveAgreement(pm, await agreementInput({ stage: "1", fiscalYear: "2025", periodStart: "2025-01-01", periodEnd: "2025-12-31", status: "PENDING" }))).id;
    await expectFieldError(saveAgreement(pm, await agreementInput({ stage: "1", fiscalYear: "2024", status: "PENDING" })), "fiscalYear", "agreementDuplicate");
    await saveAgreementAmounts(pm, parseForm(agreementAmountsSchema, {
      projectId: String(projectId), version: await projectVersion(projectId), agreementId: String(a2024), reason: "최초 협약",
      [`governmentWon_${instA}`]: "1,000,000,000", [`privateCashWon_${instA}`]: "100,000,000", [`governmentWon_${instB}`]: "500,000,000",
    }));
    await saveAgreementAmounts(pm, parseForm(agreementAmountsSchema, {
      projectId: String(projectId), version: await projectVersion(projectId), agreementId: String(a2025),
      [`governmentWon_${instA}`]: "800,000,000",
    }));
    const lines = await db().fundingLine.findMany({ where: { projectId }, orderBy: { id: "asc" }, select: { agreementId: true, institutionId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true } });
    expect(lines).toEqual([
      { agreementId: a2024, institutionId: instA, fiscalYear: 2024, stage: 1, governmentWon: 1_000_000_000n, privateCashWon: 100_000_000n, privateInKindWon: null },
      { agreementId: a2024, institutionId: instB, fiscalYear: 2024, stage: 1, governmentWon: 500_000_000n, privateCashWon: null, privateInKindWon: null },
      { agreementId: a2025, institutionId: instA, fiscalYear: 2025, stage: 1, governmentWon: 800_000_000n, privateCashWon: null, privateInKindWon: null },
    ]);
    // The project's total rolls up from the funding lines as before.
    expect((await db().project.findUniqueOrThrow({ where: { id: projectId } })).governmentTotalWon).toBe(2_300_000_000n);
    const audit = await db().auditLog.findMany({ where: { projectId, action: { startsWith: "agreement." } }, orderBy: { id: "asc" } });
    expect(audit.map((r) => r.action)).toEqual(["agreement.create", "agreement.create", "agreement.amounts", "agreement.amounts"]);
  });

  it("refuses in the database a payment beyond the awarded government amount", async () => {
    const payment = (amount: string, institutionId = instA) => ({ projectId: String(projectId), agreementId: String(a2024), institutionId: String(institutionId), paidOn: "2024-02-01", amountWon: amount });
    await recordPayment(pm, parseForm(paymentSchema, { ...payment("600,000,000"), version: await projectVersion(projectId) }));
    await recordPayment(pm, parseForm(paymentSchema, { ...payment("400,000,000"), version: await projectVersion(projectId) }));
    const before = await db().payment.count();
    await expectFieldError(recordPayment(pm, parseForm(paymentSchema, { ...payment("1"), version: await projectVersion(projectId) })), "amountWon", "paymentExceedsAward");
    expect(await db().payment.count()).toBe(before);
    // Straight to the database, past the data layer: the trigger refuses it too.
    await expect(db().$executeRaw`INSERT INTO payment (agreement_id, institution_id, paid_on, amount_won, updated_at) VALUES (${a2024}, ${instA}, '2024-03-01', 1, now())`)
      .rejects.toThrow(/payment_within_award/);
    // Lowering the awarded amount below what was paid is refused at commit.
    await expect(db().$executeRaw`UPDATE funding_line SET government_won = 999999999 WHERE agreement_id = ${a2024} AND institution_id = ${instA}`)
      .rejects.toThrow(/payment_within_award/);
    // An agreement not yet signed takes no payment.
    await expectFieldError(recordPayment(pm, parseForm(paymentSchema, { ...payment("1"), agreementId: String(a2025), version: await projectVersion(projectId) })), "agreementId", "agreementNotSigned");
    await recordPayment(pm, parseForm(paymentSchema, { ...payment("200,000,000", instB), version: await projectVersion(projectId) }));
    const mistaken = await recordPayment(pm, parseForm(paymentSchema, { ...payment("50,000,000", instB), version: await projectVersion(projectId) }));
    await deletePayment(pm, parseForm(removeGrantRowSchema, { projectId: String(projectId), version: await projectVersion(projectId), id: String(mistaken.id) }));
    expect((await db().payment.aggregate({ where: { agreementId: a2024 }, _sum: { amountWon: true } }))._sum.amountWon).toBe(1_200_000_000n);
  });

  it("an amended agreement keeps its previous version", async () => {
    const version = await projectVersion(projectId);
    await expectFieldError(saveAgreementAmounts(pm, parseForm(agreementAmountsSchema, {
      projectId: String(projectId), version, agreementId: String(a2024), [`governmentWon_${instB}`]: "450,000,000",
    })), "reason", "amendmentReasonRequired");
    await expectFieldError(saveAgreementAmounts(pm, parseForm(agreementAmountsSchema, {
      projectId: String(projectId), version, agreementId: String(a2024), reason: "감액", [`governmentWon_${instA}`]: "900,000,000",
    })), `governmentWon_${instA}`, "awardBelowPaid");
    await saveAgreementAmounts(pm, parseForm(agreementAmountsSchema, {
      projectId: String(projectId), version, agreementId: String(a2024), reason: "공동기관 사업비 조정", [`governmentWon_${instB}`]: "450,000,000",
    }));
    await saveAgreement(pm, await agreementInput({ id: String(a2024), stage: "1", fiscalYear: "2024", agreementNumber: "RS-2024-001-1", signedOn: "2024-06-01", periodStart: "2024-01-01", periodEnd: "2024-12-31", status: "SIGNED", reason: "협약번호 변경" }));
    const agreement = await db().agreement.findUniqueOrThrow({ where: { id: a2024 }, include: { revisions: { orderBy: { version: "asc" } } } });
    expect(agreement).toMatchObject({ status: "AMENDED", version: 3, agreementNumber: "RS-2024-001-1" });
    expect(agreement.revisions.map((r) => [r.version, r.reason])).toEqual([[1, "공동기관 사업비 조정"], [2, "협약번호 변경"]]);
    expect(agreement.revisions[0]!.amounts).toEqual([
      expect.objectContaining({ institutionId: instA, governmentWon: "1000000000", privateCashWon: "100000000", privateInKindWon: null }),
      expect.objectContaining({ institutionId: instB, governmentWon: "500000000", privateCashWon: null }),
    ]);
    expect(agreement.revisions[1]!.header).toMatchObject({ agreementNumber: "RS-2024-001", signedOn: "2024-01-15", status: "AMENDED" });
    const grants = await getProjectGrants(pm, projectId);
    expect(grants.agreements.find((a) => a.id === a2024)?.revisions).toHaveLength(2);
  });

  it("spending and settlement roll up exactly per category, institution, year and project", async () => {
    const spend = async (institutionId: number, quarter: string, amounts: Record<string, string>, agreementId = a2024) =>
      recordSpending(pm, parseForm(spendingSchema, {
        projectId: String(projectId), version: await projectVersion(projectId), agreementId: String(agreementId), institutionId: String(institutionId), quarter,
        ...Object.fromEntries(Object.entries(amounts).map(([k, v]) => [`spent_${k}`, v])),
      }));
    await spend(instA, "2024-Q1", { PERSONNEL: "100,000,001", MATERIALS: "50,000,000", INDIRECT: "" });
    await spend(instA, "2024-Q2", { PERSONNEL: "120,000,000", INDIRECT: "30,000,000" });
    await spend(instB, "2024-Q1", { ACTIVITY: "70,000,000" });
    // Replacing a quarter's figure for a category replaces it, not adds to it.
    await spend(instA, "2024-Q1", { PERSONNEL: "100,000,000" });
    // 연구장비·재료비 ended with 2020: not in force in 2024.
    await expectFieldError(spend(instA, "2024-Q3", { EQUIPMENT_MATERIALS: "1" }), "spent_EQUIPMENT_MATERIALS", "costCategoryNotInForce");
    // 협약 전: no spending yet.
    await expectFieldError(spend(instA, "2025-Q1", { PERSONNEL: "1" }, a2025), "agreementId", "agreementNotSigned");

    await saveSettlement(pm, parseForm(settlementSchema, {
      projectId: String(projectId), version: await projectVersion(projectId), agreementId: String(a2024), institutionId: String(instB),
      settledOn: "2025-02-20", recognisedWon: "65,000,000", disallowedWon: "5,000,000", disallowedReason: "증빙 누락", toReturnWon: "135,000,000", returnedOn: "2025-03-10",
    }));
    await expectFieldError(spend(instB, "2024-Q4", { ACTIVITY: "1" }), "institutionId", "agreementSettled");

    const g = await getProjectGrants(pm, projectId, new Date("2024-07-01T00:00:00Z"));
    expect(g.total).toEqual({
      awardedWon: 2_250_000_000n, paidWon: 1_200_000_000n, spentWon: 370_000_000n, recognisedWon: 65_000_000n,
      disallowedWon: 5_000_000n, toReturnWon: 135_000_000n, returnedWon: 135_000_000n,
    });
    const byInst = Object.fromEntries(g.byInstitution.map((r) => [r.institutionId, [r.awardedWon, r.paidWon, r.spentWon, r.returnedWon]]));
    expect(byInst).toEqual({ [instA]: [1_800_000_000n, 1_000_000_000n, 300_000_000n, 0n], [instB]: [450_000_000n, 200_000_000n, 70_000_000n, 135_000_000n] });
    expect(g.byYear.map((r) => [r.fiscalYear, r.awardedWon, r.paidWon, r.spentWon])).toEqual([
      [2024, 1_450_000_000n, 1_200_000_000n, 370_000_000n],
      [2025, 800_000_000n, 0n, 0n],
    ]);
    const byCat = Object.fromEntries(g.byCategory.filter((c) => c.spentWon > 0n).map((c) => [c.code, c.spentWon]));
    expect(byCat).toEqual({ PERSONNEL: 220_000_000n, MATERIALS: 50_000_000n, INDIRECT: 30_000_000n, ACTIVITY: 70_000_000n });
    const agreement = g.agreements.find((a) => a.id === a2024);
    expect(agreement?.figures).toMatchObject({ awardedWon: 1_450_000_000n, paidWon: 1_200_000_000n, spentWon: 370_000_000n });
    expect(agreement?.spentOfPaid).toBeCloseTo(370 / 1200, 5);
    expect(agreement?.spentOfAwarded).toBeCloseTo(370 / 1450, 5);
    expect(agreement?.elapsed).toBeCloseTo(182 / 366, 5);
    expect(g.burn.spentOfAwarded).toBeCloseTo(370 / 2250, 5);

    const comparison = await getComparisonGrantFigures(pm, [projectId]);
    const mine = comparison.projects.get(projectId);
    expect(mine?.figures.returnedWon).toBe(135_000_000n);
    expect(mine?.spendRate).toBeCloseTo(370 / 2250, 5);
    const personnel = comparison.categories.find((c) => c.code === "PERSONNEL");
    expect(mine?.categoryShares.get(personnel!.id)).toBeCloseTo(220 / 370, 5);

    const actions = (await db().auditLog.findMany({ where: { projectId, outcome: "SUCCESS" }, select: { action: true } })).map((r) => r.action);
    expect(actions.filter((a) => a === "spending.record")).toHaveLength(4);
    expect(actions).toContain("settlement.save");
    expect(actions.filter((a) => a === "payment.create")).toHaveLength(4);
    expect(actions).toContain("payment.delete");
  });

  it("lists the calendar's grant checks in SQL as the page computes them, and the dashboard's figures by programme and year", async () => {
    // 2025-05-01: the 2024 agreement ended more than 90 days ago, institution A is not settled, and
    // only a quarter of the award was spent over the whole period.
    const late = await listGrantAlerts(pm, { today: new Date("2025-05-01T00:00:00Z") });
    const mine = late.items.filter((i) => i.projectId === projectId);
    expect(mine.map((i) => [i.agreementId, i.code, i.days])).toEqual([[a2024, "SETTLEMENT_OVERDUE", 121], [a2024, "SPENDING_BEHIND", null]]);
    const page = await getProjectGrants(pm, projectId, new Date("2025-05-01T00:00:00Z"));
    expect(page.alerts.map((f) => [f.agreementId, f.code]).sort()).toEqual([[a2024, "SETTLEMENT_OVERDUE"], [a2024, "SPENDING_BEHIND"]]);
    // Mid-2024 the same figures raise nothing (a quarter spent, half the period gone, payments made).
    const mid = await listGrantAlerts(pm, { today: new Date("2024-07-01T00:00:00Z") });
    expect(mid.items.filter((i) => i.projectId === projectId)).toEqual([]);
    // In March 2025 the 2025 agreement, once signed, has no payment for more than 30 days.
    await saveAgreement(pm, await agreementInput({ id: String(a2025), stage: "1", fiscalYear: "2025", signedOn: "2025-01-20", periodStart: "2025-01-01", periodEnd: "2025-12-31", status: "SIGNED" }));
    const march = await listGrantAlerts(pm, { today: new Date("2025-03-01T00:00:00Z") });
    expect(march.items.filter((i) => i.agreementId === a2025).map((i) => [i.code, i.days])).toEqual([["SIGNED_WITHOUT_PAYMENT", 40]]);
    const dashboard = await getGrantDashboard(pm);
    const rows = dashboard.rows.filter((r) => r.programNameKo !== null && r.agreements > 0).map((r) => [r.fiscalYear, r.awardedWon, r.paidWon, r.spentWon]);
    expect(rows).toEqual([[2024, 1_450_000_000n, 1_200_000_000n, 370_000_000n], [2025, 800_000_000n, 0n, 0n]]);
  });

  it("refuses a stale project version and a reviewer, changing nothing", async () => {
    const stale = parseForm(paymentSchema, { projectId: String(projectId), version: "1", agreementId: String(a2024), institutionId: String(instA), paidOn: "2024-04-01", amountWon: "1" });
    const error = await recordPayment(pm, stale).then(() => null, (e: unknown) => e);
    expect((error as AppError).code).toBe("CONFLICT");
    const reviewer: Actor = { ...admin, id: 7003, role: "REVIEWER", email: "reviewer@grants.example" };
    const denied = await recordPayment(reviewer, { ...stale, version: Number(await projectVersion(projectId)) }).then(() => null, (e: unknown) => e);
    expect((denied as AppError).code).toBe("FORBIDDEN");
    expect(await getProjectGrants(reviewer, projectId)).toMatchObject({ canWrite: { agreement: false, payment: false, spending: false, settlement: false } });
    expect(await getProjectGrants(admin, projectId)).toMatchObject({ canWrite: { agreement: true, payment: true } });
  });
});

describe("the synthetic portfolio", () => {
  it("includes agreements, payments, spending and settlements, within the awards and without changing a total", { timeout: 120_000 }, async () => {
    await loadSyntheticPortfolio(db(), 60);
    const synthetic = { project: { origin: "SYNTHETIC" as const } };
    const [agreements, payments, spending, settlements] = await Promise.all([
      db().agreement.count({ where: synthetic }), db().payment.count({ where: { agreement: synthetic } }),
      db().spending.count({ where: { agreement: synthetic } }), db().settlement.count({ where: { agreement: synthetic } }),
    ]);
    expect(agreements).toBeGreaterThan(30);
    expect(payments).toBeGreaterThan(30);
    expect(spending).toBeGreaterThan(100);
    expect(settlements).toBeGreaterThan(10);
    // Every yearly line belongs to an agreement; no payment exceeds its award; totals still roll up from the lines.
    expect(await db().fundingLine.count({ where: { project: { origin: "SYNTHETIC" }, fiscalYear: { not: null }, agreementId: null } })).toBe(0);
    const over = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT p.agreement_id, p.institution_id, SUM(p.amount_won) AS paid,
          (SELECT SUM(f.government_won) FROM funding_line f WHERE f.agreement_id = p.agreement_id AND f.institution_id = p.institution_id) AS awarded
        FROM payment p GROUP BY 1, 2) x WHERE x.paid > x.awarded`;
    expect(over[0]?.n).toBe(0);
    const mismatched = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM project p WHERE p.origin = 'SYNTHETIC' AND NOT EXISTS (SELECT 1 FROM funding_line f WHERE f.project_id = p.id AND f.fiscal_year IS NULL AND f.stage IS NULL)
        AND p.government_total_won IS DISTINCT FROM (SELECT SUM(f.government_won) FROM funding_line f WHERE f.project_id = p.id)`;
    expect(mismatched[0]?.n).toBe(0);
  });
});
