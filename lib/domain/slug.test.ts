import { describe, expect, it } from "vitest";
import { AGENCY_NUMBER_PATTERN, normalizeAgencyNumber, proposeSlug, toSlug } from "@/lib/domain/slug";

describe("the proposed public address of a new project", () => {
  it("comes from the project number first", () => {
    expect(proposeSlug({ agencyNumber: "RS-2024-00412345", titleEn: "Hydrogen tram" })).toBe("rs-2024-00412345");
    expect(proposeSlug({ agencyNumber: "20012345" })).toBe("project-20012345");
  });
  it("else from the English title", () => {
    expect(proposeSlug({ agencyNumber: "", titleEn: "Hydrogen-Electric Tram: 34 trainsets!" })).toBe("hydrogen-electric-tram-34-trainsets");
    expect(proposeSlug({ titleEn: "Café Ürban  mobility" })).toBe("cafe-urban-mobility");
    expect(proposeSlug({ titleEn: "수소전기트램" })).toBe("");
  });
  it("is always a valid slug", () => {
    expect(toSlug("--A  b--")).toBe("a-b");
    expect(toSlug("x".repeat(200))).toHaveLength(120);
  });
  it("normalises project numbers", () => {
    expect(normalizeAgencyNumber(" rs-2024 -00412345 ")).toBe("RS-2024-00412345");
    expect(AGENCY_NUMBER_PATTERN.test("RS-2024-00412345")).toBe(true);
    expect(AGENCY_NUMBER_PATTERN.test("가나다")).toBe(false);
  });
});
