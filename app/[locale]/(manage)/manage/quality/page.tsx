import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { ProjectTable } from "@/components/workspace/project-table";
import { pick } from "@/lib/i18n/localized";
import { formatShare } from "@/components/grants/grant-format";
import { listGrantAlerts } from "@/lib/data/grants/dashboard";
import { listWorkspaceProjects } from "@/lib/data/workspace-projects";
import { Link } from "@/components/ui/link";
import { can } from "@/lib/permissions";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ page?: string; gpage?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("qualityTitle"), robots: { index: false } };
}

/** The projects with open data-quality flags (stored on each write; see lib/quality). */
export default async function QualityPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const query = await searchParams;
  const page = Math.min(Math.max(1, Number(query.page) || 1), 10_000);
  const grantPage = Math.min(Math.max(1, Number(query.gpage) || 1), 10_000);
  const t = await getTranslations("manage");
  const tq = await getTranslations("quality");
  const tg = await getTranslations("grants");
  const [result, alerts] = await Promise.all([
    listWorkspaceProjects(actor, { page, flagged: true }),
    can(actor, "grant.read") ? listGrantAlerts(actor, { page: grantPage }) : null,
  ]);
  const none = tg("noRatio");
  return (
    <>
      <PageHeader breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("qualityTitle") }]} title={t("qualityTitle")} description={t("qualityIntro", { total: result.total })} />
      <div className="container section">
        {result.items.length === 0 ? <EmptyState title={tq("none")} /> : <ProjectTable rows={result.items} locale={locale} caption={t("qualityTitle")} />}
        <Pagination page={page} pageCount={result.pageCount} hrefForPage={(p) => `/manage/quality${p > 1 ? `?page=${p}` : ""}`} />
      </div>
      {alerts && (
        <section className="container section" aria-labelledby="grant-alerts-heading">
          <SectionHeader id="grant-alerts-heading" title={tg("alertListTitle")} />
          <p className="text-subtle">{tg("alertListIntro")}</p>
          {alerts.items.length === 0 ? <EmptyState title={tg("noAlerts")} /> : (
            <DataTable caption={tg("alertListTitle")} captionHidden className="mt-4" variant="compact">
              <thead>
                <tr><th scope="col">{tg("alertProject")}</th><th scope="col">{tg("alertIssue")}</th></tr>
              </thead>
              <tbody>
                {alerts.items.map((a) => {
                  const agreement = tg("agreementHeading", { year: a.fiscalYear, stage: a.stage === null ? tg("stageUnknown") : tg("stageValue", { stage: a.stage }) });
                  return (
                    <tr key={`${a.agreementId}-${a.code}`} data-flag={a.code}>
                      <th scope="row"><Link href={`/manage/projects/${a.projectId}/grant`}>{pick(locale, a.titleKo, a.titleEn).text}</Link></th>
                      <td>
                        {a.code === "SPENDING_AHEAD" || a.code === "SPENDING_BEHIND"
                          ? tg(`flag.${a.code}`, { agreement, spent: formatShare(a.spentShare, locale, none), elapsed: formatShare(a.elapsedShare, locale, none) })
                          : tg(`flag.${a.code}`, { agreement, days: a.days ?? 0 })}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </DataTable>
          )}
          <Pagination page={grantPage} pageCount={alerts.pageCount} hrefForPage={(p) => `/manage/quality${p > 1 ? `?gpage=${p}` : ""}`} />
        </section>
      )}
    </>
  );
}
