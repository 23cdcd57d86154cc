import { defineRouting } from "next-intl/routing";

// The language is the first path segment (/ko/..., /en/...) so pages are linkable and cacheable.
export const routing = defineRouting({
  locales: ["ko", "en"],
  defaultLocale: "ko",
  localePrefix: "always",
  // Korean is the primary language: a visitor without a prefix lands on /ko, whatever the browser asks.
  localeDetection: false,
});

export type Locale = (typeof routing.locales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (routing.locales as readonly string[]).includes(value);
}
