import { describe, expect, it } from "vitest";
import en from "./messages/en/index";
import ko from "./messages/ko/index";

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("UI strings", () => {
  it("has every Korean string in English too, and no extra ones", () => {
    expect(keys(en).sort()).toEqual(keys(ko).sort());
  });

  it("has no empty strings", () => {
    for (const messages of [ko, en]) {
      const empty = keys(messages).filter((k) => k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages) === "");
      expect(empty).toEqual([]);
    }
  });
});
