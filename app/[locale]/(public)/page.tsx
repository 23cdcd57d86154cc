import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { DownloadLinks } from "@/components/open-data/download-links";
import { PortfolioFilters } from "@/components/projects/portfolio-filters";
import { ProjectCard } from "@/components/projects/project-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listPublishedProjects } from "@/lib/data/public-portfolio";
import { formatWon } from "@/lib/format/money";
import { Link } from "@/components/ui/link";
import { MAX_QUERY_LENGTH } from "@/lib/search/normalize";
import { parsePortfolioQuery, SORT_KEYS, toSearchParams } from "@/lib/validations/portfolio-query";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "portfolio" });
  return { title: t("metaTitle"), description: t("metaDescription"), alternates: { canonical: `/${locale}`, languages: { ko: "/ko", en: "/en" } } };
}

export default async function PortfolioPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("portfolio");
  const tc = await getTranslations("compare");
  const { query, issues } = parsePortfolioQuery(await searchParams);
  const result = await listPublishedProjects(query, locale);
  const href = (page: number) => {
    const qs = toSearchParams(query, { page }).toString();
    return `/${qs ? `?${qs}` : ""}`;
  };
  const statsQuery = toSearchParams({ ...query, page: 1 }).toString();
  const sortOptions = SORT_KEYS.flatMap((key) => (["desc", "asc"] as const).map((dir) => `${key}-${dir}` as const));
  const current = `${query.sort}-${query.dir}`;

  return (
    <>
      <PageHeader title={t("heading")} description={t("intro")}>
        <div className="search-bar" role="search">
          <label className="field__label" htmlFor="portfolio-q">{t("searchLabel")}</label>
          <div className="search-bar__row">
            <input
              id="portfolio-q" form="portfolio-search" className="input" type="search" name="q" defaultValue={query.q}
              placeholder={t("searchPlaceholder")} maxLength={MAX_QUERY_LENGTH} aria-describedby="portfolio-q-help" autoComplete="off"
            />
            <button type="submit" form="portfolio-search" className="btn btn--primary">{t("searchButton")}</button>
          </div>
          <p id="portfolio-q-help" className="field__hint">{t("searchHelp")}</p>
        </div>
      </PageHeader>
      <div className="container section">
        {issues.length > 0 && (
          <div className="callout callout--warning" role="status">
            <p className="callout__title">{t("issuesHeading")}</p>
            <ul>
              {issues.map((i) => (
                <li key={`${i.field}-${i.code}`}>{t(`issue.${i.field}-${i.code}` as "issue.q-tooLong", { max: MAX_QUERY_LENGTH })}</li>
              ))}
            </ul>
          </div>
        )}
        <form id="portfolio-search" action={`/${locale}`} method="get" className="facet-layout">
          <div className="facet-layout__sidebar">
            <PortfolioFilters facets={result.facets} query={query} locale={locale} />
          </div>
          <section className="facet-layout__results" aria-labelledby="results-heading">
            <h2 id="results-heading" className="sr-only">{t("resultsHeading")}</h2>
            <div className="results-bar">
              <p className="results-bar__count" role="status">
                <strong>{t("summary", { count: result.total })}</strong>
                {" · "}
                {t("summaryFunding", { amount: formatWon(result.governmentTotalWon, locale) })}
                {result.unknownFundingCount > 0 && (
                  <span className="text-sm text-subtle"> ({t("summaryUnknown", { count: result.unknownFundingCount })})</span>
                )}
                {" "}
                <Link className="text-sm" href={`/statistics${statsQuery ? `?${statsQuery}` : ""}`}>{t("statisticsLink")}</Link>
              </p>
              <div className="results-bar__controls">
                <label className="form-label" htmlFor="portfolio-sort">{t("sortLabel")}</label>
                <select id="portfolio-sort" name="sort" className="select select--sm" defaultValue={current}>
                  {sortOptions.map((o) => (
                    <option key={o} value={o}>{t(`sort.${o}`)}</option>
                  ))}
                </select>
                <button type="submit" className="btn btn--secondary btn--sm">{t("sortApply")}</button>
              </div>
            </div>
            {result.items.length > 0 ? (
              <>
                <ul className="card-list" aria-label={t("resultsHeading")}>
                  {result.items.map((item) => (
                    <li key={item.slug}>
                      <ProjectCard project={item} locale={locale} selectable />
                    </li>
                  ))}
                </ul>
                <div className="compare-bar">
                  <button type="submit" className="btn btn--secondary" formAction={`/${locale}/compare`}>{tc("compareSelected")}</button>
                  <span className="text-sm text-subtle">{tc("selectHint")}</span>
                </div>
                <Pagination page={result.page} pageCount={result.pageCount} hrefForPage={href} showStatus />
                <DownloadLinks query={query} locale={locale} total={result.total} />
              </>
            ) : result.total > 0 ? (
              <EmptyState
                title={t("emptyPageTitle")}
                description={t("emptyPageDescription", { pageCount: result.pageCount })}
                action={<Link className="btn btn--secondary" href={href(1)}>{t("goToFirstPage")}</Link>}
              />
            ) : (
              <EmptyState
                title={t("emptyTitle")}
                description={t("emptyDescription")}
                action={<Link className="btn btn--secondary" href="/">{t("resetFilters")}</Link>}
              />
            )}
          </section>
        </form>
      </div>
    </>
  );
}
