"use client";

import { useTranslations } from "next-intl";
import { Link, usePathname } from "@/lib/i18n/navigation";
import { LanguageSwitcher } from "@/components/layout/language-switcher";

/**
 * Main-menu entries. `href` is a path without the language prefix. An entry is the current
 * page (aria-current="page") when the path equals `href`, and the current section
 * (aria-current="true") when the path starts with one of `sections`.
 */
const NAV_ITEMS = [{ key: "portfolio", href: "/", sections: ["/projects", "/institutions"] }] as const;

function currentState(pathname: string, href: string, sections: readonly string[]) {
  if (pathname === href) return "page" as const;
  const inSection = sections.some((s) => pathname === s || pathname.startsWith(`${s}/`));
  return inSection ? ("true" as const) : undefined;
}

export function SiteHeader() {
  const t = useTranslations("layout");
  const pathname = usePathname();

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
          <LanguageSwitcher />
        </div>
      </div>

      <nav className="main-nav" aria-label={t("nav.label")}>
        <div className="container">
          <ul className="main-nav__list">
            {NAV_ITEMS.map((item) => (
              <li key={item.key}>
                <Link
                  href={item.href}
                  className="main-nav__link"
                  aria-current={currentState(pathname, item.href, item.sections)}
                >
                  {t(`nav.${item.key}`)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </nav>
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
