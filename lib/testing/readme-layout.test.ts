import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 11: README's "How the code is laid out" matches the tree. Every path it names exists, and
// every folder of app/ (with the route groups under app/[locale]/), components/ and lib/ is named,
// as are scripts/, prisma/, e2e/ and docs/: a folder added or removed without the README fails here.

const ROOT = path.resolve(import.meta.dirname, "../..");
const HEADING = "## How the code is laid out";

/** The paths the layout block names: the first word of each line that does not start with a space. */
export function layoutPaths(readme: string): string[] {
  const start = readme.indexOf(HEADING);
  if (start < 0) throw new Error(`README has no "${HEADING}" section`);
  const open = readme.indexOf("```\n", start);
  const close = readme.indexOf("```\n", open + 4);
  if (open < 0 || close < 0) throw new Error("the layout section has no code block");
  return readme.slice(open + 4, close).split("\n")
    .filter((line) => line.trim() !== "" && !/^\s/.test(line))
    .map((line) => line.split(/\s+/)[0]!);
}

/** Folders (one level) below a folder of the repository, as `dir/name/`. */
function folders(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${dir}/${e.name}/`);
}

/** Whether a folder is named: itself, or a path below it (app/api/ by app/api/v1/). */
const isNamed = (listed: string[], folder: string) => listed.some((p) => p === folder || p.startsWith(folder));

describe("README layout section", () => {
  const listed = layoutPaths(readFileSync(path.join(ROOT, "README.md"), "utf8"));

  it("reads the paths of the code block and nothing of the descriptions", () => {
    const sample = `${HEADING}\n\n\`\`\`\nlib/a/      one\n            two lib/b/\nlib/c.ts    three\n\`\`\`\n`;
    expect(layoutPaths(sample)).toEqual(["lib/a/", "lib/c.ts"]);
    expect(isNamed(["app/api/v1/"], "app/api/")).toBe(true);
    expect(isNamed(["lib/data/"], "lib/jobs/")).toBe(false);
  });

  it("names only paths that exist", () => {
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.filter((p) => !existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  it("names every folder of app/ (and its route groups), components/ and lib/, and the other top-level folders", () => {
    const required = [
      ...folders("app").filter((f) => f !== "app/[locale]/"), ...folders("app/[locale]"),
      ...folders("components"), ...folders("lib"),
      "scripts/", "prisma/", "e2e/", "docs/",
    ];
    expect(required.filter((folder) => !isNamed(listed, folder))).toEqual([]);
  });
});
