import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatWon } from "@/lib/format/money";
import { formatMonth } from "@/lib/format/period";
import type { QualityFlag } from "@/lib/quality/checks";

/** The data-quality flags of one project, in words, for program managers (never on public pages). */
export async function QualityFlags({ flags, locale, periodStart, periodEnd, milestoneTitle }: {
  flags: QualityFlag[]; locale: string; periodStart: Date; periodEnd: Date; milestoneTitle: (id: number) => string;
}) {
  const t = await getTranslations("quality");
  if (flags.length === 0) return <p className="text-subtle">{t("none")}</p>;
  const text = (f: QualityFlag): string => {
    switch (f.code) {
      case "DURATION_MISMATCH":
        return t(f.code, { published: f.published, computed: f.computed, start: formatMonth(periodStart, locale), end: formatMonth(periodEnd, locale) });
      case "SUB_PROJECT_COUNT_MISMATCH":
        return t(f.code, { published: f.published, recorded: f.recorded });
      case "SUB_PROJECT_TOTAL_MISMATCH":
        return t(f.code, { publishedTotal: formatWon(f.publishedTotal, locale), subProjectSum: formatWon(f.subProjectSum, locale) });
      case "YEARLY_TOTAL_MISMATCH":
        return t(f.code, { publishedTotal: formatWon(f.publishedTotal, locale), yearlySum: formatWon(f.yearlySum, locale) });
      case "FUNDING_YEAR_OUTSIDE_PERIOD":
        return t(f.code, { fiscalYear: f.fiscalYear });
      case "MILESTONE_DUE_OUTSIDE_PERIOD":
      case "MILESTONE_OVERDUE":
      case "ACHIEVED_DATE_IN_FUTURE":
        return t(f.code, { title: milestoneTitle(f.milestoneId) });
      case "SUB_PROJECT_OUTSIDE_PERIOD":
      case "NO_LEAD_INSTITUTION":
        return t(f.code);
    }
  };
  return (
    <ul className="stack" data-testid="quality-flags">
      {flags.map((f, i) => (
        <li key={i} className={`callout ${f.severity === "warning" ? "callout--warning" : "callout--info"}`}>
          <p className="callout__title">
            <Badge tone={f.severity === "warning" ? "warning" : "information"} size="sm">{t(`severity.${f.severity}`)}</Badge> {t(`code.${f.code}`)}
          </p>
          <p>{text(f)}</p>
        </li>
      ))}
    </ul>
  );
}
