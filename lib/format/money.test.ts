import { describe, expect, it } from "vitest";
import { formatWon, formatWonExact } from "./money";

describe("formatWon", () => {
  it.each([
    [28_100_000_000n, "281억 원", "KRW 28.1 billion"],
    [3_891_000_000n, "38억 9,100만 원", "KRW 3.891 billion"],
    [19_862_000_000n, "198억 6,200만 원", "KRW 19.862 billion"],
    [100_000_000n, "1억 원", "KRW 100 million"],
    [123_450_000n, "1억 2,345만 원", "KRW 123.45 million"],
    [1_234_567_891n, "12억 3,456만 7,891 원", "KRW 1.234567891 billion"],
    [5_000n, "5,000 원", "KRW 5,000"],
    [0n, "0 원", "KRW 0"],
    [1_234_500_000_000n, "1조 2,345억 원", "KRW 1,234.5 billion"],
  ])("%s won", (won, ko, en) => {
    expect(formatWon(won, "ko")).toBe(ko);
    expect(formatWon(won, "en")).toBe(en);
  });

  it("keeps amounts beyond 2^53 exact", () => {
    expect(formatWonExact(9_007_199_254_740_993n, "ko")).toBe("9,007,199,254,740,993원");
    expect(formatWon(9_007_199_254_740_993n, "en")).toBe("KRW 9,007,199.254740993 billion");
    expect(formatWon(9_007_199_254_740_993n, "ko")).toBe("9,007조 1,992억 5,474만 993 원");
  });
});
