import { useTranslations } from "next-intl";
import { Link } from "@/components/ui/link";

/** Localized 404, shown for notFound() anywhere under /[locale] and for unknown paths (see [...rest]). */
export default function LocaleNotFound() {
  const t = useTranslations("layout.notFound");
  return (
    <div className="container">
      <div className="status-page">
        <p className="status-page__code">404</p>
        <h1 className="status-page__title">{t("title")}</h1>
        <p className="status-page__description">{t("description")}</p>
        <div className="btn-group">
          <Link className="btn btn--primary" href="/">
            {t("home")}
          </Link>
        </div>
      </div>
    </div>
  );
}
