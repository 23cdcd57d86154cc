"use client";

import { useTranslations } from "next-intl";
import { Link, usePathname } from "@/lib/i18n/navigation";

/**
 * Main-menu entries. `href` is a path without the language prefix. An entry is the current
 * page (aria-current="page") when the path equals `href`, and the current section
 * (aria-current="true") when the path starts with one of `sections`.
 */
const NAV_ITEMS = [
  { key: "portfolio", href: "/", sections: ["/projects", "/institutions"] },
  { key: "compare", href: "/compare", sections: [] },
  { key: "statistics", href: "/statistics", sections: [] },
] as const;

function currentState(pathname: string, href: string, sections: readonly string[]) {
  if (pathname === href) return "page" as const;
  const inSection = sections.some((s) => pathname === s || pathname.startsWith(`${s}/`));
  return inSection ? ("true" as const) : undefined;
}

/** The site's main menu, below the header bar; marks the current page or section. */
export function MainNav() {
  const t = useTranslations("layout");
  const pathname = usePathname();
  return (
    <nav className="main-nav" aria-label={t("nav.label")}>
      <div className="container">
        <ul className="main-nav__list">
          {NAV_ITEMS.map((item) => (
            <li key={item.key}>
              <Link href={item.href} className="main-nav__link" aria-current={currentState(pathname, item.href, item.sections)}>
                {t(`nav.${item.key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
