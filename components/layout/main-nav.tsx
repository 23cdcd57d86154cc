"use client";

import NextLink from "next/link";
import { usePathname } from "next/navigation";
import { pathWithoutLocale } from "@/components/layout/locale-path";

/**
 * Main-menu entries. `href` is a path without the language prefix. An entry is the current
 * page (aria-current="page") when the path equals `href`, and the current section
 * (aria-current="true") when the path starts with one of `sections`.
 */
export const NAV_ITEMS = [
  { key: "portfolio", href: "/", sections: ["/projects", "/institutions"] },
  { key: "compare", href: "/compare", sections: [] },
  { key: "statistics", href: "/statistics", sections: [] },
] as const;

export type NavKey = (typeof NAV_ITEMS)[number]["key"];

function currentState(pathname: string, href: string, sections: readonly string[]) {
  if (pathname === href) return "page" as const;
  const inSection = sections.some((s) => pathname === s || pathname.startsWith(`${s}/`));
  return inSection ? ("true" as const) : undefined;
}

/**
 * The site's main menu, below the header bar; marks the current page or section. The labels come
 * from the server (site-header.tsx), so that public pages load no message formatter
 * (docs/decisions/0023-first-load.md).
 */
export function MainNav({ locale, label, labels }: { locale: string; label: string; labels: Record<NavKey, string> }) {
  const pathname = pathWithoutLocale(usePathname());
  return (
    <nav className="main-nav" aria-label={label}>
      <div className="container">
        <ul className="main-nav__list">
          {NAV_ITEMS.map((item) => (
            <li key={item.key}>
              <NextLink
                href={item.href === "/" ? `/${locale}` : `/${locale}${item.href}`}
                className="main-nav__link"
                aria-current={currentState(pathname, item.href, item.sections)}
                // The menu is on every page: prefetching its targets would make each visit cost the
                // server three more renders and the browser their payloads (issue #10).
                prefetch={false}
              >
                {labels[item.key]}
              </NextLink>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
