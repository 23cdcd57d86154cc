import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { Badge, MilestoneStatusBadge, ProjectStatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { HistoryList } from "@/components/workspace/history-list";
import { DeleteMilestoneForm, MilestoneForm } from "@/components/workspace/milestone-editor";
import { ProjectForm } from "@/components/workspace/project-form";
import { PublicationForm } from "@/components/workspace/publication-form";
import { QualityFlags } from "@/components/workspace/quality-flags";
import { ConsortiumEditor, FundingEditor, IdentifiersEditor, ResearchersEditor, SubProjectsEditor, type StructureActions } from "@/components/workspace/structure/sections";
import {
  addIdentifierAction, addParticipationAction, addProjectPersonAction, deleteFundingLineAction, deleteSubProjectAction, removeIdentifierAction,
  removeParticipationAction, removeProjectPersonAction, saveFundingLineAction, saveSubProjectAction, searchInstitutionsAction,
} from "./structure-actions";
import { getProjectHistory, getWorkspaceProject, listSelectablePrograms } from "@/lib/data/workspace-projects";
import { formatWon } from "@/lib/format/money";
import { partialDateInput } from "@/lib/format/partial-date";
import { formatDateWithPrecision, formatPeriod } from "@/lib/format/period";
import { Link } from "@/components/ui/link";
import { can } from "@/lib/permissions";
import { idParam, orNotFound } from "@/lib/server/page-params";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { deleteMilestoneAction, saveMilestoneAction, saveProjectAction, setPublicationAction } from "../actions";
import { SectionHeader } from "@/components/ui/section-header";

const structureActions: StructureActions = {
  saveFundingLine: saveFundingLineAction, deleteFundingLine: deleteFundingLineAction,
  addParticipation: addParticipationAction, removeParticipation: removeParticipationAction,
  addProjectPerson: addProjectPersonAction, removeProjectPerson: removeProjectPersonAction,
  saveSubProject: saveSubProjectAction, deleteSubProject: deleteSubProjectAction,
  addIdentifier: addIdentifierAction, removeIdentifier: removeIdentifierAction,
  searchInstitutions: searchInstitutionsAction,
};

type Props = { params: Promise<{ locale: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("projectForm"), robots: { index: false } };
}


export default async function WorkspaceProjectPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const numeric = idParam(id);
  const project = await orNotFound(getWorkspaceProject(actor, numeric));
  const [history, programs] = await Promise.all([getProjectHistory(actor, numeric), listSelectablePrograms(actor)]);
  const t = await getTranslations("manage");
  const tg = await getTranslations("grants");
  const title = pick(locale, project.titleKo, project.titleEn).text;
  // The current program stays selectable even when it is not among the actor's own.
  const options = [...programs];
  if (project.program && !options.some((p) => p.id === project.program?.id)) options.push(project.program);
  const milestoneTitle = (mid: number) => {
    const m = project.milestones.find((x) => x.id === mid);
    return m ? pick(locale, m.titleKo, m.titleEn).text : `#${mid}`;
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("projectsTitle"), href: "/manage/projects" }, { label: title }]}
        title={title}
        description={`${formatPeriod(project.periodStart, project.periodEnd, locale)} · ${project.governmentTotalWon === null ? "—" : formatWon(project.governmentTotalWon, locale)}`}
        meta={
          <div className="badge-list">
            <Badge tone={project.publication === "PUBLISHED" ? "success" : "gray"}>{t(`publication.${project.publication}`)}</Badge>
            <ProjectStatusBadge status={project.status} />
          </div>
        }
        actions={
          <div className="btn-group">
            {can(actor, "grant.read") && <Link className="btn btn--secondary btn--sm" href={`/manage/projects/${project.id}/grant`}>{tg("tab")}</Link>}
            {can(actor, "evaluation.read") && <Link className="btn btn--secondary btn--sm" href={`/manage/projects/${project.id}/evaluations`}>{t("evaluations")}</Link>}
            {project.publication === "PUBLISHED" && <Link className="btn btn--secondary btn--sm" href={`/projects/${project.slug}`}>{t("viewPublic")}</Link>}
          </div>
        }
      />
      <div className="container">
        {!project.canEdit && <div className="callout callout--info mt-8" role="note"><p>{t("readOnly")}</p></div>}

        <section className="section" aria-labelledby="quality-heading">
          <SectionHeader id="quality-heading" title={t("qualitySection")} />
          <QualityFlags flags={project.flags} locale={locale} periodStart={project.periodStart} periodEnd={project.periodEnd} milestoneTitle={milestoneTitle} />
        </section>

        {project.canPublish && (
          <section className="section" aria-labelledby="publish-heading">
            <SectionHeader id="publish-heading" title={t("publishTitle")} />
            <PublicationForm id={project.id} version={project.version} published={project.publication === "PUBLISHED"} action={setPublicationAction} />
          </section>
        )}

        {project.canEdit && (
          <section className="section" aria-labelledby="project-form-heading">
            <SectionHeader id="project-form-heading" title={t("projectForm")} />
            <ProjectForm
              action={saveProjectAction}
              isNew={false}
              saved={{ ...project.shown, id: String(project.id), version: String(project.version), consortiumIsPartial: String(project.consortiumIsPartial), researchersArePartial: String(project.researchersArePartial) }}
              shown={JSON.stringify(project.shown)}
              programs={options.map((p) => ({ id: p.id, name: pick(locale, p.nameKo, p.nameEn).text }))}
              allowNoProgram={actor.role === "ADMIN" || actor.managesUnassignedProjects}
            />
          </section>
        )}

        <IdentifiersEditor actor={actor} projectId={project.id} locale={locale} actions={structureActions} />
        <SubProjectsEditor actor={actor} projectId={project.id} locale={locale} actions={structureActions} />
        <ConsortiumEditor actor={actor} projectId={project.id} locale={locale} actions={structureActions} />
        <ResearchersEditor actor={actor} projectId={project.id} locale={locale} actions={structureActions} />
        <FundingEditor actor={actor} projectId={project.id} locale={locale} actions={structureActions} />

        <section className="section" aria-labelledby="milestones-heading">
          <SectionHeader id="milestones-heading" title={t("milestonesSection")} />
          <ul className="card-list">
            {project.milestones.map((m) => {
              const saved = {
                id: String(m.id), version: String(m.version), titleKo: m.titleKo, titleEn: m.titleEn ?? "", kind: m.kind, status: m.status,
                due: partialDateInput(m.dueDate, m.duePrecision), targetValue: m.targetValue?.toString() ?? "", actualValue: m.actualValue?.toString() ?? "",
                unitKo: m.unitKo ?? "", unitEn: m.unitEn ?? "", achieved: partialDateInput(m.achievedDate, m.achievedPrecision),
                descriptionKo: m.descriptionKo ?? "", descriptionEn: m.descriptionEn ?? "", evidenceKo: m.evidenceKo ?? "", evidenceEn: m.evidenceEn ?? "",
              };
              return (
                <li key={m.id} className="card">
                  <div className="badge-list">
                    <MilestoneStatusBadge status={m.status} size="sm" />
                    {m.dueDate && m.duePrecision && <Badge tone="gray" size="sm" plain>{t("due", { date: formatDateWithPrecision(m.dueDate, m.duePrecision, locale) })}</Badge>}
                  </div>
                  <h3 className="card__title"><Link href={`/manage/milestones/${m.id}`}>{pick(locale, m.titleKo, m.titleEn).text}</Link></h3>
                  {project.canEdit && (
                    <details className="disclosure mt-4">
                      <summary>{t("editMilestone")}</summary>
                      <div className="disclosure__body">
                        <MilestoneForm projectId={project.id} milestone={saved} shown={JSON.stringify(saved)} action={saveMilestoneAction} />
                        <DeleteMilestoneForm id={String(m.id)} version={String(m.version)} action={deleteMilestoneAction} />
                      </div>
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
          {project.canEdit && (
            <details className="disclosure mt-8">
              <summary>{t("addMilestone")}</summary>
              <div className="disclosure__body">
                <MilestoneForm projectId={project.id} action={saveMilestoneAction} />
              </div>
            </details>
          )}
        </section>

        <section className="section" aria-labelledby="history-heading">
          <SectionHeader id="history-heading" title={t("historySection")} />
          <HistoryList entries={history} emptyLabel={t("historyEmpty")} />
        </section>
      </div>
    </>
  );
}
