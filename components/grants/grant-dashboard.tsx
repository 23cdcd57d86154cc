import { getTranslations } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import type { GrantDashboardRow } from "@/lib/data/grants";
import { formatWon, formatWonExact } from "@/lib/format/money";

/** The dashboard's grant table: awarded, paid and spent by programme and fiscal year (internal). */
export async function GrantDashboard({ rows, locale }: { rows: GrantDashboardRow[]; locale: string }) {
  const t = await getTranslations("grants");
  return (
    <section className="section" aria-labelledby="grant-dashboard-heading">
      <div className="section__header"><h2 id="grant-dashboard-heading" className="section__title">{t("dashboardTitle")}</h2></div>
      {rows.length === 0 ? <p className="text-subtle">{t("dashboardEmpty")}</p> : (
        <div className="table-wrap" role="region" aria-label={t("dashboardTitle")} tabIndex={0}>
          <table className="data-table data-table--compact">
            <caption className="sr-only">{t("dashboardTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("program")}</th>
                <th scope="col">{t("year")}</th>
                <th scope="col" className="num">{t("awarded")}</th>
                <th scope="col" className="num">{t("paid")}</th>
                <th scope="col" className="num">{t("spent")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.programId ?? "none"}-${r.fiscalYear}`}>
                  <th scope="row">{r.programNameKo === null ? t("programNone") : pick(locale, r.programNameKo, r.programNameEn).text}</th>
                  <td>{r.fiscalYear}</td>
                  <td className="num" title={r.awardedWon === null ? undefined : formatWonExact(r.awardedWon, locale)}>{r.awardedWon === null ? t("unknown") : formatWon(r.awardedWon, locale)}</td>
                  <td className="num" title={formatWonExact(r.paidWon, locale)}>{formatWon(r.paidWon, locale)}</td>
                  <td className="num" title={formatWonExact(r.spentWon, locale)}>{formatWon(r.spentWon, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
