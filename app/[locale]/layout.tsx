import type { Metadata } from "next";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { SiteShell } from "@/components/layout/site-shell";
import { routing } from "@/lib/i18n/routing";
// Pretendard Variable, self-hosted and split by unicode-range (see app/fonts/pretendard).
import "../fonts/pretendard/pretendard-variable.css";
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
