import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { ProjectTable } from "@/components/workspace/project-table";
import { listWorkspaceProjects } from "@/lib/data/workspace-projects";
import { requirePageActor } from "@/lib/server/require-page-actor";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ page?: string }> };

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
  const page = Math.min(Math.max(1, Number((await searchParams).page) || 1), 10_000);
  const t = await getTranslations("manage");
  const tq = await getTranslations("quality");
  const result = await listWorkspaceProjects(actor, { page, flagged: true });
  return (
    <>
      <PageHeader breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("qualityTitle") }]} title={t("qualityTitle")} description={t("qualityIntro", { total: result.total })} />
      <div className="container section">
        {result.items.length === 0 ? <EmptyState title={tq("none")} /> : <ProjectTable rows={result.items} locale={locale} caption={t("qualityTitle")} />}
        <Pagination page={page} pageCount={result.pageCount} hrefForPage={(p) => `/manage/quality${p > 1 ? `?page=${p}` : ""}`} />
      </div>
    </>
  );
}
