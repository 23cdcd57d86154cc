import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 11: no file in lib/ or components/ (tests included, the generated Prisma client excluded)
// above 300 lines without a reason in its header. The reason is a comment starting with MARKER in
// the file's first 10 lines, saying why the file is one piece; a file that needs none is split.

const ROOT = path.resolve(import.meta.dirname, "../..");
const MAX_LINES = 300;
const HEADER_LINES = 10;
const MARKER = "Size (above 300 lines):";

function lineCount(text: string): number {
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** Why a file breaks the rule, or null when it keeps it. */
export function sizeProblem(text: string): string | null {
  const lines = lineCount(text);
  if (lines <= MAX_LINES) return null;
  const header = text.split("\n").slice(0, HEADER_LINES);
  if (header.some((line) => line.includes(MARKER))) return null;
  return `${lines} lines and no "${MARKER}" reason in its first ${HEADER_LINES} lines`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|js|mjs)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .filter((file) => !file.startsWith(`lib${path.sep}generated${path.sep}`));
}

describe("file size rule", () => {
  it("accepts a short file, and a long one only with the reason near the top", () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `export const a${i} = ${i};`).join("\n") + "\n";
    expect(sizeProblem(body(300))).toBeNull();
    expect(sizeProblem(body(301))).toMatch(/^301 lines and no/);
    expect(sizeProblem(`import "server-only";\n// ${MARKER} one table.\n${body(400)}`)).toBeNull();
    // The reason must stand in the header, not somewhere further down.
    expect(sizeProblem(`${body(20)}// ${MARKER} one table.\n${body(400)}`)).toMatch(/^421 lines and no/);
  });

  it("holds for every file in lib/ and components/", () => {
    const files = [...sourceFiles("lib"), ...sourceFiles("components")];
    expect(files.length).toBeGreaterThan(100);
    const problems = files
      .map((file) => ({ file, problem: sizeProblem(readFileSync(path.join(ROOT, file), "utf8")) }))
      .filter((p) => p.problem !== null)
      .map((p) => `${p.file}: ${p.problem}`);
    expect(problems).toEqual([]);
  });
});
