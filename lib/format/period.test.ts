import { describe, expect, it } from "vitest";
import { formatDateWithPrecision, formatPeriod, monthsInclusive, parseMonth } from "./period";

const m = (s: string) => {
  const d = parseMonth(s);
  if (!d) throw new Error(s);
  return d;
};

describe("periods", () => {
  it("counts both months inclusive", () => {
    expect(monthsInclusive(m("2021.7"), m("2024.3"))).toBe(33);
    expect(monthsInclusive(m("2020.4"), m("2024.12"))).toBe(57);
    // The bio-printing project publishes 75 months for this period; it is 76.
    expect(monthsInclusive(m("2020.9"), m("2026.12"))).toBe(76);
    expect(monthsInclusive(m("2024.1"), m("2024.1"))).toBe(1);
  });

  it("formats as published in Korean and in English", () => {
    expect(formatPeriod(m("2021.7"), m("2024.3"), "ko")).toBe("2021.7 ~ 2024.3");
    expect(formatPeriod(m("2021.7"), m("2024.3"), "en")).toBe("Jul 2021 – Mar 2024");
  });

  it("formats partial dates at their precision", () => {
    expect(formatDateWithPrecision(m("2028.1"), "YEAR", "ko")).toBe("2028년");
    expect(formatDateWithPrecision(m("2024.10"), "MONTH", "ko")).toBe("2024.10");
    expect(formatDateWithPrecision(m("2024.10"), "MONTH", "en")).toBe("Oct 2024");
    expect(formatDateWithPrecision(new Date(Date.UTC(2025, 2, 5)), "DAY", "en")).toBe("5 Mar 2025");
  });

  it("rejects months that do not exist", () => {
    expect(parseMonth("2024.13")).toBeNull();
    expect(parseMonth("2024.0")).toBeNull();
    expect(parseMonth("abc")).toBeNull();
  });
});
