"use client";

import NextLink from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { pathWithoutLocale } from "@/components/layout/locale-path";
import { routing, type Locale } from "@/lib/i18n/routing";

type Labels = { label: string } & Record<Locale, string>;

/**
 * 한국어 / English links to the same page in the other language, keeping the path and the
 * query string (search terms, filters, page). Both languages stay visible; the current one
 * carries aria-current. Each link names its language in that language (lang, hrefLang).
 * The labels come from the server (site-header.tsx): no message formatter on public pages.
 */
export function LanguageSwitcher({ locale, labels }: { locale: string; labels: Labels }) {
  return (
    // useSearchParams needs a Suspense boundary on statically rendered pages; until the
    // query is known the links keep only the path.
    <Suspense fallback={<LanguageLinks search="" locale={locale} labels={labels} />}>
      <LanguageLinksWithQuery locale={locale} labels={labels} />
    </Suspense>
  );
}

function LanguageLinksWithQuery(props: { locale: string; labels: Labels }) {
  const searchParams = useSearchParams();
  return <LanguageLinks search={searchParams.toString()} {...props} />;
}

function LanguageLinks({ search, locale: current, labels }: { search: string; locale: string; labels: Labels }) {
  const path = pathWithoutLocale(usePathname());
  const hrefOf = (locale: Locale) => `/${locale}${path === "/" ? "" : path}${search ? `?${search}` : ""}`;

  return (
    <nav className="lang-switcher" aria-label={labels.label}>
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
            <NextLink
              className="lang-switcher__link"
              href={hrefOf(locale)}
              hrefLang={locale}
              lang={locale}
              // Another language is another document (html lang, metadata): load it in full.
              prefetch={false}
              aria-current={locale === current ? "true" : undefined}
            >
              {labels[locale]}
            </NextLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
