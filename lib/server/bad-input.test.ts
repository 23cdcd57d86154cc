import { describe, expect, it } from "vitest";
import { badRequestTarget } from "./bad-input";

describe("badRequestTarget", () => {
  it.each(["/ko", "/ko/projects/%EC%88%98%EC%86%8C", "/ko?q=%EC%88%98%EC%86%8C+%ED%8A%B8%EB%9E%A8&page=2", "/ko?q=100%25", "/ko?q=100%", "/en/projects/a.b"])("accepts %s", (target) => {
    expect(badRequestTarget(target)).toBeNull();
  });

  it.each([
    ["/ko/projects/%00", "nul"],
    ["/ko?q=a%00b", "nul"],
    ["/ko?a%00=1", "nul"],
    ["/ko/projects/%FF", "encoding"],
    ["/ko/projects/%C3%28", "encoding"],
    ["/ko?q=%E0%A4%41", "encoding"],
    ["/ko?q=%C3", "encoding"],
    ["/ko/%ED%A0%80", "encoding"],
  ])("refuses %s (%s)", (target, why) => {
    expect(badRequestTarget(target)).toBe(why);
  });
});
