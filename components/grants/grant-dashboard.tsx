import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { pick } from "@/lib/i18n/localized";
import { Link } from "@/components/ui/link";
import { Pagination } from "@/components/ui/pagination";
import type { GrantDashboard as GrantDashboardData, GrantDashboardYear } from "@/lib/data/grants/dashboard";
import { DataTable } from "@/components/ui/data-table";
import { Figures, FiguresHead } from "@/components/grants/grant-figures";
import { SectionHeader } from "@/components/ui/section-header";

/** Programmes per page of the selected year's table. */
export const GRANT_DASHBOARD_PAGE_SIZE = 20;

/** The dashboard's own query parameters: the fiscal year of the programme table and its page. */
const grantViewSchema = z.object({
  gy: z.coerce.number().int().min(1900).max(2200).optional().catch(undefined),
  gp: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type GrantDashboardView = { year: number | undefined; page: number };

/** Reads gy (fiscal year) and gp (page) from the page's search parameters; anything invalid is ignored. */
export function parseGrantDashboardView(params: Record<string, string | string[] | undefined>): GrantDashboardView {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const parsed = grantViewSchema.parse({ gy: first(params.gy), gp: first(params.gp) });
  return { year: parsed.gy, page: parsed.gp ?? 1 };
}

/** The year shown by default: the latest year up to this one that has agreements, else the earliest. */
function defaultYear(years: GrantDashboardYear[], thisYear: number): number | undefined {
  return [...years].reverse().find((y) => y.fiscalYear <= thisYear)?.fiscalYear ?? years[0]?.fiscalYear;
}

/**
 * The dashboard's grant figures (internal): awarded, paid and spent per fiscal year over every
 * readable programme, then the programmes of one year (the latest by default; each year links to
 * its own), a page at a time. At 100k projects that is ~10 + 20 rows instead of ~450.
 */
export async function GrantDashboard({ data, locale, view, hrefWith }: {
  data: GrantDashboardData; locale: string; view: GrantDashboardView;
  /** Path (without the language prefix) of this page with the given grant view parameters, keeping the filters. */
  hrefWith: (params: { gy: number; gp?: number }) => string;
}) {
  const t = await getTranslations("grants");
  const unknown = t("unknown");
  const year = view.year !== undefined && data.years.some((y) => y.fiscalYear === view.year) ? view.year : defaultYear(data.years, new Date().getUTCFullYear());
  const programmes = data.rows.filter((r) => r.fiscalYear === year);
  const pageCount = Math.max(1, Math.ceil(programmes.length / GRANT_DASHBOARD_PAGE_SIZE));
  const page = Math.min(view.page, pageCount);
  const shown = programmes.slice((page - 1) * GRANT_DASHBOARD_PAGE_SIZE, page * GRANT_DASHBOARD_PAGE_SIZE);
  return (
    <section className="section" aria-labelledby="grant-dashboard-heading">
      <SectionHeader id="grant-dashboard-heading" title={t("dashboardTitle")} />
      {data.years.length === 0 || year === undefined ? <p className="text-subtle">{t("dashboardEmpty")}</p> : (
        <>
          <DataTable caption={t("dashboardByYear")} variant="compact">
            <FiguresHead first={t("year")} t={t} />
            <tbody>
              {data.years.map((y) => (
                <tr key={y.fiscalYear}>
                  <th scope="row">
                    {y.fiscalYear === year
                      ? <span aria-current="true">{t("dashboardYearShown", { year: y.fiscalYear })}</span>
                      : <Link href={`${hrefWith({ gy: y.fiscalYear })}#grant-dashboard-programmes`} aria-label={t("dashboardShowYear", { year: y.fiscalYear })}>{y.fiscalYear}</Link>}
                  </th>
                  <Figures row={y} locale={locale} unknown={unknown} />
                </tr>
              ))}
            </tbody>
          </DataTable>
          <DataTable caption={t("dashboardByProgram", { year, count: programmes.length })} captionId="grant-dashboard-programmes" variant="compact">
            <FiguresHead first={t("program")} t={t} />
            <tbody>
              {shown.map((r) => (
                <tr key={r.programId ?? "none"}>
                  <th scope="row">{r.programNameKo === null ? t("programNone") : pick(locale, r.programNameKo, r.programNameEn).text}</th>
                  <Figures row={r} locale={locale} unknown={unknown} />
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pagination page={page} pageCount={pageCount} label={t("dashboardPagination")} showStatus
            hrefForPage={(p) => `${hrefWith({ gy: year, gp: p })}#grant-dashboard-programmes`} />
        </>
      )}
    </section>
  );
}
