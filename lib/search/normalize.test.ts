import { describe, expect, it } from "vitest";
import { buildSearchDocument, normalizeInstitutionName, normalizeText, parseQueryTerms, shortGrams } from "./normalize";

describe("search normalisation", () => {
  it("treats NFD Hangul like NFC", () => {
    const nfd = "수소전기트램".normalize("NFD");
    expect(nfd).not.toBe("수소전기트램");
    expect(normalizeText(nfd)).toBe("수소전기트램");
  });

  it("drops legal-form marks from institution names", () => {
    expect(normalizeInstitutionName("㈜넥스트칩")).toBe("넥스트칩");
    expect(normalizeInstitutionName("(주) 넥스트칩")).toBe("넥스트칩");
    expect(normalizeInstitutionName("이래에이엠에스㈜")).toBe("이래에이엠에스");
  });

  it("makes grams that let two-syllable words match inside longer words", () => {
    const grams = shortGrams("수소전기트램 실증사업");
    expect(grams).toContain("트램");
    expect(grams).toContain("실증");
    expect(grams).toContain("램");
    expect(grams).not.toContain("램 실");
  });

  it("classifies query terms by length", () => {
    expect(parseQueryTerms("트램")).toEqual([{ text: "트램", kind: "grams" }]);
    expect(parseQueryTerms("전기트램")).toEqual([{ text: "전기트램", kind: "substring" }]);
    expect(parseQueryTerms("Hydrogen  TRAM")).toEqual([
      { text: "hydrogen", kind: "substring" },
      { text: "tram", kind: "substring" },
    ]);
    expect(parseQueryTerms("a")).toEqual([{ text: "a", kind: "substring" }]);
    expect(parseQueryTerms("  %%  ")).toEqual([]);
  });

  it("builds one document from many parts", () => {
    const doc = buildSearchDocument(["수소전기트램 실증사업", null, "Hydrogen tram", "㈜넥스트칩"]);
    expect(doc.searchText).toBe("수소전기트램 실증사업 hydrogen tram 넥스트칩");
  });
});
