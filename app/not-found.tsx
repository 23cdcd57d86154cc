import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import LocaleNotFound from "@/app/[locale]/not-found";
import { clientMessages, PUBLIC_CLIENT_NAMESPACES } from "@/lib/i18n/client-messages";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import "./fonts/pretendard/pretendard-variable.css";
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
  const t = await getTranslations({ locale, namespace: "layout" });

  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider messages={await clientMessages(PUBLIC_CLIENT_NAMESPACES)}>
          <a className="skip-link" href="#main">
            {t("skipLink")}
          </a>
          <SiteHeader />
          <main id="main" className="site-main" tabIndex={-1}>
            <LocaleNotFound />
          </main>
          <SiteFooter />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
