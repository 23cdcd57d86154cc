import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { FirstAdminForm } from "@/components/setup/first-admin-form";
import { PageHeader } from "@/components/ui/page-header";
import { clientMessages, PUBLIC_CLIENT_NAMESPACES } from "@/lib/i18n/client-messages";
import { setupTokenState } from "@/lib/data/setup";
import { Link } from "@/components/ui/link";
import { createFirstAdministratorAction } from "./actions";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "auth.setup" });
  return { title: t("metaTitle"), robots: { index: false, follow: false } };
}

/**
 * The one-time setup link printed by a server that starts on a database without an administrator
 * (lib/server/startup.ts): the form only while the token is valid and no administrator exists.
 */
export default async function SetupPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw : "";
  const state = await setupTokenState(token);
  const t = await getTranslations("auth.setup");

  return (
    <>
      <PageHeader title={t("title")} description={state === "valid" ? t("description") : undefined} breadcrumbs={[{ label: t("metaTitle") }]} />
      <div className="container section">
        <div className="auth-layout">
          <div className="auth-card">
            {state === "valid" ? (
              <NextIntlClientProvider messages={await clientMessages(PUBLIC_CLIENT_NAMESPACES)}>
                <FirstAdminForm action={createFirstAdministratorAction} token={token} />
              </NextIntlClientProvider>
            ) : state === "adminExists" ? (
              <div className="callout callout--info" role="status">
                <p className="callout__title">{t("adminExistsTitle")}</p>
                <p>{t("adminExists")}</p>
                <p><Link className="btn btn--primary" href="/login">{t("signIn")}</Link></p>
              </div>
            ) : (
              <div className="callout callout--danger" role="alert">
                <p className="callout__title">{t("invalidTitle")}</p>
                <p>{t("invalid")}</p>
                <p>{t("invalidHelp")}</p>
              </div>
            )}
          </div>
          {state === "valid" && (
            <aside className="callout callout--info auth-layout__aside" aria-labelledby="setup-help">
              <h2 id="setup-help" className="callout__title">{t("helpTitle")}</h2>
              <p>{t("help")}</p>
            </aside>
          )}
        </div>
      </div>
    </>
  );
}
