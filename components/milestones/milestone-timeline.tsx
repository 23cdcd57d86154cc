import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import { Badge, MilestoneStatusBadge, timelineItemClass } from "@/components/ui/badge";
import type { PublicMilestone } from "@/lib/data/public-projects";
import { formatDateWithPrecision } from "@/lib/format/period";

function metric(value: string, unit: string | null | undefined, locale: string): string {
  const [whole = "0", fraction] = value.split(".");
  const grouped = new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-GB").format(BigInt(whole));
  const trimmed = fraction?.replace(/0+$/, "");
  return `${grouped}${trimmed ? `.${trimmed}` : ""}${unit ? ` ${unit}` : ""}`;
}

/** Milestones in their recorded order, each with target vs actual where the source gives them. */
export async function MilestoneTimeline({ milestones, locale }: { milestones: PublicMilestone[]; locale: string }) {
  const t = await getTranslations("project");
  const te = await getTranslations("enums");
  if (milestones.length === 0) return <p className="text-subtle">{t("milestonesEmpty")}</p>;
  return (
    <ol className="timeline">
      {milestones.map((m) => {
        const unit = locale === "en" ? (m.unitEn ?? m.unitKo) : m.unitKo;
        const target = m.targetValue ? metric(m.targetValue, unit, locale) : null;
        const actual = m.actualValue ? metric(m.actualValue, unit, locale) : null;
        const when = m.achievedDate && m.achievedPrecision
          ? `${t("achieved")} ${formatDateWithPrecision(m.achievedDate, m.achievedPrecision, locale)}`
          : m.dueDate && m.duePrecision
            ? `${t("due")} ${formatDateWithPrecision(m.dueDate, m.duePrecision, locale)}`
            : t("dateUnknown");
        return (
          <li key={m.id} className={timelineItemClass(m.status)}>
            <div className="timeline__header">
              <span className="timeline__date">{when}</span>
              <MilestoneStatusBadge status={m.status} size="sm" />
              <Badge tone="gray" size="sm" plain>{te(`milestoneKind.${m.kind}`)}</Badge>
            </div>
            <h3 className="timeline__title">
              <LocalizedText locale={locale} ko={m.titleKo} en={m.titleEn} />
            </h3>
            {(m.descriptionKo || m.descriptionEn) && (
              <p className="timeline__body"><LocalizedText locale={locale} ko={m.descriptionKo} en={m.descriptionEn} /></p>
            )}
            {(target || actual) && (
              <p className="timeline__body num" data-testid="milestone-metric">
                {target && actual && m.achievementPercent !== null
                  ? t("targetVsActual", { target, actual, percent: m.achievementPercent })
                  : target && actual
                    ? `${t("targetOnly", { target })} → ${t("actualOnly", { actual })}`
                    : target
                      ? t("targetOnly", { target })
                      : t("actualOnly", { actual: actual ?? "" })}
              </p>
            )}
            {(m.evidenceKo || m.evidenceEn) && (
              <p className="timeline__meta">
                {t("evidence")}: <LocalizedText locale={locale} ko={m.evidenceKo} en={m.evidenceEn} />
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
