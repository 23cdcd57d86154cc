import type { Metadata } from "next";
import { cache } from "react";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { PrintButton } from "@/components/compare/print-button";
import { parseCompareSlugs } from "@/lib/data/comparison";
import { Link } from "@/components/ui/link";
import { comparisonView } from "@/lib/server/comparison-view";
import { DataTable } from "@/components/ui/data-table";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// The page and its metadata read the same comparison once per request.
const viewOf = cache((locale: string, slugs: string) => comparisonView(locale, slugs ? slugs.split(",") : []));

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "compare" });
  const slugs = parseCompareSlugs((await searchParams).p);
  const view = await viewOf(locale, slugs.join(","));
  // A comparison of published projects is public content that crawlers may index; its canonical
  // URL names the projects in one order, so that every order of the same selection is one page.
  // Comparisons with too few, missing or internal projects stay out of search results.
  if (!view.enough || view.missing > 0 || view.internal) return { title: t("metaTitle"), robots: { index: false } };
  const query = [...slugs].sort().map((s) => `p=${s}`).join("&");
  return {
    title: t("metaTitle"),
    alternates: { canonical: `/${locale}/compare?${query}`, languages: { ko: `/ko/compare?${query}`, en: `/en/compare?${query}` } },
  };
}

const MARK_SYMBOL = { best: "▲", worst: "▼", max: "↑", min: "↓" } as const;

// Side-by-side comparison of 2–6 projects. The selection is the URL (?p=slug&p=slug): shareable and
// bookmarkable. Anonymous visitors see published projects and public figures only.
export default async function ComparePage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("compare");
  const slugs = parseCompareSlugs((await searchParams).p);
  const view = await viewOf(locale, slugs.join(","));
  const query = new URLSearchParams(slugs.map((s) => ["p", s])).toString();

  if (!view.enough) {
    return (
      <>
        <PageHeader title={t("heading")} />
        <div className="container section">
          {view.missing > 0 && <p className="callout callout--warning" role="status">{t("missing", { count: view.missing })}</p>}
          <EmptyState title={t("tooFew")} description={t("tooFewHelp")} action={<Link className="btn btn--primary" href="/">{t("goPortfolio")}</Link>} />
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={t("heading")}
        description={t("intro", { count: view.titles.length })}
        actions={
          <div className="btn-group no-print">
            <a className="btn btn--secondary btn--sm" href={`/api/compare?format=csv&locale=${locale}&${query}`} download>{t("downloadCsv")}</a>
            <a className="btn btn--secondary btn--sm" href={`/api/compare?format=xlsx&locale=${locale}&${query}`} download>{t("downloadXlsx")}</a>
            <PrintButton label={t("print")} />
          </div>
        }
      />
      <div className="container section compare">
        {view.missing > 0 && <p className="callout callout--warning" role="status">{t("missing", { count: view.missing })}</p>}
        {view.internal && <p className="callout callout--info">{t("internalNote")}</p>}
        <p className="text-sm">{t("legend")}</p>
        <DataTable caption={t("tableCaption")} tableClassName="compare-table">
          <thead>
            <tr>
              <th scope="col">{t("item")}</th>
              {view.titles.map((p) => (
                <th scope="col" key={p.slug} lang={p.lang === locale ? undefined : p.lang}>
                  {p.isPublished ? <Link href={`/projects/${p.slug}`}>{p.text}</Link> : p.text}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.rows.map((row) => (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, i) => (
                  <td key={i} className={`${cell.unknown ? "text-subtle " : ""}${cell.mark ? `compare-mark compare-mark--${cell.mark}` : ""}`.trim() || undefined}>
                    {cell.text}
                    {cell.mark && <span className="compare-mark__label"> <span aria-hidden="true">{MARK_SYMBOL[cell.mark]}</span> {t(`mark.${cell.mark}`).replace(/^\S+ /, "")}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
      </div>
    </>
  );
}
