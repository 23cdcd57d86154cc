import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { pageQuerySchema } from "@/lib/validations/notifications";

// What the notifications list and the preferences page share: their props, their metadata (a
// title, never indexed) and their first steps (language, signed-in actor, page number, strings).

export type NotificationsPageProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** A notifications page's generateMetadata: the title of `namespace`, kept out of search engines. */
export function notificationsMetadata(namespace: "notifications" | "notifications.preferences") {
  return async ({ params }: Pick<NotificationsPageProps, "params">): Promise<Metadata> => {
    const { locale } = await params;
    const t = await getTranslations({ locale, namespace });
    return { title: t("title"), robots: { index: false } };
  };
}

/** Sets the request's language, requires workspace.read (else sign-in) and reads ?page=. */
export async function openNotificationsPage({ params, searchParams }: NotificationsPageProps) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "workspace.read");
  const { page } = pageQuerySchema.parse(await searchParams);
  const [t, tm] = await Promise.all([getTranslations("notifications"), getTranslations("manage")]);
  return { locale, actor, page, t, tm };
}
