import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ActionButton } from "@/components/notifications/action-button";
import { EmailTable } from "@/components/notifications/email-table";
import { pick } from "@/lib/i18n/localized";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listEmails } from "@/lib/data/email-outbox";
import { listNotificationRecipients } from "@/lib/data/notifications";
import { env } from "@/lib/env";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { pageQuerySchema } from "@/lib/validations/notifications";
import { retryEmailAction } from "./actions";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "notifications.admin" });
  return { title: t("title"), robots: { index: false } };
}

export default async function NotificationsAdminPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "notifications.manage");
  const { page } = pageQuerySchema.parse(await searchParams);
  const t = await getTranslations("notifications");
  const tw = await getTranslations("workspace");
  const [recipients, dead, outbox] = await Promise.all([
    listNotificationRecipients(actor),
    listEmails(actor, { deadOnly: true }),
    listEmails(actor, { page }),
  ]);
  const { SMTP_URL, OUTBOX_DIR } = env();
  const onOff = (value: boolean) => (value ? t("admin.on") : t("admin.off"));
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tw("nav.home"), href: "/manage" }, { label: t("admin.title") }]}
        title={t("admin.title")}
        description={t("admin.intro")}
      />
      <div className="container">
        <p className="callout callout--info">{SMTP_URL ? t("admin.transportSmtp") : t("admin.transportFile", { dir: OUTBOX_DIR })}</p>

        <section className="section" aria-labelledby="recipients-heading">
          <SectionHeader id="recipients-heading" title={t("admin.recipients")} />
          <p className="text-sm">{t("admin.recipientsIntro")}</p>
          <DataTable caption={t("admin.recipients")}>
            <thead>
              <tr>
                <th scope="col">{t("columns.user")}</th>
                <th scope="col">{t("columns.role")}</th>
                <th scope="col">{t("columns.programs")}</th>
                <th scope="col">{t("columns.reminders")}</th>
                <th scope="col">{t("columns.digest")}</th>
                <th scope="col">{t("columns.locale")}</th>
              </tr>
            </thead>
            <tbody>
              {recipients.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name} <span className="text-sm">({r.email})</span></th>
                  <td>{tw(`role.${r.role}`)}{r.isDisabled ? " ×" : ""}</td>
                  <td>
                    {[...r.programs.map((p) => pick(locale, p.nameKo, p.nameEn).text), ...(r.managesUnassignedProjects ? [t("admin.unassigned")] : [])].join(", ") || t("admin.noPrograms")}
                  </td>
                  <td>{r.receivesReminders || r.receivesEscalations ? onOff(r.emailReminders) : t("admin.noPrograms")}</td>
                  <td>{r.receivesDigest ? onOff(r.emailDigest) : t("admin.noPrograms")}</td>
                  <td>{r.locale === "en" ? "English" : "한국어"}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <Pagination page={recipients.page} pageCount={recipients.pageCount} hrefForPage={(p) => `/admin/notifications?page=${p}`} />
        </section>

        <section className="section" aria-labelledby="dead-heading">
          <SectionHeader id="dead-heading" title={t("admin.deadLetters")} />
          {dead.items.length === 0
            ? <EmptyState title={t("admin.deadLettersEmpty")} headingLevel={3} />
            : (
              <EmailTable emails={dead.items} caption={t("admin.deadLetters")} showRecipient
                actions={(e) => <ActionButton action={retryEmailAction} fields={{ id: String(e.id) }} label={t("admin.retry")} />} />
            )}
        </section>

        <section className="section" aria-labelledby="outbox-heading">
          <SectionHeader id="outbox-heading" title={t("admin.outbox")} />
          {outbox.items.length === 0
            ? <EmptyState title={t("admin.outboxEmpty")} headingLevel={3} />
            : (
              <EmailTable emails={outbox.items} caption={t("admin.outbox")} showRecipient
                actions={(e) => (e.status === "SENT" && e.transport === "file"
                  ? <a href={`/api/admin/outbox/${e.id}`} download>{t("admin.download")}<span className="sr-only"> {e.deliveredRef}</span></a>
                  : null)} />
            )}
          <Pagination page={outbox.page} pageCount={outbox.pageCount} hrefForPage={(p) => `/admin/notifications?page=${p}`} />
        </section>
      </div>
    </>
  );
}
