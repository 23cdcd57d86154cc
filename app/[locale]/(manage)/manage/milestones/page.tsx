import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import { Badge, MilestoneStatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { MilestoneProgressForm } from "@/components/workspace/milestone-progress-form";
import { listMyMilestones, shownMilestoneValues } from "@/lib/data/milestones";
import { partialDateInput } from "@/lib/format/partial-date";
import { formatDateWithPrecision } from "@/lib/format/period";
import { Link } from "@/components/ui/link";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { updateMilestoneProgressAction } from "./actions";
import { SectionHeader } from "@/components/ui/section-header";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ page?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "manage" });
  return { title: t("milestonesTitle"), robots: { index: false } };
}

const BUCKETS = ["overdue", "soon", "later", "undated"] as const;

export default async function MyMilestonesPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "milestone.update");
  const page = Number((await searchParams).page) || 1;
  const t = await getTranslations("manage");
  const result = await listMyMilestones(actor, { page });
  const byBucket = (b: (typeof BUCKETS)[number]) => result.items.filter((m) => m.bucket === b);

  return (
    <>
      <PageHeader breadcrumbs={[{ label: t("home"), href: "/manage" }, { label: t("milestonesTitle") }]} title={t("milestonesTitle")} description={t("milestonesIntro", { total: result.total })} />
      <div className="container section">
        {result.items.length === 0 && <EmptyState title={t("milestonesEmptyTitle")} description={t("milestonesEmpty")} />}
        {BUCKETS.map((bucket) => {
          const items = byBucket(bucket);
          if (items.length === 0) return null;
          return (
            <section key={bucket} className="section" aria-labelledby={`bucket-${bucket}`}>
              <SectionHeader id={`bucket-${bucket}`} title={<>{t(`bucket.${bucket}`)} <span className="text-subtle">({items.length})</span></>} />
              <ul className="card-list">
                {items.map((m) => {
                  const titleId = `milestone-${m.id}-title`;
                  const unit = (locale === "en" ? (m.unitEn ?? m.unitKo) : m.unitKo) ?? "";
                  return (
                    <li key={m.id} className="card" data-testid={`milestone-${m.id}`}>
                      <p className="card__eyebrow">
                        <Link href={`/manage/projects/${m.projectId}`}><LocalizedText locale={locale} ko={m.projectTitleKo} en={m.projectTitleEn} /></Link>
                      </p>
                      <h3 className="card__title" id={titleId}><LocalizedText locale={locale} ko={m.titleKo} en={m.titleEn} /></h3>
                      <div className="badge-list">
                        <MilestoneStatusBadge status={m.status} size="sm" />
                        {m.dueDate && m.duePrecision
                          ? <Badge tone={bucket === "overdue" ? "danger" : bucket === "soon" ? "warning" : "gray"} size="sm">{t("due", { date: formatDateWithPrecision(m.dueDate, m.duePrecision, locale) })}</Badge>
                          : <Badge tone="gray" size="sm" plain>{t("noDue")}</Badge>}
                        {m.targetValue && <Badge tone="gray" size="sm" plain>{t("target", { value: `${m.targetValue}${unit ? ` ${unit}` : ""}` })}</Badge>}
                      </div>
                      <MilestoneProgressForm
                        titleId={titleId}
                        action={updateMilestoneProgressAction}
                        milestone={{
                          id: m.id, version: m.version, status: m.status, actualValue: m.actualValue ?? "", achieved: partialDateInput(m.achievedDate, m.achievedPrecision),
                          evidence: (locale === "en" ? m.evidenceEn : m.evidenceKo) ?? "", unit,
                          shown: JSON.stringify(shownMilestoneValues(m)),
                        }}
                      />
                      <p className="text-sm mt-4"><Link href={`/manage/milestones/${m.id}`}>{t("historyLink")}</Link></p>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
        <Pagination page={result.page} pageCount={result.pageCount} hrefForPage={(p) => `/manage/milestones${p > 1 ? `?page=${p}` : ""}`} />
      </div>
    </>
  );
}
