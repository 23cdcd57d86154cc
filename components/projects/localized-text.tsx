import { pickOptional } from "@/lib/i18n/localized";

/** Text in the page's language, or the other language marked with its lang attribute. */
export function LocalizedText({ locale, ko, en }: { locale: string; ko: string | null | undefined; en: string | null | undefined }) {
  const picked = pickOptional(locale, ko, en);
  if (!picked) return null;
  return picked.lang === locale ? <>{picked.text}</> : <span lang={picked.lang}>{picked.text}</span>;
}
