import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { ChangePasswordForm, SignOutEverywhereForm } from "@/components/account/account-forms";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "account" });
  return { title: t("metaTitle"), robots: { index: false } };
}

/** The signed-in user's own account: password and sessions. */
export default async function AccountPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "session.own");
  const t = await getTranslations("account");
  const tm = await getTranslations("workspace.nav");
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } = env();
  return (
    <>
      <PageHeader breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("metaTitle") }]} title={t("title")} description={actor.email} />
      <div className="container">
        <div className="form-column">
          <section className="section" aria-labelledby="password-heading">
            <h2 id="password-heading" className="section__title">{t("password.title")}</h2>
            <p className="mt-4">{t("password.description")}</p>
            <div className="mt-4">
              <ChangePasswordForm action={changePasswordAction} />
            </div>
          </section>
          <section className="section" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" className="section__title">{t("sessions.title")}</h2>
            <p className="mt-4">{t("sessions.description", { idle: SESSION_IDLE_MINUTES, max: SESSION_MAX_HOURS })}</p>
            <div className="mt-4">
              <SignOutEverywhereForm action={signOutEverywhereAction} />
            </div>
          </section>
        </div>
      </div>
    </>
  );
}
