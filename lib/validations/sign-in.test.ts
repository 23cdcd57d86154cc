import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./sign-in";

// Finding 1 of issue 9: the check looked at the raw string and returned the normalised path.
const HOME = "/ko/manage";

describe("safeCallbackPath", () => {
  it.each([
    "/ko/manage/projects",
    "/en/manage",
    "/ko",
    "/ko?x=1",
    "/ko/manage/projects?page=2#top",
    "/ko/projects/%EC%88%98%EC%86%8C",
  ])("keeps the app path %s", (path) => {
    expect(safeCallbackPath(path, HOME)).toBe(path);
  });

  it.each([
    ["/./ko/manage", "/ko/manage"],
    ["/ko/manage/../manage/projects", "/ko/manage/projects"],
  ])("returns the normalised form of %s", (input, expected) => {
    expect(safeCallbackPath(input, HOME)).toBe(expected);
  });

  it.each([
    // the reported variants (already decoded once by the query string parser) ...
    "/.//evil.example",
    "/..//evil.example",
    "/ko/..//evil.example",
    "/ko/../..//evil.example",
    // ... their percent-encoded and tab/backslash cousins
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/ko/%2e%2e//evil.example",
    "/ko/%2e%2e/%2fevil.example",
    "/%2F%2Fevil.example",
    "/ko/%2F%2Fevil.example",
    "/ko/%252F%252Fevil.example",
    "/ko/%5C%5Cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/ko",
    "http:evil.example",
    "javascript:alert(1)",
    "/ko\u0000/x",
    "evil.example",
    "",
    "/",
    "/api/auth/signout",
    "/kor",
    "/fr/manage",
    "/ko/%E0%A4%A",
    `/ko/${"a".repeat(600)}`,
  ])("refuses %j", (input) => {
    expect(safeCallbackPath(input, HOME)).toBe(HOME);
  });

  it("refuses what is not a string", () => {
    expect(safeCallbackPath(undefined, HOME)).toBe(HOME);
    expect(safeCallbackPath(["/ko"], HOME)).toBe(HOME);
  });
});
