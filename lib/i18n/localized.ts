// Picks the field for the page's language; English pages fall back to the Korean text (marked
// lang="ko" by the caller) where no English is recorded, rather than showing nothing.
export function pick(locale: string, ko: string, en: string | null | undefined): { text: string; lang: "ko" | "en" } {
  if (locale === "en" && en) return { text: en, lang: "en" };
  return { text: ko, lang: "ko" };
}

export function pickOptional(locale: string, ko: string | null | undefined, en: string | null | undefined) {
  if (!ko && !en) return null;
  if (locale === "en" && en) return { text: en, lang: "en" as const };
  return ko ? { text: ko, lang: "ko" as const } : { text: en ?? "", lang: "en" as const };
}
