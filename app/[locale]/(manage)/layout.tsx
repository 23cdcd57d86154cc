import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import type { ReactNode } from "react";
import { WorkspaceNav } from "@/components/workspace/workspace-nav";
import { getActor } from "@/lib/auth";
import { countUnreadNotifications } from "@/lib/data/notifications";
import { clientMessages, WORKSPACE_CLIENT_NAMESPACES } from "@/lib/i18n/client-messages";

// The workspace of program managers, reviewers and admins. Every page and data function checks
// the actor itself; this layout only adds the workspace navigation for a signed-in user.
export default async function ManageLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await getActor();
  const t = await getTranslations("workspace");
  const unread = actor ? await countUnreadNotifications(actor) : 0;
  return (
    <NextIntlClientProvider messages={await clientMessages(WORKSPACE_CLIENT_NAMESPACES)}>
      <div className="workspace">
        {actor && <WorkspaceNav actor={{ name: actor.name, role: actor.role }} label={t("navLabel")} unread={unread} />}
        {children}
      </div>
    </NextIntlClientProvider>
  );
}
