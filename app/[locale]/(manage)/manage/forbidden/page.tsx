import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { Link } from "@/components/ui/link";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "auth.forbidden" });
  return { title: t("metaTitle"), robots: { index: false } };
}

/**
 * Where requirePageActor sends a signed-in user whose role lacks a page's permission. It shows
 * nothing of the page they asked for, so it needs no permission itself.
 */
export default async function ForbiddenPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("auth.forbidden");
  return (
    <div className="container">
      <div className="status-page">
        <p className="status-page__code">{t("code")}</p>
        <h1 className="status-page__title">{t("title")}</h1>
        <p className="status-page__description">{t("description")}</p>
        <div className="btn-group">
          <Link className="btn btn--primary" href="/manage">{t("workspace")}</Link>
          <Link className="btn btn--tertiary" href="/">{t("home")}</Link>
        </div>
      </div>
    </div>
  );
}
