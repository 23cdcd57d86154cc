import { describe, expect, it } from "vitest";
import { buildProjectSearchDocument } from "@/lib/search/normalize";
import { syntheticInstitution, syntheticProjectSpec, syntheticSearchDocument } from "./synthetic";

describe("the synthetic generator", () => {
  it("gives the same project for the same number, however often it is asked", () => {
    const first = JSON.stringify(syntheticProjectSpec(4242), (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    for (let n = 0; n < 200; n++) syntheticProjectSpec(n);
    expect(JSON.stringify(syntheticProjectSpec(4242), (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).toBe(first);
    expect(syntheticInstitution(7)).toEqual(syntheticInstitution(7));
    expect(syntheticInstitution(7).nameKo).toMatch(/^\(합성\) .+7/);
  });

  it("makes the loader's search document exactly as the app's buildProjectSearchDocument does", { timeout: 60_000 }, () => {
    for (let n = 0; n < 3000; n += 7) {
      const s = syntheticProjectSpec(n);
      const expected = buildProjectSearchDocument({
        ...s,
        identifiers: (s.identifiers ?? []).map((i) => i.value),
        institutions: s.participations.map((p) => p.institution),
        people: s.people ?? [],
      });
      expect(syntheticSearchDocument(s)).toEqual(expected);
    }
    // Parts that normalise to nothing, legal forms, NFD Hangul and punctuation at part edges.
    const odd = { ...syntheticProjectSpec(1), titleKo: "  ㈜ (주)한빛-솔루션 ", titleEn: "!!!", productKo: "\u1112\u1161\u11ab 빛", productEn: "A/B, C" };
    expect(syntheticSearchDocument(odd)).toEqual(buildProjectSearchDocument({
      ...odd, identifiers: (odd.identifiers ?? []).map((i) => i.value), institutions: odd.participations.map((p) => p.institution), people: odd.people ?? [],
    }));
  });
});
