import { getTranslations } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { Badge } from "@/components/ui/badge";
import type { WorkspaceProjectRow } from "@/lib/data/workspace-projects";
import { formatWon } from "@/lib/format/money";
import { formatPeriod } from "@/lib/format/period";
import { Link } from "@/components/ui/link";
import { DataTable } from "@/components/ui/data-table";

export async function ProjectTable({ rows, locale, caption }: { rows: WorkspaceProjectRow[]; locale: string; caption: string }) {
  const t = await getTranslations("manage");
  const tq = await getTranslations("quality");
  return (
    <DataTable caption={caption} captionHidden>
      <thead>
        <tr>
          <th scope="col">{t("columns.title")}</th>
          <th scope="col">{t("fields.publication")}</th>
          <th scope="col">{t("columns.period")}</th>
          <th scope="col" className="num">{t("columns.funding")}</th>
          <th scope="col">{t("qualitySection")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <th scope="row"><Link href={`/manage/projects/${r.id}`}>{pick(locale, r.titleKo, r.titleEn).text}</Link></th>
            <td><Badge tone={r.publication === "PUBLISHED" ? "success" : "gray"} size="sm">{t(`publication.${r.publication}` as "publication.DRAFT")}</Badge></td>
            <td className="nowrap num">{formatPeriod(r.periodStart, r.periodEnd, locale)}</td>
            <td className="num">{r.governmentTotalWon === null ? "—" : formatWon(r.governmentTotalWon, locale)}<span className="desc-list__note">{r.programNameKo ?? t("noProgram")}</span></td>
            <td>{r.qualityFlags.length === 0 ? "—" : r.qualityFlags.map((c) => <Badge key={c} tone="warning" size="sm">{tq(`code.${c}` as "code.DURATION_MISMATCH")}</Badge>)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
