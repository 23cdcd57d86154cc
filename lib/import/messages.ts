// Row errors in the user's language, outside React (the worker, the CLI, the errors download).
import en from "@/lib/i18n/messages/en/import.json";
import ko from "@/lib/i18n/messages/ko/import.json";

export type ImportLocale = "ko" | "en";
const ERRORS: Record<ImportLocale, Record<string, string>> = { ko: ko.errors, en: en.errors };

export function importErrorMessage(code: string, params: Record<string, string | number> | undefined, locale: ImportLocale): string {
  const template = ERRORS[locale][code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? ""));
}
