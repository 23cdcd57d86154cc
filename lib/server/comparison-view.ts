import "server-only";
import { getTranslations } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { getActor } from "@/lib/auth";
import { exportText, presentComparison, type PresentedRow } from "@/lib/compare/present";
import { getComparison, MIN_COMPARE } from "@/lib/data/comparison";

export type ComparisonView = {
  titles: { slug: string; text: string; lang: "ko" | "en"; isPublished: boolean }[];
  rows: PresentedRow[];
  missing: number;
  internal: boolean;
  enough: boolean;
};

/** The comparison as the viewer may see it, presented for the screen and the exports alike. */
export async function comparisonView(locale: string, slugs: string[]): Promise<ComparisonView> {
  const actor = await getActor();
  const comparison = await getComparison(actor, slugs);
  const t = await getTranslations({ locale, namespace: "compare" });
  const te = await getTranslations({ locale, namespace: "enums" });
  return {
    titles: comparison.projects.map((p) => ({ slug: p.slug, ...pick(locale, p.titleKo, p.titleEn), isPublished: p.isPublished })),
    rows: presentComparison(comparison.rows, locale, t as never, te as never),
    missing: comparison.missing.length,
    internal: comparison.internal,
    enough: comparison.projects.length >= MIN_COMPARE,
  };
}

/** The table of an export: a header row, then one row per figure, marks in words. */
export async function comparisonTable(locale: string, view: ComparisonView): Promise<string[][]> {
  const t = await getTranslations({ locale, namespace: "compare" });
  return [
    [t("item"), ...view.titles.map((p) => p.text)],
    ...view.rows.map((r) => [r.label, ...r.cells.map((c) => exportText(c, t as never))]),
  ];
}
