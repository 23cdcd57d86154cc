import type { Locale } from "@/lib/i18n/routing";

// One JSON file per namespace and language, so each feature owns its own strings.
// The English files must have exactly the keys of the Korean ones (lib/i18n/messages.test.ts).
const loaders = {
  ko: () => import("./messages/ko/index"),
  en: () => import("./messages/en/index"),
} satisfies Record<Locale, () => Promise<{ default: Record<string, unknown> }>>;

export async function loadMessages(locale: Locale): Promise<Record<string, unknown>> {
  return (await loaders[locale]()).default;
}
