import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { clientMessages, PUBLIC_CLIENT_NAMESPACES } from "@/lib/i18n/client-messages";

/** The document around every page: skip link, header, main landmark, footer (layout and root 404). */
export async function SiteShell({ locale, children }: { locale: string; children: ReactNode }) {
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
            {children}
          </main>
          <SiteFooter />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
