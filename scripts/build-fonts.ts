// `npm run fonts:build`: makes the web fonts from the npm package `pretendard` (run it after
// upgrading that package or when the UI strings gain many new Hangul syllables; the output is
// committed). See docs/decisions/0023-first-load.md.
//
// 1. Two "core" files of Pretendard Variable, instanced to the weights the CSS uses (400–700) and
//    subset with harfbuzz (npm subset-font): Latin (ASCII, Latin-1, punctuation, and every
//    non-Hangul character of the UI strings), and Korean (every Hangul syllable of the UI strings
//    in both languages, plus the most frequent syllables: the Hangul of Pretendard's
//    frequency-ordered slices 84–91). These are all the first view of a page loads.
// 2. The rest: Pretendard's own unicode-range slices (upstream's dynamic subset), declared under
//    the family name "Pretendard", in a stylesheet that components/layout/deferred-fonts.tsx adds
//    after the page has loaded. The core family comes first in --font-sans, so a character in the
//    core never loads a slice; a rare one shows in the system font until its slice arrives.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as hb from "harfbuzzjs";
import subsetFont from "subset-font";

const ROOT = path.resolve(import.meta.dirname, "..");
const PACKAGE = path.join(ROOT, "node_modules", "pretendard");
const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE, "package.json"), "utf8")) as { version: string }).version;
const UPSTREAM = path.join(PACKAGE, "dist", "web", "variable");
const PUBLIC_DIR = path.join(ROOT, "public", "fonts", `pretendard-${VERSION}`);
const APP_DIR = path.join(ROOT, "app", "fonts", "pretendard");
const URL_BASE = `/fonts/pretendard-${VERSION}`;
/** Pretendard's slices ordered by frequency end at 91; these hold the most frequent syllables. */
const FREQUENT_SLICES = [84, 85, 86, 87, 88, 89, 90, 91];
const WEIGHTS = { min: 400, max: 700 } as const;

const isHangulSyllable = (cp: number) => cp >= 0xac00 && cp <= 0xd7a3;

function parseRanges(value: string): [number, number][] {
  return value.split(",").map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, "").split("-");
    return [parseInt(from ?? "", 16), parseInt(to ?? from ?? "", 16)];
  });
}

/** Upstream's dynamic subset: slice number → unicode ranges. */
function upstreamSlices(): Map<number, [number, number][]> {
  const css = readFileSync(path.join(UPSTREAM, "pretendardvariable-dynamic-subset.css"), "utf8");
  const slices = new Map<number, [number, number][]>();
  for (const match of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = match[1] ?? "";
    const slice = /subset\.(\d+)\.woff2/.exec(body)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    if (slice && range) slices.set(Number(slice), parseRanges(range));
  }
  if (slices.size < 90) throw new Error(`expected Pretendard's 92 slices, found ${slices.size}`);
  return slices;
}

/** Every character of the UI strings (lib/i18n/messages, both languages). */
function uiCharacters(): Set<number> {
  const found = new Set<number>();
  const base = path.join(ROOT, "lib", "i18n", "messages");
  for (const locale of readdirSync(base)) {
    for (const file of readdirSync(path.join(base, locale)).filter((f) => f.endsWith(".json"))) {
      for (const ch of readFileSync(path.join(base, locale, file), "utf8")) found.add(ch.codePointAt(0) ?? 0);
    }
  }
  return found;
}

function rangesOf(codePoints: number[]): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    const hex = (n: number) => n.toString(16);
    parts.push(i === j ? `U+${hex(sorted[i] ?? 0)}` : `U+${hex(sorted[i] ?? 0)}-${hex(sorted[j] ?? 0)}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/** Subsets the variable font to `wanted`; returns the woff2 and the characters it really holds. */
async function makeSubset(full: Buffer, wanted: number[]): Promise<{ woff2: Buffer; codePoints: number[] }> {
  const text = String.fromCodePoint(...wanted);
  const options = { variationAxes: { wght: { min: WEIGHTS.min, max: WEIGHTS.max, default: WEIGHTS.min } } };
  const sfnt = await subsetFont(full, text, { ...options, targetFormat: "sfnt" });
  const face = new hb.Face(new hb.Blob(new Uint8Array(sfnt).buffer));
  const held = new Set(face.collectUnicodes());
  const codePoints = wanted.filter((cp) => held.has(cp));
  const woff2 = await subsetFont(full, text, { ...options, targetFormat: "woff2" });
  return { woff2, codePoints };
}

function hashed(name: string, content: Buffer | string): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
  return name.replace(/(\.[a-z0-9]+)$/, `.${hash}$1`);
}

async function main() {
  const full = readFileSync(path.join(UPSTREAM, "woff2", "PretendardVariable.woff2"));
  const slices = upstreamSlices();
  const ui = uiCharacters();

  const latinWanted: number[] = [];
  for (let cp = 0x20; cp <= 0x7e; cp++) latinWanted.push(cp);
  for (let cp = 0xa0; cp <= 0xff; cp++) latinWanted.push(cp);
  for (let cp = 0x2010; cp <= 0x2027; cp++) latinWanted.push(cp);
  latinWanted.push(0x2030, 0x2032, 0x2033, 0x20a9, 0x20ac, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193);
  for (const cp of ui) if (cp >= 0x20 && cp < 0x3000 && !latinWanted.includes(cp)) latinWanted.push(cp);

  const koreanWanted = new Set<number>();
  for (const cp of ui) if (cp >= 0x3000) koreanWanted.add(cp);
  for (const slice of FREQUENT_SLICES) {
    for (const [from, to] of slices.get(slice) ?? []) for (let cp = from; cp <= to; cp++) if (isHangulSyllable(cp)) koreanWanted.add(cp);
  }

  const latin = await makeSubset(full, latinWanted);
  const korean = await makeSubset(full, [...koreanWanted]);

  rmSync(PUBLIC_DIR, { recursive: true, force: true });
  mkdirSync(path.join(PUBLIC_DIR, "slices"), { recursive: true });
  const latinFile = hashed("pretendard-core-latin.woff2", latin.woff2);
  const koreanFile = hashed("pretendard-core-ko.woff2", korean.woff2);
  writeFileSync(path.join(PUBLIC_DIR, latinFile), latin.woff2);
  writeFileSync(path.join(PUBLIC_DIR, koreanFile), korean.woff2);

  const licence = `/*
Pretendard ${VERSION} (npm "pretendard"), self-hosted; made by scripts/build-fonts.ts (npm run fonts:build).
Copyright (c) 2021 Kil Hyung-jin, with Reserved Font Name Pretendard.
https://github.com/orioncactus/pretendard
This Font Software is licensed under the SIL Open Font License, Version 1.1 (OFL-1.1),
available with a FAQ at https://openfontlicense.org
*/`;
  const face = (file: string, codePoints: number[]) => `@font-face {
  font-family: "Pretendard Variable";
  font-style: normal;
  font-display: swap;
  font-weight: ${WEIGHTS.min} ${WEIGHTS.max};
  src: url("${URL_BASE}/${file}") format("woff2");
  unicode-range: ${rangesOf(codePoints)};
}`;
  writeFileSync(path.join(APP_DIR, "pretendard-core.css"), `${licence}
/* The first view's font: ${latin.codePoints.length} Latin and ${korean.codePoints.length} Korean characters
   (${(latin.woff2.length / 1024).toFixed(1)} KB + ${(korean.woff2.length / 1024).toFixed(1)} KB), weights ${WEIGHTS.min}–${WEIGHTS.max}.
   Everything else is in the deferred stylesheet (components/layout/deferred-fonts.tsx). */
${face(latinFile, latin.codePoints)}

${face(koreanFile, korean.codePoints)}
`);

  // The rest: upstream's slices, unchanged, under the second family of --font-sans.
  const upstreamCss = readFileSync(path.join(UPSTREAM, "pretendardvariable-dynamic-subset.css"), "utf8");
  for (const file of readdirSync(path.join(UPSTREAM, "woff2-dynamic-subset"))) {
    copyFileSync(path.join(UPSTREAM, "woff2-dynamic-subset", file), path.join(PUBLIC_DIR, "slices", file));
  }
  const restCss = `${licence}
/* Every character of Pretendard, in upstream's unicode-range slices; loaded after the page. */
${upstreamCss
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/font-family:\s*'Pretendard Variable'/g, "font-family: 'Pretendard'")
  .replace(/url\(\.\/woff2-dynamic-subset\//g, "url(./slices/")
  .replace(/\n{3,}/g, "\n\n")
  .trim()}
`;
  const restFile = hashed("pretendard-rest.css", restCss);
  writeFileSync(path.join(PUBLIC_DIR, restFile), restCss);

  writeFileSync(path.join(ROOT, "lib", "fonts.ts"), `// Made by scripts/build-fonts.ts (npm run fonts:build); do not edit.
/** The first view's font files: preloaded by app/[locale]/layout.tsx. */
export const CORE_FONT_URLS = {
  latin: "${URL_BASE}/${latinFile}",
  ko: "${URL_BASE}/${koreanFile}",
} as const;

/** Pretendard's remaining characters, added after the page has loaded. */
export const REST_FONT_STYLESHEET_URL = "${URL_BASE}/${restFile}";
`);
  console.log(`core Latin: ${latin.codePoints.length} characters, ${latin.woff2.length} bytes → ${latinFile}`);
  console.log(`core Korean: ${korean.codePoints.length} characters, ${korean.woff2.length} bytes → ${koreanFile}`);
  console.log(`rest: ${readdirSync(path.join(PUBLIC_DIR, "slices")).length} slices → ${restFile}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
