import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";
import { deletePayment, recordPayment } from "@/lib/data/grants/payments";
import { getGrantDashboard } from "@/lib/data/grants/dashboard";
import { recordSpending } from "@/lib/data/grants/spending";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import { parseForm, projectVersion } from "@/lib/testing/forms";
import { resetDatabase } from "@/lib/testing/reset-database";
import { paymentSchema, removeGrantRowSchema, spendingSchema } from "@/lib/validations/grants";
import { loadSyntheticPortfolio } from "@/prisma/synthetic";

// The grant dashboard reads the roll-up grant_rollup (migration 20261129080000_grant_rollup), kept
// by triggers. Its figures must equal the raw sums over agreements, funding lines, payments and
// spending exactly (bigint won, unknown awarded stays unknown), for an administrator and within a
// program manager's scope, after the synthetic load and after writes through the data layer and
// changes of a project's programme, publication or existence.

const admin: Actor = { id: 7101, email: "admin@rollup.example", name: "admin", role: "ADMIN", programIds: [], managesUnassignedProjects: false, ip: "203.0.113.5" };
let pm: Actor;

type Figures = [number | null, number, number, bigint | null, bigint, bigint];

/** The dashboard's figures summed straight from the grant rows, per programme and year and per year. */
async function rawSums(actor: Actor): Promise<{ rows: Figures[]; years: Figures[] }> {
  const scope = actor.role === "PROGRAM_MANAGER"
    ? Prisma.sql`(p.publication = 'PUBLISHED' OR p.program_id = ANY(${actor.programIds}::int[])${actor.managesUnassignedProjects ? Prisma.sql` OR p.program_id IS NULL` : Prisma.empty})`
    : Prisma.sql`TRUE`;
  const perAgreement = Prisma.sql`
    SELECT p.program_id, ag.fiscal_year::int AS fy,
      (SELECT sum(f.government_won) FROM funding_line f WHERE f.agreement_id = ag.id) AS gov,
      (SELECT count(*) FROM funding_line f WHERE f.agreement_id = ag.id) AS lines,
      (SELECT count(*) FROM funding_line f WHERE f.agreement_id = ag.id AND f.government_won IS NULL) AS nulls,
      (SELECT COALESCE(sum(x.amount_won), 0) FROM payment x WHERE x.agreement_id = ag.id) AS paid,
      (SELECT COALESCE(sum(x.amount_won), 0) FROM spending x WHERE x.agreement_id = ag.id) AS spent
    FROM agreement ag JOIN project p ON p.id = ag.project_id WHERE ${scope}`;
  type Row = { program_id: number | null; fy: number; agreements: bigint; gov: bigint | null; unknown: boolean; paid: bigint; spent: bigint };
  const select = Prisma.sql`count(*) AS agreements, sum(gov)::bigint AS gov, bool_or(lines = 0 OR nulls > 0) AS unknown, sum(paid)::bigint AS paid, sum(spent)::bigint AS spent`;
  const rows = await db().$queryRaw<Row[]>`SELECT program_id, fy, ${select} FROM (${perAgreement}) x GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2`;
  const years = await db().$queryRaw<Row[]>`SELECT NULL::int AS program_id, fy, ${select} FROM (${perAgreement}) x GROUP BY 2 ORDER BY 2`;
  const figures = (r: Row): Figures => [r.program_id, r.fy, Number(r.agreements), r.unknown || r.gov === null ? null : r.gov, r.paid, r.spent];
  return { rows: rows.map(figures), years: years.map(figures) };
}

async function dashboardSums(actor: Actor): Promise<{ rows: Figures[]; years: Figures[] }> {
  const d = await getGrantDashboard(actor);
  const rows = d.rows.map((r): Figures => [r.programId, r.fiscalYear, r.agreements, r.awardedWon, r.paidWon, r.spentWon])
    .sort((a, b) => (a[0] ?? Infinity) - (b[0] ?? Infinity) || a[1] - b[1]);
  return { rows, years: d.years.map((r): Figures => [null, r.fiscalYear, r.agreements, r.awardedWon, r.paidWon, r.spentWon]) };
}

async function expectExact() {
  for (const actor of [admin, pm]) {
    const raw = await rawSums(actor);
    expect(raw.rows.length).toBeGreaterThan(0);
    expect(await dashboardSums(actor)).toEqual(raw);
  }
}


beforeAll(async () => {
  await resetDatabase();
  await loadSyntheticPortfolio(db(), 80);
  // A program manager of the programme with the most draft projects: their drafts count, others' do not.
  const [program] = await db().$queryRaw<{ program_id: number }[]>`
    SELECT program_id FROM project WHERE program_id IS NOT NULL AND publication <> 'PUBLISHED' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`;
  pm = { id: 7102, email: "pm@rollup.example", name: "pm", role: "PROGRAM_MANAGER", programIds: [program!.program_id], managesUnassignedProjects: false, ip: "203.0.113.6" };
}, 180_000);

describe("the grant dashboard's roll-up", () => {
  it("equals the raw sums after the synthetic load, for an administrator and a program manager", async () => {
    expect(await db().grantRollup.count()).toBeGreaterThan(0);
    await expectExact();
    // Drafts outside the manager's programmes are not in their figures.
    const adminTotal = (await getGrantDashboard(admin)).years.reduce((s, y) => s + y.agreements, 0);
    const pmTotal = (await getGrantDashboard(pm)).years.reduce((s, y) => s + y.agreements, 0);
    expect(pmTotal).toBeLessThan(adminTotal);
  });

  it("stays exact after a payment, spending and a payment's deletion through the data layer", async () => {
    // A signed agreement with an institution paid less than its award.
    const [target] = await db().$queryRaw<{ agreement_id: number; project_id: number; institution_id: number; fiscal_year: number; headroom: bigint; period_start: string }[]>`
      SELECT ag.id AS agreement_id, ag.project_id, f.institution_id, ag.fiscal_year::int AS fiscal_year, to_char(ag.period_start, 'YYYY-MM-DD') AS period_start,
        (sum(f.government_won) - COALESCE((SELECT sum(x.amount_won) FROM payment x WHERE x.agreement_id = ag.id AND x.institution_id = f.institution_id), 0))::bigint AS headroom
      FROM agreement ag JOIN funding_line f ON f.agreement_id = ag.id
      WHERE ag.status IN ('SIGNED', 'AMENDED') AND f.government_won IS NOT NULL AND ag.period_start IS NOT NULL AND ag.fiscal_year >= 2021
      GROUP BY ag.id, f.institution_id HAVING sum(f.government_won) > COALESCE((SELECT sum(x.amount_won) FROM payment x WHERE x.agreement_id = ag.id AND x.institution_id = f.institution_id), 0) + 2
      ORDER BY ag.id LIMIT 1`;
    expect(target).toBeDefined();
    const t = target!;
    const before = await dashboardSums(admin);
    const common = { projectId: String(t.project_id), agreementId: String(t.agreement_id), institutionId: String(t.institution_id) };
    await recordPayment(admin, parseForm(paymentSchema, { ...common, version: await projectVersion(t.project_id), paidOn: t.period_start, amountWon: "1" }));
    const paid = await recordPayment(admin, parseForm(paymentSchema, { ...common, version: await projectVersion(t.project_id), paidOn: t.period_start, amountWon: "1" }));
    await recordSpending(admin, parseForm(spendingSchema, { ...common, version: await projectVersion(t.project_id), quarter: `${t.fiscal_year}-Q4`, spent_PERSONNEL: "123,456,789" }));
    await expectExact();
    await deletePayment(admin, parseForm(removeGrantRowSchema, { projectId: String(t.project_id), version: await projectVersion(t.project_id), id: String(paid.id) }));
    await expectExact();
    const after = await dashboardSums(admin);
    const yearOf = (s: typeof before) => s.years.find((y) => y[1] === t.fiscal_year)!;
    expect(yearOf(after)[4] - yearOf(before)[4]).toBe(1n);
    expect(yearOf(after)[5] - yearOf(before)[5]).toBeGreaterThanOrEqual(0n);
  });

  it("follows a project moved to another programme, unpublished, or deleted", async () => {
    const projects = await db().$queryRaw<{ id: number }[]>`
      SELECT p.id FROM project p WHERE p.publication = 'PUBLISHED' AND p.program_id IS NOT NULL AND p.program_id <> ${pm.programIds[0]}
        AND EXISTS (SELECT 1 FROM agreement a WHERE a.project_id = p.id) ORDER BY p.id LIMIT 3`;
    expect(projects).toHaveLength(3);
    const [moved, unpublished, deleted] = projects.map((p) => p.id) as [number, number, number];
    // Into the manager's programme as a draft: now theirs; a draft elsewhere: out of their figures.
    await db().$executeRaw`UPDATE project SET program_id = ${pm.programIds[0]}, publication = 'DRAFT' WHERE id = ${moved}`;
    await db().$executeRaw`UPDATE project SET publication = 'DRAFT' WHERE id = ${unpublished}`;
    await db().$executeRaw`DELETE FROM project WHERE id = ${deleted}`;
    invalidatePortfolioAggregates();
    await expectExact();
    // Agreements and funding lines edited straight in SQL, several rows in one statement.
    await db().$executeRaw`UPDATE funding_line SET government_won = government_won + 1000 WHERE agreement_id IN (SELECT id FROM agreement WHERE project_id = ${moved})`;
    // An agreement without any funding line: its year's awarded amount becomes unknown.
    await db().$executeRaw`INSERT INTO agreement (project_id, fiscal_year, updated_at) VALUES (${moved}, 2099, now())`;
    await db().$executeRaw`UPDATE agreement SET fiscal_year = fiscal_year + 40 WHERE project_id = ${unpublished}`;
    invalidatePortfolioAggregates();
    await expectExact();
  });
});
