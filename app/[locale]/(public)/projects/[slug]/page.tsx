import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { cache } from "react";
import { MilestoneTimeline } from "@/components/milestones/milestone-timeline";
import { ConsortiumTable } from "@/components/projects/consortium-table";
import { FundingSection } from "@/components/projects/funding-section";
import { pick } from "@/lib/i18n/localized";
import { LocalizedText } from "@/components/projects/localized-text";
import { ProjectJsonLd } from "@/components/projects/project-json-ld";
import { ResearcherList } from "@/components/projects/researcher-list";
import { Badge, ProjectStatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { getPublishedProject } from "@/lib/data/public-projects";
import { formatDateWithPrecision, formatMonths, formatPeriod } from "@/lib/format/period";
import { requestOrigin } from "@/lib/server/request-origin";
import { SectionHeader } from "@/components/ui/section-header";

type Props = { params: Promise<{ locale: string; slug: string }> };

// One database read per request, shared by generateMetadata and the page.
const loadProject = cache(getPublishedProject);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const project = await loadProject(slug);
  if (!project) return {};
  const title = pick(locale, project.titleKo, project.titleEn).text;
  const description = (locale === "en" ? project.summaryEn : project.summaryKo) ?? undefined;
  return {
    title,
    description,
    alternates: { canonical: `/${locale}/projects/${slug}`, languages: { ko: `/ko/projects/${slug}`, en: `/en/projects/${slug}` } },
  };
}

export default async function ProjectPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const project = await loadProject(slug);
  if (!project) notFound();
  const t = await getTranslations("project");
  const te = await getTranslations("enums");
  const title = pick(locale, project.titleKo, project.titleEn);
  const url = `${await requestOrigin()}/${locale}/projects/${slug}`;
  // The duration as published; a disagreement with the period is a quality flag for program
  // managers, not something the public page comments on.
  const shownMonths = project.publishedDurationMonths ?? project.computedDurationMonths;

  return (
    <>
      <ProjectJsonLd project={project} locale={locale} url={url} />
      <PageHeader
        breadcrumbs={[{ label: title.text }]}
        eyebrow={project.program ? <LocalizedText locale={locale} ko={project.program.nameKo} en={project.program.nameEn} /> : undefined}
        title={<span lang={title.lang === locale ? undefined : title.lang}>{title.text}</span>}
        description={project.productKo ? <>{t("product")}: <LocalizedText locale={locale} ko={project.productKo} en={project.productEn} /></> : undefined}
        meta={
          <div className="badge-list">
            <ProjectStatusBadge status={project.status} />
            {project.area && <Badge tone="information" plain>{te(`area.${project.area}`)}</Badge>}
            {project.origin === "SYNTHETIC" && <Badge tone="warning">{t("synthetic")}</Badge>}
          </div>
        }
      />
      <div className="container">
        <section className="section" aria-labelledby="facts-heading">
          <SectionHeader id="facts-heading" title={t("keyFacts")} />
          <dl className="desc-list desc-list--cols-2">
            <div>
              <dt>{t("titleKo")}</dt>
              <dd lang="ko">{project.titleKo}</dd>
            </div>
            <div>
              <dt>{t("titleEn")}</dt>
              <dd lang="en">{project.titleEn ?? <span className="text-subtle" lang={locale}>{t("notStated")}</span>}</dd>
            </div>
            <div>
              <dt>{t("identifiers")}</dt>
              <dd>
                {project.identifiers.length === 0
                  ? <span className="text-subtle">{t("noIdentifiers")}</span>
                  : project.identifiers.map((i) => <span key={`${i.scheme}-${i.value}`} className="num">{te(`identifierScheme.${i.scheme}`)} {i.value} </span>)}
              </dd>
            </div>
            <div>
              <dt>{t("program")}</dt>
              <dd>
                {project.program
                  ? <><LocalizedText locale={locale} ko={project.program.nameKo} en={project.program.nameEn} /><span className="desc-list__note"><LocalizedText locale={locale} ko={project.program.ministryKo} en={project.program.ministryEn} /> · <LocalizedText locale={locale} ko={project.program.agencyKo} en={project.program.agencyEn} /></span></>
                  : <span className="text-subtle">{t("programNotStated")}</span>}
              </dd>
            </div>
            <div>
              <dt>{t("product")}</dt>
              <dd>{project.productKo ? <LocalizedText locale={locale} ko={project.productKo} en={project.productEn} /> : <span className="text-subtle">{t("notStated")}</span>}</dd>
            </div>
            <div>
              <dt>{t("period")}</dt>
              <dd className="num" data-testid="project-period">
                {t("periodValue", { period: formatPeriod(project.periodStart, project.periodEnd, locale), months: formatMonths(shownMonths, locale) })}
              </dd>
            </div>
            <div>
              <dt>{t("area")}</dt>
              <dd>{project.area ? te(`area.${project.area}`) : <span className="text-subtle">{t("notStated")}</span>}</dd>
            </div>
            <div>
              <dt>{t("stage")}</dt>
              <dd>{project.researchStage ? te(`stage.${project.researchStage}`) : <span className="text-subtle">{t("notStated")}</span>}</dd>
            </div>
          </dl>
          {(project.summaryKo || project.summaryEn) && (
            <div className="prose mt-8">
              <h3>{t("summary")}</h3>
              <p><LocalizedText locale={locale} ko={project.summaryKo} en={project.summaryEn} /></p>
            </div>
          )}
        </section>

        <section className="section" aria-labelledby="funding-heading">
          <SectionHeader id="funding-heading" title={t("fundingHeading")} />
          <FundingSection project={project} locale={locale} />
        </section>

        {project.subProjects.length > 0 && (
          <section className="section" aria-labelledby="subprojects-heading">
            <SectionHeader id="subprojects-heading" title={t("subProjectsHeading")} />
            <ol className="card-list">
              {project.subProjects.map((s) => (
                <li key={s.id} className="card card--subtle">
                  <p className="card__eyebrow">{t("subProjectSeq", { seq: s.seq })}</p>
                  <p className="card__title"><LocalizedText locale={locale} ko={s.titleKo} en={s.titleEn} /></p>
                  {s.leadInstitution && (
                    <p className="text-sm">{t("subProjectLead")}: <LocalizedText locale={locale} ko={s.leadInstitution.nameKo} en={s.leadInstitution.nameEn} /></p>
                  )}
                </li>
              ))}
            </ol>
          </section>
        )}

        <section className="section" aria-labelledby="consortium-heading">
          <SectionHeader id="consortium-heading" title={t("consortiumHeading")} />
          <ConsortiumTable project={project} locale={locale} />
        </section>

        {project.people.length > 0 && (
          <section className="section" aria-labelledby="researchers-heading">
            <SectionHeader id="researchers-heading" title={t("researchersHeading")} />
            <ResearcherList project={project} locale={locale} />
          </section>
        )}

        <section className="section" aria-labelledby="milestones-heading">
          <SectionHeader id="milestones-heading" title={t("milestonesHeading")} />
          <MilestoneTimeline milestones={project.milestones} locale={locale} />
        </section>

        <section className="section" aria-labelledby="sources-heading">
          <SectionHeader id="sources-heading" title={t("sourcesHeading")} />
          <p className="text-sm">{t("sourcesIntro")}</p>
          <ul className="stack mt-4">
            {project.sources.map((s, index) => (
              <li key={index}>
                <cite><LocalizedText locale={locale} ko={s.source.titleKo} en={s.source.titleEn} /></cite>
                {s.source.publishedOn && s.source.publishedPrecision && (
                  <span className="text-subtle">
                    {" — "}
                    {t("publishedIn", {
                      publisher: pick(locale, s.source.publisherKo, s.source.publisherEn).text,
                      date: formatDateWithPrecision(s.source.publishedOn, s.source.publishedPrecision, locale),
                    })}
                  </span>
                )}
                {(s.locatorKo || s.locatorEn) && <span className="desc-list__note"><LocalizedText locale={locale} ko={s.locatorKo} en={s.locatorEn} /></span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
