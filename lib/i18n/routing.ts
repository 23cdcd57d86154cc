import { defineRouting } from "next-intl/routing";

// The language is the first path segment (/ko/..., /en/...) so pages are linkable and cacheable.
export const routing = defineRouting({
  locales: ["ko", "en"],
  defaultLocale: "ko",
  localePrefix: "always",
  // Korean is the primary language: a visitor without a prefix lands on /ko, whatever the browser asks.
  localeDetection: false,
  // Nothing reads a locale cookie then, and a Set-Cookie on every public page would keep CDNs
  // from keeping them (docs/decisions/0022-page-cache.md).
  localeCookie: false,
});

export type Locale = (typeof routing.locales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (routing.locales as readonly string[]).includes(value);
}
