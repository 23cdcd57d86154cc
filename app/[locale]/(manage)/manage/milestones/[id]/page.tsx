import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { LocalizedText } from "@/components/projects/localized-text";
import { MilestoneStatusBadge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { HistoryList } from "@/components/workspace/history-list";
import { MilestoneProgressForm } from "@/components/workspace/milestone-progress-form";
import { getMilestoneHistory, getWorkspaceMilestone, shownMilestoneValues } from "@/lib/data/milestones";
import { markNotificationRead } from "@/lib/data/notifications";
import { isAppError } from "@/lib/errors";
import { notificationParamSchema } from "@/lib/validations/notifications";
import { partialDateInput } from "@/lib/format/partial-date";
import { Link } from "@/components/ui/link";
import { idParam, orNotFound } from "@/lib/server/page-params";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { updateMilestoneProgressAction } from "../actions";
import { SectionHeader } from "@/components/ui/section-header";

type Props = { params: Promise<{ locale: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("history"), robots: { index: false } };
}

export default async function MilestonePage({ params, searchParams }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const numeric = idParam(id);
  const milestone = await orNotFound(getWorkspaceMilestone(actor, numeric));
  // Opened from a notification (its links are never prefetched): that notification has been read.
  const { notification } = notificationParamSchema.parse(await searchParams);
  if (notification !== undefined) await markNotificationRead(actor, notification).catch((error: unknown) => {
    if (!isAppError(error)) throw error;
  });
  const history = await getMilestoneHistory(actor, numeric);
  const t = await getTranslations("manage");
  const title = pick(locale, milestone.titleKo, milestone.titleEn).text;
  const unit = (locale === "en" ? (milestone.unitEn ?? milestone.unitKo) : milestone.unitKo) ?? "";
  const achieved = partialDateInput(milestone.achievedDate, milestone.achievedPrecision);

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("milestonesTitle"), href: "/manage/milestones" }, { label: title }]}
        eyebrow={<Link href={`/manage/projects/${milestone.project.id}`}><LocalizedText locale={locale} ko={milestone.project.titleKo} en={milestone.project.titleEn} /></Link>}
        title={title}
        meta={<MilestoneStatusBadge status={milestone.status} />}
      />
      <div className="container">
        {milestone.canUpdate && (
          <section className="section" aria-labelledby="progress-heading">
            <SectionHeader id="progress-heading" title={t("recordProgress")} />
            <MilestoneProgressForm
              titleId="progress-heading"
              action={updateMilestoneProgressAction}
              milestone={{
                id: milestone.id, version: milestone.version, status: milestone.status, actualValue: milestone.actualValue ?? "",
                achieved, evidence: (locale === "en" ? milestone.evidenceEn : milestone.evidenceKo) ?? "", unit,
                shown: JSON.stringify(shownMilestoneValues(milestone)),
              }}
            />
          </section>
        )}
        <section className="section" aria-labelledby="history-heading">
          <SectionHeader id="history-heading" title={t("history")} />
          <HistoryList entries={history} emptyLabel={t("historyEmpty")} />
        </section>
      </div>
    </>
  );
}
