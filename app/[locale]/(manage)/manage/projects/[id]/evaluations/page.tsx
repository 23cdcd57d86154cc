import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { EvaluationForm } from "@/components/evaluations/evaluation-form";
import { PageHeader } from "@/components/ui/page-header";
import { listProjectEvaluations } from "@/lib/data/evaluations";
import { getWorkspaceProject } from "@/lib/data/workspace-projects";
import { EVALUATION_CRITERIA } from "@/lib/domain/evaluation";
import { can } from "@/lib/permissions";
import { idParam, orNotFound } from "@/lib/server/page-params";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { createEvaluationAction } from "./actions";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

type Props = { params: Promise<{ locale: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "evaluation" });
  return { title: t("title"), robots: { index: false } };
}

// Evaluations are internal: this page is in the workspace and its data functions check
// evaluation.read / evaluation.write; no public page reads the evaluation table.
export default async function EvaluationsPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "evaluation.read");
  const numeric = idParam(id);
  const project = await orNotFound(getWorkspaceProject(actor, numeric));
  const evaluations = await orNotFound(listProjectEvaluations(actor, numeric));
  const t = await getTranslations("evaluation");
  const tm = await getTranslations("manage");
  const te = await getTranslations("enums");
  const title = pick(locale, project.titleKo, project.titleEn).text;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: title, href: `/manage/projects/${project.id}` }, { label: t("title") }]}
        title={t("title")}
        description={title}
      />
      <div className="container">
        <section className="section" aria-labelledby="ev-list">
          <SectionHeader id="ev-list" title={t("recorded")} />
          {evaluations.length === 0 ? <p className="text-subtle">{t("none")}</p> : (
            <DataTable caption={t("recordedTable")} captionHidden>
              <thead>
                <tr>
                  <th scope="col">{t("kind")}</th>
                  <th scope="col">{t("evaluatedOn")}</th>
                  <th scope="col">{t("reviewer")}</th>
                  {EVALUATION_CRITERIA.map((c) => <th key={c.code} scope="col" className="num">{t(`criterion.${c.code}`)} /{c.max}</th>)}
                  <th scope="col" className="num">{t("totalHeading")}</th>
                  <th scope="col">{t("verdict")}</th>
                  <th scope="col">{t("comments")}</th>
                </tr>
              </thead>
              <tbody>
                {evaluations.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">{te(`evaluationKind.${e.kind}`)} {t("roundValue", { round: e.round })}</th>
                    <td className="nowrap">{e.evaluatedOn.toISOString().slice(0, 10)}</td>
                    <td>{e.reviewerName}{e.isMine ? ` (${t("mine")})` : ""}</td>
                    {EVALUATION_CRITERIA.map((c) => <td key={c.code} className="num">{e.scores[c.code] ?? "—"}</td>)}
                    <td className="num">{e.totalScore}</td>
                    <td>{te(`verdict.${e.verdict}`)}</td>
                    <td>{e.comments}</td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </section>
        {can(actor, "evaluation.write") && (
          <section className="section" aria-labelledby="ev-new">
            <SectionHeader id="ev-new" title={t("new")} />
            <EvaluationForm projectId={project.id} today={new Date().toISOString().slice(0, 10)} action={createEvaluationAction} />
          </section>
        )}
      </div>
    </>
  );
}
