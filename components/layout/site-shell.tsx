import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { preload } from "react-dom";
import { CORE_FONT_URLS, REST_FONT_STYLESHEET_URL } from "@/lib/fonts";
import { DeferredFonts } from "@/components/layout/deferred-fonts";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";

/** The document around every page: skip link, header, main landmark, footer (layout and root 404). */
export async function SiteShell({ locale, children }: { locale: string; children: ReactNode }) {
  const t = await getTranslations({ locale, namespace: "layout" });
  // The first view's fonts: Latin everywhere, the Korean subset where the page is Korean.
  preload(CORE_FONT_URLS.latin, { as: "font", type: "font/woff2", crossOrigin: "anonymous" });
  if (locale === "ko") preload(CORE_FONT_URLS.ko, { as: "font", type: "font/woff2", crossOrigin: "anonymous" });
  return (
    <html lang={locale}>
      <body>
        {/* No NextIntlClientProvider here: public pages have no client component that uses
            next-intl (components/ui/link.tsx), so its client stays out of their JavaScript. Forms
            that format messages have their own provider (the workspace layout, sign-in, setup). */}
        <a className="skip-link" href="#main">
          {t("skipLink")}
        </a>
        <SiteHeader />
        <main id="main" className="site-main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <DeferredFonts href={REST_FONT_STYLESHEET_URL} />
      </body>
    </html>
  );
}
