import type { Metadata } from "next";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { SiteShell } from "@/components/layout/site-shell";
import { routing } from "@/lib/i18n/routing";
import { siteOrigin } from "@/lib/site-url";
// Pretendard Variable, self-hosted: the first view's subset here, the rest after the page has
// loaded (scripts/build-fonts.ts, components/layout/site-shell.tsx).
import "../fonts/pretendard/pretendard-core.css";
import "../globals.css";

type Props = {
  children: ReactNode;
  params: Promise<{ locale: string }>;
};

export function generateStaticParams() {
  return routing.locales.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "layout.metadata" });
  return {
    // Canonical and hreflang links must be absolute (search engines and Lighthouse ignore relative
    // ones): every page's relative alternates resolve against the configured origin.
    metadataBase: new URL(siteOrigin()),
    title: { default: t("titleDefault"), template: t("titleTemplate") },
    description: t("description"),
    applicationName: t("titleDefault"),
    formatDetection: { telephone: false },
  };
}

export default async function LocaleLayout({ children, params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  // The request's id (scripts/web-server.ts): the error page shows it as the reference, and every
  // server log line of this request carries it.
  const requestId = (await headers()).get("x-request-id");
  return (
    <SiteShell locale={locale}>
      {requestId && <meta name="keit-request-id" content={requestId} />}
      {children}
    </SiteShell>
  );
}
