import { getTranslations } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import type { GrantDashboardRow } from "@/lib/data/grants";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

/** The dashboard's grant table: awarded, paid and spent by programme and fiscal year (internal). */
export async function GrantDashboard({ rows, locale }: { rows: GrantDashboardRow[]; locale: string }) {
  const t = await getTranslations("grants");
  return (
    <section className="section" aria-labelledby="grant-dashboard-heading">
      <SectionHeader id="grant-dashboard-heading" title={t("dashboardTitle")} />
      {rows.length === 0 ? <p className="text-subtle">{t("dashboardEmpty")}</p> : (
        <DataTable caption={t("dashboardTitle")} captionHidden variant="compact">
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
        </DataTable>
      )}
    </section>
  );
}
