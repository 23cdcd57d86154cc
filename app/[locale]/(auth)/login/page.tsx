import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { PageHeader } from "@/components/ui/page-header";
import { clientMessages, PUBLIC_CLIENT_NAMESPACES } from "@/lib/i18n/client-messages";
import { getActor } from "@/lib/auth";
import { Link } from "@/components/ui/link";
import { safeCallbackPath } from "@/lib/validations/sign-in";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "auth.login" });
  return {
    title: t("metaTitle"),
    description: t("metaDescription"),
    robots: { index: false },
    alternates: { languages: { ko: "/ko/login", en: "/en/login" } },
  };
}

/** Sign-in for the workspace. Whoever is signed in already goes straight on to where they were headed. */
export default async function LoginPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const callbackUrl = (await searchParams).callbackUrl;
  // Only a path on this site (?callbackUrl=https://evil.example lands in the workspace instead),
  // and never this page itself, which would send a signed-in user round in circles.
  const workspace = `/${locale}/manage`;
  const target = safeCallbackPath(typeof callbackUrl === "string" ? callbackUrl : undefined, workspace);
  const redirectTo = /^\/(ko|en)\/login(?:[/?#]|$)/.test(target) ? workspace : target;
  if (await getActor()) redirect(redirectTo);
  const t = await getTranslations("auth.login");

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} breadcrumbs={[{ label: t("metaTitle") }]} />
      <div className="container section">
        <div className="auth-layout">
          <div className="auth-card">
            <NextIntlClientProvider messages={await clientMessages(PUBLIC_CLIENT_NAMESPACES)}>
              <SignInForm redirectTo={redirectTo} />
            </NextIntlClientProvider>
          </div>
          <aside className="callout callout--info auth-layout__aside" aria-labelledby="signin-help">
            <h2 id="signin-help" className="callout__title">{t("helpTitle")}</h2>
            <p>{t("help")}</p>
            <p>
              {t("publicNote")}{" "}
              <Link className="link" href="/">{t("publicLink")}</Link>
            </p>
          </aside>
        </div>
      </div>
    </>
  );
}
