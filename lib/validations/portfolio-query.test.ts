import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY, parsePortfolioQuery, toSearchParams } from "./portfolio-query";

describe("parsePortfolioQuery", () => {
  it("accepts a full, valid query", () => {
    const { query, issues } = parsePortfolioQuery({
      q: " 전기트램 ", program: ["1", "2"], area: "HYDROGEN", status: ["ACTIVE"], year: "2021", instType: "SME", sort: "funding-asc", page: "3",
    });
    expect(issues).toEqual([]);
    expect(query).toEqual({
      q: "전기트램", program: [1, 2], area: ["HYDROGEN"], status: ["ACTIVE"], year: [2021], instType: ["SME"], sort: "funding", dir: "asc", page: 3,
    });
  });

  it("drops bad parameters, names them, and keeps the rest", () => {
    const { query, issues } = parsePortfolioQuery({ page: "-1", sort: "price", area: ["HYDROGEN", "MAGIC"], program: "abc", q: "x".repeat(10_000) });
    expect(query.page).toBe(1);
    expect(query.sort).toBe("start");
    expect(query.area).toEqual(["HYDROGEN"]);
    expect(query.program).toEqual([]);
    expect(query.q).toBe("");
    expect(issues).toEqual(expect.arrayContaining([
      { field: "q", code: "tooLong" }, { field: "page", code: "outOfRange" }, { field: "sort", code: "invalid" },
      { field: "area", code: "invalid" }, { field: "program", code: "invalid" },
    ]));
  });

  it("sorts titles A to Z by default", () => {
    expect(parsePortfolioQuery({ sort: "title" }).query.dir).toBe("asc");
    expect(parsePortfolioQuery({ sort: "funding" }).query.dir).toBe("desc");
    expect(parsePortfolioQuery({ sort: "end-asc" }).query).toMatchObject({ sort: "end", dir: "asc" });
    expect(parsePortfolioQuery({ sort: "end-up" }).issues).toEqual([{ field: "sort", code: "invalid" }]);
  });

  it("round-trips through URL parameters, leaving defaults out", () => {
    expect(toSearchParams(DEFAULT_QUERY).toString()).toBe("");
    const { query } = parsePortfolioQuery({ q: "트램", area: ["HYDROGEN", "QUANTUM"], page: "2", sort: "title-desc" });
    const params = toSearchParams(query);
    expect(params.toString()).toBe("q=%ED%8A%B8%EB%9E%A8&area=HYDROGEN&area=QUANTUM&sort=title-desc&page=2");
    expect(toSearchParams({ ...DEFAULT_QUERY, sort: "funding", dir: "desc" }).toString()).toBe("sort=funding");
    expect(parsePortfolioQuery(Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]))).query).toEqual(query);
  });
});
