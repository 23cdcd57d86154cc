import { describe, expect, it } from "vitest";
import { parsePartialDate, partialDateInput } from "./partial-date";

describe("partial dates", () => {
  it.each(["2028", "2024-10", "2025-03-05"])("round-trips %s between the form and the database", (text) => {
    const parsed = parsePartialDate(text);
    expect(parsed).not.toBeNull();
    expect(partialDateInput(parsed!.date, parsed!.precision)).toBe(text);
  });

  it("rejects dates that do not exist and shows nothing for an unknown date", () => {
    expect(parsePartialDate("2025-02-30")).toBeNull();
    expect(parsePartialDate("2025-13")).toBeNull();
    expect(partialDateInput(null, null)).toBe("");
  });
});
