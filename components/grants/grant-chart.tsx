import { getTranslations } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import type { ProjectGrants } from "@/lib/data/grants/read";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { formatShare } from "@/components/grants/grant-format";
import { DataTable } from "@/components/ui/data-table";

/**
 * Spending against the awarded government contribution, by cost category: a bar chart (decorative
 * for assistive technology; the same bars as the dashboard's) followed by the same figures as a
 * table, which is what screen readers and printouts use.
 */
export async function GrantCategoryChart({ grants, locale }: { grants: ProjectGrants; locale: string }) {
  const t = await getTranslations("grants");
  const { total, byCategory } = grants;
  const bars = [
    { key: "awarded", label: t("awarded"), won: total.awardedWon, className: "chart__bar chart__bar--muted" },
    { key: "paid", label: t("paid"), won: total.paidWon, className: "chart__bar chart__bar--muted" },
    { key: "spent", label: t("spent"), won: total.spentWon, className: "chart__bar" },
    ...byCategory.filter((c) => c.spentWon > 0n).map((c) => ({ key: c.code, label: pick(locale, c.nameKo, c.nameEn).text, won: c.spentWon as bigint | null, className: "chart__bar" })),
  ];
  const max = bars.reduce((m, b) => (b.won !== null && b.won > m ? b.won : m), 0n);
  const rowHeight = 26;
  const width = 640;
  const labelWidth = 200;
  const barWidth = (won: bigint | null) => (won === null || max === 0n ? 0 : Number((won * 1000n) / max) / 1000) * (width - labelWidth - 140);
  const spent = total.spentWon;
  return (
    <figure className="chart" aria-labelledby="grant-chart-caption">
      <figcaption id="grant-chart-caption" className="chart__caption">{t("chartTitle")}</figcaption>
      <svg className="chart__svg" viewBox={`0 0 ${width} ${bars.length * rowHeight + 8}`} aria-hidden="true" focusable="false">
        {bars.map((b, i) => (
          <g key={b.key} transform={`translate(0, ${i * rowHeight + 4})`}>
            <text x={labelWidth - 8} y={rowHeight / 2 + 4} textAnchor="end" className="chart__label">{b.label.slice(0, 22)}</text>
            <rect x={labelWidth} y={3} width={Math.max(1, barWidth(b.won))} height={rowHeight - 8} className={b.className} />
            <text x={labelWidth + barWidth(b.won) + 6} y={rowHeight / 2 + 4} className="chart__value">{b.won === null ? t("unknown") : formatWon(b.won, locale)}</text>
          </g>
        ))}
      </svg>
      {spent === 0n && <p className="text-subtle">{t("noSpending")}</p>}
      <DataTable caption={t("chartTable")} captionHidden variant="compact">
        <thead>
          <tr>
            <th scope="col">{t("category")}</th>
            <th scope="col">{t("kind")}</th>
            <th scope="col" className="num">{t("spent")}</th>
            <th scope="col" className="num">{t("shareOfSpent")}</th>
            <th scope="col" className="num">{t("shareOfAwarded")}</th>
          </tr>
        </thead>
        <tbody>
          {byCategory.map((c) => (
            <tr key={c.code}>
              <th scope="row">{pick(locale, c.nameKo, c.nameEn).text}</th>
              <td>{t(`kind${c.kind}`)}</td>
              <td className="num" title={formatWonExact(c.spentWon, locale)}>{formatWon(c.spentWon, locale)}</td>
              <td className="num">{formatShare(spent === 0n ? null : Number((c.spentWon * 1_000_000n) / spent) / 1_000_000, locale, t("noRatio"))}</td>
              <td className="num">{formatShare(total.awardedWon ? Number((c.spentWon * 1_000_000n) / total.awardedWon) / 1_000_000 : null, locale, t("noRatio"))}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("spent")}</th>
            <td />
            <td className="num" title={formatWonExact(spent, locale)}>{formatWon(spent, locale)}</td>
            <td className="num">{formatShare(spent === 0n ? null : 1, locale, t("noRatio"))}</td>
            <td className="num">{formatShare(grants.burn.spentOfAwarded, locale, t("noRatio"))}</td>
          </tr>
        </tfoot>
      </DataTable>
    </figure>
  );
}
