import { getLocale, getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { MainNav } from "@/components/layout/main-nav";
import { getActor } from "@/lib/auth";
import { logUnexpected } from "@/lib/errors";
import { Link } from "@/components/ui/link";

/**
 * The site header: brand, account area and language switch, then the main menu. A server
 * component, so that the account area knows who is signed in (getActor reads the session from
 * the database) without sending anything about the session to the browser beforehand.
 */
export async function SiteHeader() {
  const t = await getTranslations("layout");
  const ta = await getTranslations("auth.header");
  const locale = await getLocale();
  // The header must render even when the session cannot be read (the 404 and error pages use it).
  const actor = await getActor().catch((error: unknown) => {
    logUnexpected(error, "SiteHeader getActor");
    return null;
  });

  return (
    <header className="site-header">
      <div className="masthead">
        <div className="container masthead__inner">
          <p>{t("masthead")}</p>
        </div>
      </div>

      <div className="container site-header__bar">
        <Link href="/" className="site-brand">
          <BrandMark />
          <span className="site-brand__text">
            <span className="site-brand__agency">{t("header.agency")}</span>
            <span className="site-brand__name">{t("header.siteName")}</span>
          </span>
        </Link>
        <div className="site-header__utility">
          <nav className="site-account" aria-label={ta("label")}>
            {actor ? (
              <>
                <span className="site-account__name">{ta("signedInAs", { name: actor.name })}</span>
                <Link className="btn btn--secondary btn--sm" href="/manage">{ta("workspace")}</Link>
                <SignOutButton locale={locale} label={ta("signOut")} pendingLabel={ta("signingOut")} />
              </>
            ) : (
              <Link className="btn btn--tertiary btn--sm" href="/login" prefetch={false}>{ta("signIn")}</Link>
            )}
          </nav>
          <LanguageSwitcher locale={locale} labels={{ label: t("language.label"), ko: t("language.ko"), en: t("language.en") }} />
        </div>
      </div>

      <MainNav
        locale={locale}
        label={t("nav.label")}
        labels={{ portfolio: t("nav.portfolio"), compare: t("nav.compare"), statistics: t("nav.statistics") }}
      />
    </header>
  );
}

/** Service mark: three rising bars on KRDS primary blue. Decorative; the link has a name. */
function BrandMark() {
  return (
    <svg className="site-brand__mark" viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="8" fill="#256ef4" />
      <rect x="9" y="22" width="6" height="9" rx="1.5" fill="#fff" opacity="0.7" />
      <rect x="17" y="16" width="6" height="15" rx="1.5" fill="#fff" opacity="0.85" />
      <rect x="25" y="9" width="6" height="22" rx="1.5" fill="#fff" />
    </svg>
  );
}
