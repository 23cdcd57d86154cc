import { getTranslations } from "next-intl/server";
import { SliceChart } from "@/components/statistics/slice-chart";
import type { PortfolioStatistics, Slice } from "@/lib/data/dashboard";
import { formatWon } from "@/lib/format/money";
import { Link } from "@/components/ui/link";

/** The figures shared by the public statistics page and the workspace dashboard. */
export async function StatisticsView({ stats, locale }: { stats: PortfolioStatistics; locale: string }) {
  const t = await getTranslations("statistics");
  const te = await getTranslations("enums");
  const name = (s: Slice) => (locale === "en" && s.nameEn ? s.nameEn : (s.nameKo ?? t("noProgram")));
  const n = (v: number) => v.toLocaleString(locale === "ko" ? "ko-KR" : "en-GB");
  return (
    <>
      <div className="stat-grid">
        <div className="stat"><span className="stat__label">{t("projects")}</span><span className="stat__value">{n(stats.projects)}</span></div>
        <div className="stat">
          <span className="stat__label">{t("governmentWon")}</span>
          <span className="stat__value">{formatWon(stats.governmentWon, locale)}</span>
          {stats.unknownFunding > 0 && <span className="stat__note">{t("unknownNote", { count: stats.unknownFunding })}</span>}
        </div>
        {stats.milestones && (
          <>
            <div className="stat"><span className="stat__label">{t("overdue")}</span><span className="stat__value">{n(stats.milestones.overdue)}</span></div>
            <div className="stat"><span className="stat__label">{t("dueSoon")}</span><span className="stat__value">{n(stats.milestones.dueWithin30Days)}</span></div>
            <div className="stat"><span className="stat__label">{t("achievedQuarter")}</span><span className="stat__value">{n(stats.milestones.achievedThisQuarter)}</span></div>
          </>
        )}
        {stats.flaggedProjects !== null && (
          <div className="stat">
            <span className="stat__label">{t("flagged")}</span>
            <span className="stat__value">{n(stats.flaggedProjects)}</span>
            <Link className="stat__note" href="/manage/quality">{t("flaggedLink")}</Link>
          </div>
        )}
      </div>
      <section className="section" aria-labelledby="by-program"><h2 id="by-program" className="section__title">{t("byProgram")}</h2>
        <SliceChart id="chart-program" title={t("byProgram")} slices={stats.byProgram} label={name} locale={locale} />
      </section>
      <section className="section" aria-labelledby="by-area"><h2 id="by-area" className="section__title">{t("byArea")}</h2>
        <SliceChart id="chart-area" title={t("byArea")} slices={stats.byArea} label={(s) => (s.key === "none" ? t("noArea") : te(`area.${s.key}` as "area.HYDROGEN"))} locale={locale} />
      </section>
      <section className="section" aria-labelledby="by-year"><h2 id="by-year" className="section__title">{t("byYear")}</h2>
        <SliceChart id="chart-year" title={t("byYear")} slices={stats.byYear} label={(s) => s.key} locale={locale} />
      </section>
      <section className="section" aria-labelledby="by-institution"><h2 id="by-institution" className="section__title">{t("topInstitutions")}</h2>
        <p className="text-sm text-subtle">{t("institutionNote")}</p>
        <SliceChart id="chart-institution" title={t("topInstitutions")} slices={stats.topInstitutions} label={name} locale={locale} />
      </section>
    </>
  );
}
