import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import { Badge, ProjectStatusBadge } from "@/components/ui/badge";
import type { ProjectListItem } from "@/lib/data/public-portfolio";
import { formatWon } from "@/lib/format/money";
import { formatPeriod, toIsoMonth } from "@/lib/format/period";
import { Link } from "@/components/ui/link";

/** One search result. With `selectable`, a "compare" checkbox (name p) joins the enclosing form. */
export async function ProjectCard({ project, locale, selectable = false }: { project: ProjectListItem; locale: string; selectable?: boolean }) {
  const t = await getTranslations("portfolio");
  const te = await getTranslations("enums");
  const tc = await getTranslations("compare");
  const title = locale === "en" && project.titleEn ? project.titleEn : project.titleKo;
  return (
    <article className="card card--interactive">
      <p className="card__eyebrow">
        {project.programNameKo ? <LocalizedText locale={locale} ko={project.programNameKo} en={project.programNameEn} /> : t("noProgram")}
      </p>
      <h3 className="card__title">
        <Link className="card__link" href={`/projects/${project.slug}`}>
          <LocalizedText locale={locale} ko={project.titleKo} en={project.titleEn} />
        </Link>
      </h3>
      <dl className="card__meta">
        <div>
          <dt className="sr-only">{t("lead")}</dt>
          <dd>
            {project.leadNameKo ? <LocalizedText locale={locale} ko={project.leadNameKo} en={project.leadNameEn} /> : "—"}
            {project.institutionCount > 1 && <span className="text-subtle"> · {t("institutions", { count: project.institutionCount })}</span>}
          </dd>
        </div>
        <div>
          <dt className="sr-only">{t("period")}</dt>
          <dd className="num" data-start={toIsoMonth(project.periodStart)} data-end={toIsoMonth(project.periodEnd)}>
            {formatPeriod(project.periodStart, project.periodEnd, locale)}
          </dd>
        </div>
        <div>
          <dt className="sr-only">{t("funding")}</dt>
          <dd className="num" data-won={project.governmentTotalWon?.toString()}>
            {t("funding")} {project.governmentTotalWon === null ? t("fundingUnknown") : formatWon(project.governmentTotalWon, locale)}
          </dd>
        </div>
      </dl>
      <div className="card__footer badge-list">
        <ProjectStatusBadge status={project.status} size="sm" />
        {project.area && <Badge tone="information" size="sm" plain>{te(`area.${project.area}`)}</Badge>}
        {project.isSynthetic && <Badge tone="warning" size="sm">{t("synthetic")}</Badge>}
        {selectable && (
          <span className="checkbox card__select">
            <input type="checkbox" id={`compare-${project.slug}`} name="p" value={project.slug} aria-label={tc("selectProject", { title })} />
            <label className="checkbox__label" htmlFor={`compare-${project.slug}`} aria-hidden="true">{tc("select")}</label>
          </span>
        )}
      </div>
    </article>
  );
}
