import { useTranslations } from "next-intl";

/**
 * Site footer: service and agency name and a note on where the figures come from.
 * No address or contact details. Add links here (e.g. open data) only once the pages exist.
 */
export function SiteFooter() {
  const t = useTranslations("layout.footer");

  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p className="site-footer__name">{t("siteName")}</p>
        <p className="site-footer__agency">{t("agency")}</p>
        <p className="site-footer__note">{t("sourceNote")}</p>
        <p className="site-footer__note">{t("languageNote")}</p>
      </div>
    </footer>
  );
}
