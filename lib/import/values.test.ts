import { describe, expect, it } from "vitest";
import { decodeCsv, FileError } from "./read";
import { parseDecimal, parseInteger, parseMonth, parsePartialDate, parseWon } from "./values";
import iconv from "iconv-lite";

const won = (v: Parameters<typeof parseWon>[0]) => {
  const r = parseWon(v);
  return r.ok ? r.value : r.error;
};
const month = (v: Parameters<typeof parseMonth>[0]) => {
  const r = parseMonth(v);
  return r.ok ? r.value?.toISOString().slice(0, 7) ?? null : r.error;
};

describe("won amounts", () => {
  it("parses every written form to the exact won", () => {
    expect(won("38억 9,100만 원")).toBe(3_891_000_000n);
    expect(won("3,891,000,000")).toBe(3_891_000_000n);
    expect(won("38.91억")).toBe(3_891_000_000n);
    expect(won(3891000000)).toBe(3_891_000_000n);
    expect(won("３８억 ９，１００만 원")).toBe(3_891_000_000n); // full-width digits and comma
    expect(won("₩3,891,000,000")).toBe(3_891_000_000n);
    expect(won("3891000000원")).toBe(3_891_000_000n);
    expect(won("1조 2,000억")).toBe(1_200_000_000_000n);
    expect(won("5억 300")).toBe(500_000_300n);
    expect(won("0")).toBe(0n);
  });
  it("keeps unknown as null, never 0", () => {
    expect(won(null)).toBeNull();
    expect(won("")).toBeNull();
    expect(won("  ")).toBeNull();
    expect(won("-")).toBeNull();
  });
  it("refuses what is not an exact amount instead of rounding", () => {
    expect(won("38.912345억")).toBe("amountInexact");
    expect(won(3891000000.5)).toBe("amountInexact");
    expect(won("1,234.5")).toBe("amountInexact");
    expect(won("38억 억")).toBe("amountInvalid");
    expect(won("9,100만 38억")).toBe("amountInvalid"); // units out of order
    expect(won("12,34")).toBe("amountInvalid");
    expect(won("abc")).toBe("amountInvalid");
    expect(won("-5억")).toBe("amountNegative");
    expect(won(2 ** 60)).toBe("amountTooPreciseForExcel");
  });
});

describe("dates and months", () => {
  it("parses months as people write them", () => {
    expect(month("2021.7")).toBe("2021-07");
    expect(month("2021.07")).toBe("2021-07");
    expect(month("2021-07")).toBe("2021-07");
    expect(month("2021/07")).toBe("2021-07");
    expect(month("2021년 7월")).toBe("2021-07");
    expect(month("２０２１년 ７월")).toBe("2021-07");
    expect(month("202107")).toBe("2021-07");
    expect(month("2021-07-15")).toBe("2021-07");
    expect(month(new Date(Date.UTC(2021, 6, 1)))).toBe("2021-07");
    expect(month(44378)).toBe("2021-07"); // Excel serial of 2021-07-01
    expect(month(2021.7)).toBe("2021-07"); // typed into a number cell
    expect(month(2021.12)).toBe("2021-12");
  });
  it("refuses ambiguous and invalid dates", () => {
    expect(month(2021.1)).toBe("dateAmbiguousMonth"); // 2021.10 or 2021.1?
    expect(month("2021.13")).toBe("dateInvalid");
    expect(month("2021")).toBe("monthNeeded");
    expect(month("7월")).toBe("dateInvalid");
    expect(month("1850-01")).toBe("dateOutOfRange");
    expect(month("2021-02-30")).toBe("dateInvalid");
  });
  it("keeps the precision of partial dates", () => {
    const p = (v: Parameters<typeof parsePartialDate>[0]) => {
      const r = parsePartialDate(v);
      return r.ok && r.value ? `${r.value.date.toISOString().slice(0, 10)} ${r.value.precision}` : r.ok ? null : r.error;
    };
    expect(p("2028")).toBe("2028-01-01 YEAR");
    expect(p(2028)).toBe("2028-01-01 YEAR");
    expect(p("2024.10")).toBe("2024-10-01 MONTH");
    expect(p("2021년 7월 15일")).toBe("2021-07-15 DAY");
    expect(p("2021.7.15")).toBe("2021-07-15 DAY");
    expect(p(44392)).toBe("2021-07-15 DAY");
  });
});

describe("numbers", () => {
  it("parses integers with Korean suffixes and full-width digits", () => {
    const i = (v: Parameters<typeof parseInteger>[0]) => {
      const r = parseInteger(v, 1, 3000);
      return r.ok ? r.value : r.error;
    };
    expect(i("2단계")).toBe(2);
    expect(i("２０２１")).toBe(2021);
    expect(i("2021년")).toBe(2021);
    expect(i(3)).toBe(3);
    expect(i("1.5")).toBe("integerInvalid");
    expect(i("0")).toBe("integerOutOfRange");
  });
  it("keeps decimals exact to four places", () => {
    const d = (v: Parameters<typeof parseDecimal>[0]) => {
      const r = parseDecimal(v);
      return r.ok ? r.value : r.error;
    };
    expect(d("1,200.5")).toBe("1200.5");
    expect(d(99.25)).toBe("99.25");
    expect(d("0.12345")).toBe("numberTooPrecise");
  });
});

describe("CSV encodings", () => {
  it("decodes UTF-8 with and without BOM and CP949, to NFC Hangul", () => {
    const text = "과제번호,과제명\nA-1,수소 트램\n";
    expect(decodeCsv(Buffer.from(text, "utf8")).text).toBe(text);
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")])).text).toBe(text);
    const cp949 = decodeCsv(iconv.encode(text, "cp949"));
    expect(cp949).toEqual({ text, encoding: "cp949" });
  });
  it("refuses a binary file", () => {
    expect(() => decodeCsv(Buffer.from([0x41, 0x00, 0x42]))).toThrow(FileError);
  });
});
