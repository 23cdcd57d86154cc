import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { listMyMilestones } from "@/lib/data/milestones";
import { listWorkspaceProjects } from "@/lib/data/workspace-projects";
import { Link } from "@/components/ui/link";
import { can } from "@/lib/permissions";
import { requirePageActor } from "@/lib/server/require-page-actor";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("homeTitle"), robots: { index: false } };
}

export default async function WorkspaceHome({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const t = await getTranslations("manage");
  const milestones = can(actor, "milestone.update") ? await listMyMilestones(actor, { page: 1 }) : null;
  const flagged = await listWorkspaceProjects(actor, { flagged: true, pageSize: 1 });
  return (
    <>
      <PageHeader title={t("homeTitle")} description={t("homeIntro", { name: actor.name })} />
      <div className="container section">
        <div className="stat-grid">
          {milestones && (
            <>
              <div className="stat"><span className="stat__label">{t("statOverdue")}</span><span className="stat__value">{milestones.overdue}</span></div>
              <div className="stat"><span className="stat__label">{t("statSoon")}</span><span className="stat__value">{milestones.soon}</span></div>
              <div className="stat"><span className="stat__label">{t("statOpen")}</span><span className="stat__value">{milestones.total}</span></div>
            </>
          )}
          <div className="stat"><span className="stat__label">{t("statFlagged")}</span><span className="stat__value">{flagged.total}</span></div>
        </div>
        <div className="btn-group mt-8">
          {milestones && <Link className="btn btn--primary" href="/manage/milestones">{t("goMilestones")}</Link>}
          <Link className="btn btn--secondary" href="/manage/quality">{t("goQuality")}</Link>
          <Link className="btn btn--secondary" href="/manage/projects">{t("goProjects")}</Link>
        </div>
      </div>
    </>
  );
}
