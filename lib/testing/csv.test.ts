import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv";

describe("parseCsv", () => {
  it("reads quoted commas, doubled quotes and line breaks, with CRLF or LF row ends", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",\r\n')).toEqual([["a", "b"], ["x, y", 'say "hi"'], ["two\r\nlines", ""]]);
    expect(parseCsv("a,b\n1,2\n")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("keeps a last row without a line break, and reads nothing from an empty text", () => {
    expect(parseCsv("a,b\r\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(parseCsv("")).toEqual([]);
  });
});
