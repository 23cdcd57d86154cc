import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { PageHeader } from "@/components/ui/page-header";
import { ProjectForm } from "@/components/workspace/project-form";
import { listSelectablePrograms } from "@/lib/data/workspace-projects";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { checkAgencyNumberAction, saveProjectAction } from "../actions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("newProject"), robots: { index: false } };
}

export default async function NewProjectPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "project.create");
  const t = await getTranslations("manage");
  const programs = await listSelectablePrograms(actor);
  return (
    <>
      <PageHeader breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("projectsTitle"), href: "/manage/projects" }, { label: t("newProject") }]} title={t("newProject")} />
      <div className="container section">
        <ProjectForm
          action={saveProjectAction}
          isNew
          checkAgencyNumber={checkAgencyNumberAction}
          saved={{ status: "PLANNED" }}
          shown="{}"
          programs={programs.map((p) => ({ id: p.id, name: pick(locale, p.nameKo, p.nameEn).text }))}
          allowNoProgram={actor.role === "ADMIN" || actor.managesUnassignedProjects}
        />
      </div>
    </>
  );
}
