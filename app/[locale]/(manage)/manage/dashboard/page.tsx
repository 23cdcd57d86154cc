import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PortfolioFilters } from "@/components/projects/portfolio-filters";
import { StatisticsView } from "@/components/statistics/statistics-view";
import { PageHeader } from "@/components/ui/page-header";
import { GrantDashboard, parseGrantDashboardView } from "@/components/grants/grant-dashboard";
import { getDashboard } from "@/lib/data/dashboard";
import { getGrantDashboard } from "@/lib/data/grants/dashboard";
import { can } from "@/lib/permissions";
import { getPortfolioSummary } from "@/lib/data/public-portfolio";
import { MAX_QUERY_LENGTH } from "@/lib/search/normalize";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { parsePortfolioQuery } from "@/lib/validations/portfolio-query";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "statistics" });
  return { title: t("dashboardTitle"), robots: { index: false } };
}

/** The portfolio dashboard for program managers and reviewers, with the portfolio's filters. */
export default async function DashboardPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const t = await getTranslations("statistics");
  const tp = await getTranslations("portfolio");
  const search = await searchParams;
  const { query } = parsePortfolioQuery(search);
  const grantView = parseGrantDashboardView(search);
  // The grant table's year and page links keep the dashboard's filters.
  const grantHref = ({ gy, gp }: { gy: number; gp?: number }) => {
    const next = new URLSearchParams();
    for (const [name, value] of Object.entries(search)) {
      if (name === "gy" || name === "gp" || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) next.append(name, v);
    }
    next.set("gy", String(gy));
    if (gp !== undefined && gp > 1) next.set("gp", String(gp));
    return `/manage/dashboard?${next.toString()}`;
  };
  // The facet options come from the public portfolio's one-pass aggregate, not its list (their counts are of
  // published projects; the dashboard's own figures include the drafts the actor may read).
  const [stats, summary, grants] = await Promise.all([
    getDashboard(actor, query), getPortfolioSummary(query), can(actor, "grant.read") ? getGrantDashboard(actor) : null,
  ]);
  return (
    <>
      <PageHeader title={t("dashboardTitle")} description={t("dashboardIntro")} />
      <div className="container section">
        <form method="get" className="facet-layout">
          <div className="facet-layout__sidebar">
            <div className="search-bar" role="search">
              <label className="field__label" htmlFor="dash-q">{tp("searchLabel")}</label>
              <div className="search-bar__row">
                <input id="dash-q" className="input" type="search" name="q" defaultValue={query.q} maxLength={MAX_QUERY_LENGTH} />
              </div>
            </div>
            <PortfolioFilters facets={summary.facets} query={query} locale={locale} basePath="/manage/dashboard" />
          </div>
          <div className="facet-layout__results">
            <StatisticsView stats={stats} locale={locale} />
          </div>
        </form>
        {grants && <GrantDashboard data={grants} locale={locale} view={grantView} hrefWith={grantHref} />}
      </div>
    </>
  );
}
