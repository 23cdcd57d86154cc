import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { StatisticsView } from "@/components/statistics/statistics-view";
import { PageHeader } from "@/components/ui/page-header";
import { getPublicStatistics } from "@/lib/data/dashboard";
import { Link } from "@/components/ui/link";
import { parsePortfolioQuery, toSearchParams } from "@/lib/validations/portfolio-query";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "statistics" });
  return {
    title: t("publicTitle"),
    description: t("publicIntro"),
    alternates: { canonical: `/${locale}/statistics`, languages: { ko: "/ko/statistics", en: "/en/statistics" } },
  };
}

/** Public statistics: aggregates over published projects only, with the portfolio's filters. */
export default async function StatisticsPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("statistics");
  const { query } = parsePortfolioQuery(await searchParams);
  const stats = await getPublicStatistics(query);
  const filters = toSearchParams({ ...query, page: 1 }).toString();
  return (
    <>
      <PageHeader title={t("publicTitle")} description={t("publicIntro")} />
      <div className="container section">
        {filters && <p className="callout callout--info">{t("filtered")} <Link href={`/?${filters}`}>{t("backToSearch")}</Link></p>}
        <StatisticsView stats={stats} locale={locale} />
      </div>
    </>
  );
}
