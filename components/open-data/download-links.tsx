import { getTranslations } from "next-intl/server";
import { Link } from "@/components/ui/link";
import { toSearchParams, type PortfolioQuery } from "@/lib/validations/portfolio-query";

/** Links that download the whole current search (not the page) from the open-data API. */
export async function DownloadLinks({ query, locale, total }: { query: PortfolioQuery; locale: string; total: number }) {
  const t = await getTranslations("openData.download");
  const filters = toSearchParams({ ...query, page: 1 });
  const href = (format: "csv" | "xlsx" | "json") => {
    const params = new URLSearchParams({ format, locale });
    for (const [key, value] of filters) params.append(key, value);
    return `/api/v1/downloads/projects?${params.toString()}`;
  };
  return (
    <section className="download-bar" aria-labelledby="download-heading">
      <h2 id="download-heading" className="download-bar__title">{t("heading")}</h2>
      <p className="text-sm text-subtle">{t("description", { count: total })}</p>
      <ul className="cluster download-bar__links">
        <li><a className="btn btn--secondary btn--sm" href={href("csv")} download aria-label={t("csvLabel")}>{t("csv")}</a></li>
        <li><a className="btn btn--secondary btn--sm" href={href("xlsx")} download aria-label={t("xlsxLabel")}>{t("xlsx")}</a></li>
        <li><a className="btn btn--secondary btn--sm" href={href("json")} download aria-label={t("jsonLabel")}>{t("json")}</a></li>
        <li><Link className="text-sm" href="/developers">{t("developersLink")}</Link></li>
      </ul>
    </section>
  );
}
