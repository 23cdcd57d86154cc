import { ActionButton } from "@/components/notifications/action-button";
import { pick } from "@/lib/i18n/localized";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listNotifications } from "@/lib/data/notifications";
import { Link } from "@/components/ui/link";
import { formatDay } from "@/lib/reminders/email";
import { notificationsMetadata, openNotificationsPage, type NotificationsPageProps } from "./page-setup";
import { markAllNotificationsReadAction, markNotificationReadAction } from "./actions";

export const generateMetadata = notificationsMetadata("notifications");

export default async function NotificationsPage(props: NotificationsPageProps) {
  const { locale, actor, page, t, tm } = await openNotificationsPage(props);
  const result = await listNotifications(actor, { page });
  const mailLocale = locale === "en" ? "en" : "ko";
  const time = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ko-KR", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" });
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("title") }]}
        title={t("title")}
        description={t("intro")}
        actions={<Link className="btn btn--secondary" href="/manage/notifications/preferences">{t("preferencesLink")}</Link>}
      />
      <div className="container section stack">
        <div className="btn-group">
          <p className="text-sm" role="status">{t("unreadCount", { count: result.unread })}</p>
          {result.unread > 0 && <ActionButton action={markAllNotificationsReadAction} fields={{}} label={t("markAllRead")} />}
        </div>
        {result.items.length === 0 ? (
          <EmptyState title={t("empty")} />
        ) : (
          <ul className="notification-list" aria-label={t("listLabel")}>
            {result.items.map((n) => {
              const title = pick(locale, n.milestoneTitleKo, n.milestoneTitleEn).text;
              const href = `/manage/milestones/${n.milestoneId}?notification=${n.id}`;
              return (
                <li key={n.id} className={`notification${n.readAt ? "" : " notification--unread"}`}>
                  <div>
                    <p className="notification__meta text-sm">
                      <span className="sr-only">{n.readAt ? t("read") : t("unread")}: </span>
                      {t(`kind.${n.reminderKind}`, { days: n.days })} · {t("dueOn", { date: formatDay(mailLocale, n.dueDate) })}
                    </p>
                    <p className="notification__title">
                      {/* Opening the link marks the notification read: never prefetched. */}
                      <Link href={href} prefetch={false}>{title}</Link>
                    </p>
                    <p className="notification__meta text-sm">
                      {pick(locale, n.projectTitleKo, n.projectTitleEn).text} · <time dateTime={n.createdAt.toISOString()}>{time.format(n.createdAt)}</time>
                    </p>
                  </div>
                  <div className="btn-group">
                    <Link className="btn btn--primary btn--sm" href={`${href}#progress-heading`} prefetch={false}>{t("openMilestone")}<span className="sr-only">: {title}</span></Link>
                    {!n.readAt && <ActionButton action={markNotificationReadAction} fields={{ id: String(n.id) }} label={t("markRead")} />}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <Pagination page={result.page} pageCount={result.pageCount} hrefForPage={(p) => `/manage/notifications?page=${p}`} />
      </div>
    </>
  );
}
