// One normalisation for stored search text and for queries, so that both sides agree:
// NFC (Hangul typed on macOS arrives as NFD), lower case, no legal-form marks, single spaces.
// Trigram indexes serve terms of three or more characters; shorter terms (two-syllable Korean
// words such as 트램) are matched against stored one- and two-character grams instead, because a
// trigram index cannot help them. See docs/decisions/0004-korean-search.md.

const LEGAL_FORMS = /㈜|\(주\)|\(유\)|\(재\)|\(사\)|주식회사|유한회사|재단법인|사단법인/g;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

export const MAX_QUERY_LENGTH = 100;
export const MAX_QUERY_TERMS = 8;

export function normalizeText(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(LEGAL_FORMS, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
}

/** Institution identity: "㈜넥스트칩" and "넥스트칩 " are the same institution. */
export function normalizeInstitutionName(name: string): string {
  return normalizeText(name).replace(/ /g, "");
}

/** Every Hangul syllable and every two-character window of each word. */
export function shortGrams(text: string): string[] {
  const grams = new Set<string>();
  for (const word of normalizeText(text).split(" ")) {
    const chars = Array.from(word);
    chars.forEach((ch, i) => {
      if (HANGUL.test(ch)) grams.add(ch);
      const next = chars[i + 1];
      if (next !== undefined) grams.add(ch + next);
    });
  }
  return [...grams].sort();
}

export type SearchDocument = { searchText: string; searchGrams: string[] };

export function buildSearchDocument(parts: (string | null | undefined)[]): SearchDocument {
  const searchText = normalizeText(parts.filter(Boolean).join(" "));
  return { searchText, searchGrams: shortGrams(searchText) };
}

export type QueryTerm = { text: string; kind: "grams" | "substring" };

/** Splits a user query into terms; every term must match (AND). */
export function parseQueryTerms(query: string): QueryTerm[] {
  const terms = normalizeText(query).split(" ").filter(Boolean);
  const unique = [...new Set(terms)].slice(0, MAX_QUERY_TERMS);
  return unique.map((text) => {
    const length = Array.from(text).length;
    const isShort = length === 2 || (length === 1 && HANGUL.test(text));
    return { text, kind: isShort ? "grams" : "substring" };
  });
}

export type ProjectSearchInput = {
  titleKo: string;
  titleEn?: string | null;
  productKo?: string | null;
  productEn?: string | null;
  program?: { nameKo: string; nameEn?: string | null } | null;
  identifiers: string[];
  institutions: { nameKo: string; nameEn?: string | null }[];
  people: { nameKo: string; nameEn?: string | null }[];
};

/** What a project is found by: titles, product, program, identifiers, institutions and researchers. */
export function buildProjectSearchDocument(p: ProjectSearchInput): SearchDocument {
  return buildSearchDocument([
    p.titleKo, p.titleEn, p.productKo, p.productEn, p.program?.nameKo, p.program?.nameEn,
    ...p.identifiers,
    ...p.institutions.flatMap((i) => [i.nameKo, i.nameEn]),
    ...p.people.flatMap((i) => [i.nameKo, i.nameEn]),
  ]);
}
