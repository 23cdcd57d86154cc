import { describe, expect, it } from "vitest";
import { localizeHref, pathWithoutLocale } from "@/components/layout/locale-path";

describe("localizeHref", () => {
  it("puts the language in front of a path of this site, as next-intl's Link did", () => {
    expect(localizeHref("/", "ko")).toBe("/ko");
    expect(localizeHref("/projects/hydrogen-electric-tram", "en")).toBe("/en/projects/hydrogen-electric-tram");
    expect(localizeHref("/?q=트램&page=2", "ko")).toBe("/ko?q=트램&page=2");
    expect(localizeHref("/statistics?area=HYDROGEN", "en")).toBe("/en/statistics?area=HYDROGEN");
    expect(localizeHref("/#main", "ko")).toBe("/ko#main");
  });

  it("leaves other sites, protocol-relative and in-page links alone", () => {
    expect(localizeHref("https://www.keit.re.kr/", "ko")).toBe("https://www.keit.re.kr/");
    expect(localizeHref("//evil.example/x", "ko")).toBe("//evil.example/x");
    expect(localizeHref("#funding", "en")).toBe("#funding");
  });
});

describe("pathWithoutLocale", () => {
  it("drops the language segment only", () => {
    expect(pathWithoutLocale("/ko")).toBe("/");
    expect(pathWithoutLocale("/en/projects/x")).toBe("/projects/x");
    expect(pathWithoutLocale("/kor/projects")).toBe("/kor/projects");
    expect(pathWithoutLocale("/")).toBe("/");
  });
});
