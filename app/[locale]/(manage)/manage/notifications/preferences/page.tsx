import { EmailTable } from "@/components/notifications/email-table";
import { PreferencesForm } from "@/components/notifications/preferences-form";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listMyEmails } from "@/lib/data/email-outbox";
import { getNotificationPreferences } from "@/lib/data/notifications";
import { reminderSettings } from "@/lib/reminders/settings";
import { notificationsMetadata, openNotificationsPage, type NotificationsPageProps } from "../page-setup";
import { saveNotificationPreferencesAction } from "../actions";
import { SectionHeader } from "@/components/ui/section-header";

export const generateMetadata = notificationsMetadata("notifications.preferences");

export default async function NotificationPreferencesPage(props: NotificationsPageProps) {
  const { actor, page, t, tm } = await openNotificationsPage(props);
  const [saved, emails] = await Promise.all([getNotificationPreferences(actor), listMyEmails(actor, { page })]);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("title"), href: "/manage/notifications" }, { label: t("preferences.title") }]}
        title={t("preferences.title")}
        description={t("preferences.intro")}
      />
      <div className="container">
        <section className="section">
          <PreferencesForm action={saveNotificationPreferencesAction} saved={saved} offsets={reminderSettings().offsetsDays.join(", ")} />
        </section>
        <section className="section" aria-labelledby="deliveries-heading">
          <SectionHeader id="deliveries-heading" title={t("preferences.deliveries")} />
          <p className="text-sm">{t("preferences.deliveriesIntro")}</p>
          {emails.items.length === 0
            ? <EmptyState title={t("preferences.deliveriesEmpty")} headingLevel={3} />
            : <EmailTable emails={emails.items} caption={t("preferences.deliveries")} showRecipient={false} />}
          <Pagination page={emails.page} pageCount={emails.pageCount} hrefForPage={(p) => `/manage/notifications/preferences?page=${p}`} />
        </section>
      </div>
    </>
  );
}
