import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { cache } from "react";
import { pick } from "@/lib/i18n/localized";
import { LocalizedText } from "@/components/projects/localized-text";
import { Badge, ProjectStatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { getPublicInstitution } from "@/lib/data/public-projects";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { formatPeriod } from "@/lib/format/period";
import { Link } from "@/components/ui/link";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

type Props = {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function parseId(id: string): number | null {
  return /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : null;
}
function parsePage(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^[1-9][0-9]{0,4}$/.test(value) ? Number(value) : 1;
}

const loadInstitution = cache(getPublicInstitution);

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { locale, id } = await params;
  const numeric = parseId(id);
  const institution = numeric === null ? null : await loadInstitution(numeric, parsePage((await searchParams).page));
  if (!institution) return {};
  const t = await getTranslations({ locale, namespace: "institution" });
  return {
    title: t("metaTitle", { name: pick(locale, institution.nameKo, institution.nameEn).text }),
    alternates: { canonical: `/${locale}/institutions/${numeric}`, languages: { ko: `/ko/institutions/${numeric}`, en: `/en/institutions/${numeric}` } },
  };
}

export default async function InstitutionPage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const numeric = parseId(id);
  const institution = numeric === null ? null : await loadInstitution(numeric, parsePage((await searchParams).page));
  if (!institution) notFound();
  const t = await getTranslations("institution");
  const tc = await getTranslations("compare");
  const te = await getTranslations("enums");
  const name = pick(locale, institution.nameKo, institution.nameEn);

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: name.text }]}
        title={<span lang={name.lang === locale ? undefined : name.lang}>{name.text}</span>}
        description={locale === "en" && institution.nameEn ? <span lang="ko">{institution.nameKo}</span> : institution.nameEn ? <span lang="en">{institution.nameEn}</span> : undefined}
        meta={<Badge tone="information" plain>{t("type")}: {te(`instType.${institution.type}`)}</Badge>}
      />
      <div className="container">
        <section className="section" aria-labelledby="institution-projects">
          <div className="stat-grid">
            <div className="stat">
              <span className="stat__label">{t("projectsHeading")}</span>
              <span className="stat__value">{t("projectCount", { count: institution.projectCount })}</span>
            </div>
            <div className="stat">
              <span className="stat__label">{t("fundingTotal")}</span>
              <span className="stat__value" title={formatWonExact(institution.governmentTotalWon, locale)}>{formatWon(institution.governmentTotalWon, locale)}</span>
              <span className="stat__note">
                {t("fundingNote")}
                {institution.unknownFundingCount > 0 && <> {t("unknownFunding", { count: institution.unknownFundingCount })}</>}
              </span>
            </div>
          </div>
          <SectionHeader id="institution-projects" title={t("projectsHeading")} className="mt-8" />
          <form method="get" action={`/${locale}/compare`}>
          <DataTable caption={t("projectsHeading")} captionHidden>
            <thead>
              <tr>
                <th scope="col"><span className="sr-only">{tc("select")}</span></th>
                <th scope="col">{t("project")}</th>
                <th scope="col">{t("roles")}</th>
                <th scope="col">{t("period")}</th>
                <th scope="col" className="num">{t("funding")}</th>
                <th scope="col">{t("status")}</th>
              </tr>
            </thead>
            <tbody>
              {institution.projects.map((p) => (
                <tr key={p.slug}>
                  <td>
                    <input type="checkbox" name="p" value={p.slug} aria-label={tc("selectProject", { title: pick(locale, p.titleKo, p.titleEn).text })} />
                  </td>
                  <th scope="row"><Link href={`/projects/${p.slug}`}><LocalizedText locale={locale} ko={p.titleKo} en={p.titleEn} /></Link></th>
                  <td>{p.roles.map((r) => te(`role.${r}`)).join(", ")}</td>
                  <td className="nowrap num">{formatPeriod(p.periodStart, p.periodEnd, locale)}</td>
                  <td className="num">{p.governmentTotalWon === null ? "—" : formatWon(p.governmentTotalWon, locale)}</td>
                  <td><ProjectStatusBadge status={p.status} size="sm" /></td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <div className="compare-bar">
            <button type="submit" className="btn btn--secondary">{tc("compareSelected")}</button>
            <span className="text-sm text-subtle">{tc("selectHint")}</span>
          </div>
          </form>
          <Pagination page={institution.page} pageCount={institution.pageCount} hrefForPage={(page) => `/institutions/${institution.id}${page > 1 ? `?page=${page}` : ""}`} />
        </section>
      </div>
    </>
  );
}
