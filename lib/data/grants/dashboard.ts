import "server-only";
import { db } from "@/lib/db";
import { authorize } from "@/lib/data/guard";
import { cachedAggregate } from "@/lib/data/aggregate-cache";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import {
  GRANT_BEHIND_AFTER, GRANT_PAYMENT_GRACE_DAYS, GRANT_SETTLEMENT_DUE_DAYS, GRANT_SPENDING_GAP, type GrantFlag,
} from "@/lib/quality/checks";
import { editableProjectsSql, readableProjectsSql, readableScopeKey } from "@/lib/scope";

// Portfolio-wide grant reads: the data-check list's alerts and the dashboard by programme and
// year. Both are cached per reader scope (cachedAggregate) and dropped after every grant write.

export type GrantAlertRow = {
  projectId: number; titleKo: string; titleEn: string | null; agreementId: number; stage: number | null; fiscalYear: number;
  code: GrantFlag["code"]; days: number | null; spentShare: number | null; elapsedShare: number | null;
};

/**
 * The data-check list's grant alerts across the portfolio the actor reads: spending far ahead of or
 * behind time, signed agreements without a payment, overdue settlements (the rules of
 * checkGrantAgreements, in SQL with the same thresholds), newest agreement years first, paginated.
 * Permission: grant.read (a program manager: published projects and own drafts).
 */
export async function listGrantAlerts(actor: Actor | null, options: { page?: number; pageSize?: number; today?: Date } = {}) {
  const who = await authorize(actor, "grant.read");
  const pageSize = Math.min(Math.max(1, options.pageSize ?? 20), 100);
  const page = Math.max(1, options.page ?? 1);
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const readable = readableProjectsSql(who);
  const key = `grant-alerts:${readableScopeKey(who)}:${today}:${page}:${pageSize}`;
  return cachedAggregate(key, async () => {
    const rows = await db().$queryRaw<{
      project_id: number; title_ko: string; title_en: string | null; agreement_id: number; stage: number | null; fiscal_year: number;
      code: GrantFlag["code"]; days: number | null; spent_share: number | null; elapsed_share: number | null; total: bigint;
    }[]>`
      WITH a AS (
        SELECT ag.id, ag.project_id, ag.status, ag.signed_on, ag.period_start, ag.period_end, ag.stage, ag.fiscal_year
        FROM agreement ag JOIN project p ON p.id = ag.project_id
        WHERE ag.status IN ('SIGNED', 'AMENDED', 'TERMINATED') AND ${readable}
      ), f AS (
        SELECT fl.agreement_id, CASE WHEN bool_or(fl.government_won IS NULL) THEN NULL ELSE SUM(fl.government_won) END AS awarded,
          count(DISTINCT fl.institution_id) AS institutions
        FROM funding_line fl JOIN a ON a.id = fl.agreement_id GROUP BY 1
      ), pd AS (
        SELECT pm.agreement_id, SUM(pm.amount_won) AS paid FROM payment pm JOIN a ON a.id = pm.agreement_id GROUP BY 1
      ), sp AS (
        SELECT s.agreement_id, SUM(s.amount_won) AS spent FROM spending s JOIN a ON a.id = s.agreement_id GROUP BY 1
      ), st AS (
        SELECT se.agreement_id, count(*) AS settled FROM settlement se JOIN a ON a.id = se.agreement_id GROUP BY 1
      ), m AS (
        SELECT a.*, f.awarded, COALESCE(f.institutions, 0) AS institutions, COALESCE(pd.paid, 0) AS paid, COALESCE(sp.spent, 0) AS spent,
          COALESCE(st.settled, 0) AS settled,
          CASE WHEN a.period_start IS NOT NULL AND a.period_end IS NOT NULL
            THEN LEAST(1, GREATEST(0, (${today}::date - a.period_start)::float8 / ((a.period_end - a.period_start) + 1))) END AS elapsed,
          CASE WHEN f.awarded > 0 THEN COALESCE(sp.spent, 0)::float8 / f.awarded::float8 END AS spent_share
        FROM a LEFT JOIN f ON f.agreement_id = a.id LEFT JOIN pd ON pd.agreement_id = a.id
        LEFT JOIN sp ON sp.agreement_id = a.id LEFT JOIN st ON st.agreement_id = a.id
      ), flags AS (
        SELECT m.*, 'SPENDING_AHEAD' AS code, NULL::int AS days FROM m
          WHERE m.status IN ('SIGNED', 'AMENDED') AND m.elapsed IS NOT NULL AND m.spent_share IS NOT NULL AND m.spent_share - m.elapsed > ${GRANT_SPENDING_GAP}
        UNION ALL
        SELECT m.*, 'SPENDING_BEHIND', NULL FROM m
          WHERE m.status IN ('SIGNED', 'AMENDED') AND m.elapsed IS NOT NULL AND m.spent_share IS NOT NULL
            AND m.elapsed >= ${GRANT_BEHIND_AFTER} AND m.elapsed - m.spent_share > ${GRANT_SPENDING_GAP} AND m.spent_share - m.elapsed <= ${GRANT_SPENDING_GAP}
        UNION ALL
        SELECT m.*, 'SIGNED_WITHOUT_PAYMENT', (${today}::date - m.signed_on) FROM m
          WHERE m.status IN ('SIGNED', 'AMENDED') AND m.signed_on IS NOT NULL AND m.paid = 0 AND ${today}::date - m.signed_on > ${GRANT_PAYMENT_GRACE_DAYS}
        UNION ALL
        SELECT m.*, 'SETTLEMENT_OVERDUE', (${today}::date - m.period_end) FROM m
          WHERE m.period_end IS NOT NULL AND m.institutions > m.settled AND ${today}::date - m.period_end > ${GRANT_SETTLEMENT_DUE_DAYS}
      )
      SELECT fl.project_id, p.title_ko, p.title_en, fl.id AS agreement_id, fl.stage::int AS stage, fl.fiscal_year::int AS fiscal_year, fl.code,
        fl.days::int AS days, fl.spent_share, fl.elapsed AS elapsed_share, count(*) OVER () AS total
      FROM flags fl JOIN project p ON p.id = fl.project_id
      ORDER BY fl.fiscal_year DESC, fl.project_id, fl.id, fl.code
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    `;
    const total = Number(rows[0]?.total ?? 0);
    return {
      total,
      pageCount: Math.max(1, Math.ceil(total / pageSize)),
      items: rows.map((r): GrantAlertRow => ({
        projectId: r.project_id, titleKo: r.title_ko, titleEn: r.title_en, agreementId: r.agreement_id, stage: r.stage, fiscalYear: r.fiscal_year,
        code: r.code, days: r.days, spentShare: r.spent_share, elapsedShare: r.elapsed_share,
      })),
    };
  });
}

export type GrantDashboardRow = {
  programId: number | null; programNameKo: string | null; programNameEn: string | null; fiscalYear: number;
  awardedWon: bigint | null; paidWon: bigint; spentWon: bigint; agreements: number;
};
export type GrantDashboardYear = { fiscalYear: number; awardedWon: bigint | null; paidWon: bigint; spentWon: bigint; agreements: number };
export type GrantDashboard = {
  /** Every fiscal year, summed over the programmes the actor may read, in year order. */
  years: GrantDashboardYear[];
  /** Programme × fiscal year, ordered by programme name, then year. */
  rows: GrantDashboardRow[];
};

/**
 * Awarded, paid and spent by programme and fiscal year (internal). Permission: grant.read; a
 * program manager sees published projects and the drafts of their own programmes, as everywhere.
 * Reads the roll-up grant_rollup (a few rows per programme and year, kept exact by triggers on the
 * grant tables and the project; migration 20261129080000_grant_rollup) instead of summing the
 * grant rows (3.3M at 100k projects): `p` below is the roll-up, whose program_id and published
 * columns are what the scope filter reads.
 */
export async function getGrantDashboard(actor: Actor | null): Promise<GrantDashboard> {
  const who = await authorize(actor, "grant.read");
  const readable = who.role === "PROGRAM_MANAGER" ? Prisma.sql`(p.published OR ${editableProjectsSql(who)})` : Prisma.sql`TRUE`;
  const key = `grant-dashboard:${readableScopeKey(who)}`;
  return cachedAggregate(key, async () => {
    const rows = await db().$queryRaw<{
      by_year: boolean; program_id: number | null; name_ko: string | null; name_en: string | null; fiscal_year: number;
      awarded: bigint | null; unknown: boolean; paid: bigint; spent: bigint; agreements: bigint;
    }[]>`
      WITH s AS (
        SELECT grouping(p.program_id) = 1 AS by_year, p.program_id, p.fiscal_year::int AS fiscal_year,
          sum(p.awarded_won)::bigint AS awarded, bool_or(p.unknown_awarded) AS unknown,
          sum(p.paid_won)::bigint AS paid, sum(p.spent_won)::bigint AS spent, sum(p.agreements)::bigint AS agreements
        FROM grant_rollup p WHERE ${readable}
        GROUP BY GROUPING SETS ((p.fiscal_year), (p.program_id, p.fiscal_year))
      )
      SELECT s.*, pr.name_ko, pr.name_en FROM s LEFT JOIN program pr ON pr.id = s.program_id AND NOT s.by_year
      ORDER BY s.by_year DESC, pr.name_ko NULLS LAST, s.program_id, s.fiscal_year
    `;
    const figures = (r: (typeof rows)[number]) => ({
      fiscalYear: r.fiscal_year, awardedWon: r.unknown ? null : r.awarded, paidWon: r.paid, spentWon: r.spent, agreements: Number(r.agreements),
    });
    return {
      years: rows.filter((r) => r.by_year).map(figures),
      rows: rows.filter((r) => !r.by_year).map((r) => ({ programId: r.program_id, programNameKo: r.name_ko, programNameEn: r.name_en, ...figures(r) })),
    };
  });
}
