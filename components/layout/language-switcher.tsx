"use client";

import { useLocale, useTranslations } from "next-intl";
import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { Link, usePathname } from "@/lib/i18n/navigation";
import { routing, type Locale } from "@/lib/i18n/routing";

/**
 * 한국어 / English links to the same page in the other language, keeping the path and the
 * query string (search terms, filters, page). Both languages stay visible; the current one
 * carries aria-current. Each link names its language in that language (lang, hrefLang).
 */
export function LanguageSwitcher() {
  return (
    // useSearchParams needs a Suspense boundary on statically rendered pages; until the
    // query is known the links keep only the path.
    <Suspense fallback={<LanguageLinks search="" />}>
      <LanguageLinksWithQuery />
    </Suspense>
  );
}

function LanguageLinksWithQuery() {
  const searchParams = useSearchParams();
  return <LanguageLinks search={searchParams.toString()} />;
}

function LanguageLinks({ search }: { search: string }) {
  const t = useTranslations("layout.language");
  const current = useLocale();
  const pathname = usePathname();
  const href = search ? `${pathname}?${search}` : pathname;

  return (
    <nav className="lang-switcher" aria-label={t("label")}>
      <svg className="lang-switcher__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          d="M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 0c2.5 2.6 3.7 5.6 3.7 9s-1.2 6.4-3.7 9m0-18C9.5 5.6 8.3 8.6 8.3 12s1.2 6.4 3.7 9M3.5 9h17M3.5 15h17"
        />
      </svg>
      <ul className="lang-switcher__list">
        {routing.locales.map((locale: Locale) => (
          <li
            key={locale}
            className={locale === current ? "lang-switcher__item lang-switcher__item--current" : "lang-switcher__item"}
          >
            <Link
              className="lang-switcher__link"
              href={href}
              locale={locale}
              hrefLang={locale}
              lang={locale}
              aria-current={locale === current ? "true" : undefined}
            >
              {t(locale)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
