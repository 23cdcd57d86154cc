import { beforeAll, describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";
import { csvField, csvLine } from "./export-rows";
import { toPortfolioQuery } from "./params";
import { money, partialDate } from "./serialize";
import { checkGrant } from "./three-sixty-giving-checks";

beforeAll(() => {
  // lib/env validates the whole environment; the cursor key only needs NEXTAUTH_SECRET.
  process.env.DATABASE_URL ??= "postgresql://unit@127.0.0.1:1/unit";
  process.env.NEXTAUTH_SECRET = "unit-test-secret-unit-test-secret-0123";
});

describe("cursors", () => {
  it("round-trip and refuse anything edited or made up", () => {
    const cursor = encodeCursor({ f: "abc", k: "2021-07-01", i: 42 });
    expect(decodeCursor(cursor)).toEqual({ f: "abc", k: "2021-07-01", i: 42 });
    const [payload, mac] = cursor.split(".") as [string, string];
    const edited = Buffer.from(JSON.stringify({ f: "abc", k: "2021-07-01", i: 1 })).toString("base64url");
    expect(decodeCursor(`${edited}.${mac}`)).toBeNull();
    expect(decodeCursor(`${payload}.${"A".repeat(22)}`)).toBeNull();
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor("")).toBeNull();
  });
});

describe("API parameters as the portfolio's query", () => {
  it("keeps the portfolio's names, defaults and sort directions", () => {
    expect(toPortfolioQuery({})).toMatchObject({ q: "", sort: "start", dir: "desc", page: 1 });
    expect(toPortfolioQuery({ sort: "title" })).toMatchObject({ sort: "title", dir: "asc" });
    expect(toPortfolioQuery({ sort: "funding-asc", area: ["HYDROGEN", "HYDROGEN"], year: [2021] })).toMatchObject({ sort: "funding", dir: "asc", area: ["HYDROGEN"], year: [2021] });
  });
});

describe("JSON values", () => {
  it("writes won as digits with the currency and keeps unknown as null", () => {
    expect(money(28_100_000_000n)).toEqual({ amount: "28100000000", currency: "KRW" });
    expect(money(9_007_199_254_740_993n)?.amount).toBe("9007199254740993");
    expect(money(null)).toBeNull();
  });

  it("keeps dates as precise as published", () => {
    expect(partialDate(new Date("2024-10-01T00:00:00Z"), "MONTH")).toEqual({ value: "2024-10", precision: "month" });
    expect(partialDate(new Date("2028-01-01T00:00:00Z"), "YEAR")).toEqual({ value: "2028", precision: "year" });
    expect(partialDate(null, null)).toBeNull();
  });
});

describe("CSV fields", () => {
  it("quotes what needs quoting and neutralises formulas", () => {
    expect(csvField("=1+2")).toBe("'=1+2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("-5")).toBe("'-5");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(28_100_000_000n)).toBe("28100000000");
    expect(csvField(null)).toBe("");
    expect(csvLine(["수소", 1, null])).toBe("수소,1,\r\n");
  });
});

describe("360Giving quality checks", () => {
  const good = {
    id: "360G-KEIT-x", title: "수소전기트램 실증사업", description: "desc", amountAwarded: 28_100_000_000, awardDate: "2021-07-01",
    dateModified: "2026-11-01T00:00:00.000Z", plannedDates: [{ startDate: "2021-07", endDate: "2024-03" }],
    recipientOrganization: [{ id: "360G-KEIT-ORG-1" }], fundingOrganization: [{ id: "360G-KEIT-ORG-KEIT" }],
  };

  it("passes a good grant", () => {
    expect(checkGrant(good, new Date("2026-11-28T00:00:00Z"))).toEqual([]);
  });

  it("finds long titles, impossible dates and unknown identifier prefixes", () => {
    const checks = (g: object) => checkGrant({ ...good, ...g }, new Date("2026-11-28T00:00:00Z")).map((i) => i.check);
    expect(checks({ title: "가".repeat(141) })).toEqual(["titleLength"]);
    expect(checks({ description: good.title })).toEqual(["titleDescriptionSame"]);
    expect(checks({ amountAwarded: 0 })).toEqual(["zeroAmount"]);
    expect(checks({ awardDate: "2021-02-30" })).toEqual(["impossibleDate"]);
    expect(checks({ awardDate: "1850-01-01" })).toEqual(["impossibleDate"]);
    expect(checks({ plannedDates: [{ startDate: "2024-03", endDate: "2021-07" }] })).toEqual(["impossibleDate"]);
    expect(checks({ dateModified: "2030-01-01T00:00:00Z" })).toEqual(["impossibleDate"]);
    expect(checks({ recipientOrganization: [{ id: "XX-NOPE-1" }] })).toEqual(["unknownOrgPrefix"]);
    expect(checks({ fundingOrganization: [{ id: "KEIT" }] })).toEqual(["unknownOrgPrefix"]);
  });
});
