// Made by scripts/build-fonts.ts (npm run fonts:build); do not edit.
/** The first view's font files: preloaded by app/[locale]/layout.tsx. */
export const CORE_FONT_URLS = {
  latin: "/fonts/pretendard-1.3.9/pretendard-core-latin.4ea2635503.woff2",
  ko: "/fonts/pretendard-1.3.9/pretendard-core-ko.fbb9997ed8.woff2",
} as const;

/** Pretendard's remaining characters, added after the page has loaded. */
export const REST_FONT_STYLESHEET_URL = "/fonts/pretendard-1.3.9/pretendard-rest.9ae5c4937a.css";
