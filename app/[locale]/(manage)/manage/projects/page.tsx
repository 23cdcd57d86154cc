import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { ProjectTable } from "@/components/workspace/project-table";
import { listWorkspaceProjects } from "@/lib/data/workspace-projects";
import { Link } from "@/components/ui/link";
import { can } from "@/lib/permissions";
import { requirePageActor } from "@/lib/server/require-page-actor";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ q?: string; page?: string; flagged?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("projectsTitle"), robots: { index: false } };
}

export default async function WorkspaceProjectsPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q.slice(0, 100) : "";
  const flagged = sp.flagged === "1";
  const page = Math.min(Math.max(1, Number(sp.page) || 1), 10_000);
  const t = await getTranslations("manage");
  const result = await listWorkspaceProjects(actor, { q, page, flagged });
  const href = (p: number) => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (flagged) params.set("flagged", "1");
    if (p > 1) params.set("page", String(p));
    const qs = params.toString();
    return `/manage/projects${qs ? `?${qs}` : ""}`;
  };
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("projectsTitle") }]}
        title={t("projectsTitle")}
        description={t("projectsIntro", { total: result.total })}
        actions={can(actor, "project.create") ? <Link className="btn btn--primary" href="/manage/projects/new">{t("newProject")}</Link> : undefined}
      />
      <div className="container section">
        <form method="get" className="search-bar" role="search">
          <label className="field__label" htmlFor="wq">{t("projectsSearch")}</label>
          <div className="search-bar__row">
            <input id="wq" name="q" type="search" className="input" defaultValue={q} maxLength={100} />
            <button type="submit" className="btn btn--secondary">{t("projectsApply")}</button>
          </div>
          <div className="checkbox mt-4">
            <input type="checkbox" id="wflagged" name="flagged" value="1" defaultChecked={flagged} />
            <label className="checkbox__label" htmlFor="wflagged">{t("projectsFlaggedOnly")}</label>
          </div>
        </form>
        <div className="mt-8">
          {result.items.length === 0
            ? <EmptyState title={t("projectsEmpty")} />
            : <ProjectTable rows={result.items} locale={locale} caption={t("projectsTitle")} />}
        </div>
        <Pagination page={page} pageCount={result.pageCount} hrefForPage={href} />
      </div>
    </>
  );
}
