import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import LocaleNotFound from "@/app/[locale]/not-found";
import { SiteShell } from "@/components/layout/site-shell";
import "./fonts/pretendard/pretendard-core.css";
import "./globals.css";

// The 404 for every URL that no route matches, including unknown paths under /ko and /en
// (/ko/no-such-page). Next.js serves these through this file with a real 404 status and
// server-rendered HTML. The language comes from the proxy (next-intl sets it per request);
// without a language prefix (e.g. /missing.txt) it is Korean.
//
// notFound() called inside a page renders app/[locale]/not-found.tsx instead.

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getLocale();
  const t = await getTranslations({ locale, namespace: "layout" });
  return {
    title: `${t("notFound.metaTitle")} | ${t("metadata.titleDefault")}`,
    description: t("metadata.description"),
  };
}

export default async function RootNotFound() {
  const locale = await getLocale();
  return (
    <SiteShell locale={locale}>
      <LocaleNotFound />
    </SiteShell>
  );
}
