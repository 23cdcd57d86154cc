import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import type { PublicProject } from "@/lib/data/public-projects";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { DataTable } from "@/components/ui/data-table";

function Amount({ won, locale, unknown }: { won: bigint | null; locale: string; unknown: string }) {
  if (won === null) return <span className="text-subtle">{unknown}</span>;
  return <span className="num" title={formatWonExact(won, locale)}>{formatWon(won, locale)}</span>;
}

/** Totals as published, then every funding line with its scope, source and note. */
export async function FundingSection({ project, locale }: { project: PublicProject; locale: string }) {
  const t = await getTranslations("project");
  const unknown = t("unknownAmount");
  const subProject = (id: number | null) => project.subProjects.find((s) => s.id === id);
  return (
    <>
      {/* Each figure is a group named by its label, so it can be found (and read) by that name. */}
      <div className="stat-grid">
        <div className="stat" role="group" aria-label={t("governmentTotal")}>
          <span className="stat__label">{t("governmentTotal")}</span>
          <span className="stat__value" data-testid="government-total"><Amount won={project.governmentTotalWon} locale={locale} unknown={unknown} /></span>
          {project.governmentTotalWon !== null && <span className="stat__note num">{formatWonExact(project.governmentTotalWon, locale)}</span>}
        </div>
        <div className="stat" role="group" aria-label={t("privateCash")}>
          <span className="stat__label">{t("privateCash")}</span>
          <span className="stat__value"><Amount won={project.privateCashTotalWon} locale={locale} unknown={unknown} /></span>
        </div>
        <div className="stat" role="group" aria-label={t("privateInKind")}>
          <span className="stat__label">{t("privateInKind")}</span>
          <span className="stat__value"><Amount won={project.privateInKindTotalWon} locale={locale} unknown={unknown} /></span>
        </div>
      </div>
      {project.publishedSubProjectCount !== null && project.subProjects.length === 0 && (
        <p className="table-note">{t("subProjectsPublished", { count: project.publishedSubProjectCount })}</p>
      )}
      {project.fundingLines.length > 0 && (
        <DataTable caption={t("fundingLinesHeading")} className="mt-8">
          <thead>
            <tr>
              <th scope="col">{t("fundingScope")}</th>
              <th scope="col" className="num">{t("governmentTotal")}</th>
              <th scope="col" className="num">{t("privateCash")}</th>
              <th scope="col" className="num">{t("privateInKind")}</th>
              <th scope="col">{t("note")}</th>
            </tr>
          </thead>
          <tbody>
            {project.fundingLines.map((line, index) => {
              const sub = subProject(line.subProjectId);
              // Awarded amounts by year and stage (and institution when known), as NTIS shows a project's annual funding.
              const parts = [line.fiscalYear !== null ? t("fiscalYear", { year: line.fiscalYear }) : null, line.stage !== null ? t("stageNumber", { stage: line.stage }) : null].filter(Boolean);
              const period = parts.length > 0 ? parts.join(" · ") : t("wholePeriod");
              return (
                <tr key={index}>
                  <th scope="row">
                    {sub ? `${t("subProjectSeq", { seq: sub.seq })} · ` : ""}{period}
                    {line.institution && <> · <LocalizedText locale={locale} ko={line.institution.nameKo} en={line.institution.nameEn} /></>}
                  </th>
                  <td className="num"><Amount won={line.governmentWon} locale={locale} unknown={unknown} /></td>
                  <td className="num"><Amount won={line.privateCashWon} locale={locale} unknown={unknown} /></td>
                  <td className="num"><Amount won={line.privateInKindWon} locale={locale} unknown={unknown} /></td>
                  <td>
                    <LocalizedText locale={locale} ko={line.noteKo} en={line.noteEn} />
                    {line.source && <span className="desc-list__note"><LocalizedText locale={locale} ko={line.source.titleKo} en={line.source.titleEn} /></span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
    </>
  );
}
