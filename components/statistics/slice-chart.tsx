import { getTranslations } from "next-intl/server";
import type { Slice } from "@/lib/data/dashboard";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { DataTable } from "@/components/ui/data-table";

/**
 * Government funding by a dimension: a bar chart (decorative for assistive technology) followed
 * by the same figures as a table, which is what screen readers and printouts use.
 */
export async function SliceChart({ id, title, slices, label, locale }: {
  id: string; title: string; slices: Slice[]; label: (s: Slice) => string; locale: string;
}) {
  const t = await getTranslations("statistics");
  if (slices.length === 0) return <p className="text-subtle">{t("empty")}</p>;
  const max = slices.reduce((m, s) => (s.governmentWon > m ? s.governmentWon : m), 0n);
  const rowHeight = 26;
  const width = 640;
  const labelWidth = 200;
  const barWidth = (won: bigint) => (max === 0n ? 0 : Number((won * 1000n) / max) / 1000) * (width - labelWidth - 140);
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart__caption">{title}</figcaption>
      <svg className="chart__svg" viewBox={`0 0 ${width} ${slices.length * rowHeight + 8}`} aria-hidden="true" focusable="false">
        {slices.map((s, i) => (
          <g key={s.key} transform={`translate(0, ${i * rowHeight + 4})`}>
            <text x={labelWidth - 8} y={rowHeight / 2 + 4} textAnchor="end" className="chart__label">{label(s).slice(0, 22)}</text>
            <rect x={labelWidth} y={3} width={Math.max(1, barWidth(s.governmentWon))} height={rowHeight - 8} className="chart__bar" />
            <text x={labelWidth + barWidth(s.governmentWon) + 6} y={rowHeight / 2 + 4} className="chart__value">{formatWon(s.governmentWon, locale)}</text>
          </g>
        ))}
      </svg>
      <DataTable caption={t("tableOf", { title })} captionHidden variant="compact">
        <thead>
          <tr>
            <th scope="col">{t("item")}</th>
            <th scope="col" className="num">{t("projects")}</th>
            <th scope="col" className="num">{t("governmentWon")}</th>
            <th scope="col" className="num">{t("unknownFunding")}</th>
          </tr>
        </thead>
        <tbody>
          {slices.map((s) => (
            <tr key={s.key}>
              <th scope="row">{label(s)}</th>
              <td className="num">{s.projects.toLocaleString(locale === "ko" ? "ko-KR" : "en-GB")}</td>
              <td className="num" title={formatWonExact(s.governmentWon, locale)}>{formatWon(s.governmentWon, locale)}</td>
              <td className="num">{s.unknownFunding.toLocaleString(locale === "ko" ? "ko-KR" : "en-GB")}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </figure>
  );
}
