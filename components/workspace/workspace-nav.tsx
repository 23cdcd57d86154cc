import { getTranslations } from "next-intl/server";
import { Link } from "@/components/ui/link";
import type { Role } from "@/lib/permissions";

/** The workspace's own menu, below the site header: what the signed-in role can open. */
export async function WorkspaceNav({ actor, label, unread }: { actor: { name: string; role: Role }; label: string; unread: number }) {
  const t = await getTranslations("workspace");
  const tn = await getTranslations("notifications");
  const items: { href: string; label: string; roles: Role[] }[] = [
    { href: "/manage", label: t("nav.home"), roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"] },
    { href: "/manage/dashboard", label: t("nav.dashboard"), roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"] },
    { href: "/manage/milestones", label: t("nav.milestones"), roles: ["ADMIN", "PROGRAM_MANAGER"] },
    { href: "/manage/projects", label: t("nav.projects"), roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"] },
    { href: "/manage/import", label: t("nav.import"), roles: ["ADMIN", "PROGRAM_MANAGER"] },
    { href: "/manage/quality", label: t("nav.quality"), roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"] },
    { href: "/admin/users", label: t("nav.users"), roles: ["ADMIN"] },
    { href: "/admin/notifications", label: t("nav.notificationsAdmin"), roles: ["ADMIN"] },
    { href: "/manage/account", label: t("nav.account"), roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"] },
  ];
  return (
    <nav className="workspace-nav" aria-label={label}>
      <div className="container workspace-nav__inner">
        <ul className="workspace-nav__list">
          {items.filter((i) => i.roles.includes(actor.role)).map((i) => (
            <li key={i.href}><Link className="workspace-nav__link" href={i.href}>{i.label}</Link></li>
          ))}
        </ul>
        <div className="workspace-nav__end">
          {/* The count is in the link's name, so a screen reader hears "알림 3건 읽지 않음". */}
          <Link className="workspace-nav__link workspace-nav__notifications" href="/manage/notifications"
            aria-label={unread > 0 ? tn("navUnread", { count: unread }) : tn("navNone")}>
            {tn("navLabel")}
            {unread > 0 && <span className="notification-count" aria-hidden="true">{unread > 99 ? "99+" : unread}</span>}
          </Link>
          <p className="workspace-nav__who text-sm">
            {actor.name} · {t(`role.${actor.role}`)}
          </p>
        </div>
      </div>
    </nav>
  );
}
