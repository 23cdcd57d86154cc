// Values as people write them in Korean spreadsheets, parsed exactly (pure, no I/O).
// Every parser returns { ok: true, value } or { ok: false, error } with an error code of
// lib/i18n/messages/*/import.json ("errors.<code>"); nothing is rounded or guessed silently.

export type CellValue = string | number | boolean | Date | null;
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; params?: Record<string, string | number> };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string, params?: Record<string, string | number>): Parsed<T> => ({ ok: false, error, params });

/** Text as stored: NFC Hangul, full-width forms folded (NFKC) only where asked, trimmed. */
export function cleanText(value: CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = String(value).normalize("NFC").replace(/\u00a0/g, " ").trim();
  return text === "" ? null : text;
}

/** NFKC folds full-width digits, letters and punctuation (１２３, ，, ．) to ASCII. */
function folded(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "");
}

const UNITS: Record<string, bigint> = { 조: 10n ** 12n, 억: 10n ** 8n, 만: 10n ** 4n };

/**
 * A decimal string ("38.91") times a power of ten, exactly, or null when the product is not a
 * whole number of won ("38.912345" × 10^8 has a fraction).
 */
function scaleDecimal(decimal: string, scale: bigint): bigint | null {
  const [whole, fraction = ""] = decimal.split(".");
  const digits = BigInt(`${whole}${fraction}` || "0");
  const divisor = 10n ** BigInt(fraction.length);
  const product = digits * scale;
  return product % divisor === 0n ? product / divisor : null;
}

/** A number written with thousands separators: "3,891,000,000" or "9,100" (groups of three). */
function plainNumber(text: string): string | null {
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return text.replace(/,/g, "");
  if (/^\d+(\.\d+)?$/.test(text)) return text;
  return null;
}

const MAX_WON = 10n ** 16n; // 1경 원: beyond any R&D budget, and well inside bigint columns

/**
 * Won amounts: 3891000000 (a number cell), "3,891,000,000", "38억 9,100만 원", "38.91억",
 * "１２억", "₩3,891,000,000", "3,891,000,000원". Empty (or "-") is unknown (null), never 0.
 */
export function parseWon(value: CellValue): Parsed<bigint | null> {
  if (value === null || value === "") return ok(null);
  if (typeof value === "boolean" || value instanceof Date) return fail("amountInvalid");
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) return fail("amountInvalid");
    if (!Number.isInteger(value)) return fail("amountInexact", { value: String(value) });
    if (!Number.isSafeInteger(value)) return fail("amountTooPreciseForExcel");
    return ok(BigInt(value));
  }
  let text = folded(value);
  if (text === "" || text === "-") return ok(null);
  text = text.replace(/^(₩|KRW)/i, "").replace(/(원|KRW)$/i, "");
  if (text.startsWith("-")) return fail("amountNegative");
  const plain = plainNumber(text);
  let won: bigint | null;
  if (plain !== null) {
    if (plain.includes(".")) return fail("amountInexact", { value });
    won = BigInt(plain);
  } else {
    // "38억9,100만", "1조2,000억", "38.91억": number + unit groups in descending order.
    const groups = [...text.matchAll(/([\d,]+(?:\.\d+)?)(조|억|만)/gy)];
    const consumed = groups.reduce((n, g) => n + g[0].length, 0);
    const rest = text.slice(consumed);
    if (groups.length === 0 || (rest !== "" && plainNumber(rest) === null)) return fail("amountInvalid", { value });
    won = 0n;
    let previous = 10n ** 13n;
    for (const [, amount, unit] of groups) {
      const scale = UNITS[unit!]!;
      const number = plainNumber(amount!);
      if (number === null || scale >= previous) return fail("amountInvalid", { value });
      previous = scale;
      const part = scaleDecimal(number, scale);
      // A fraction of a unit is exact only down to 만 원: "38.91억" is 38억 9,100만, but
      // "38.912345억" reads like a rounded, computed figure; the won amount must be written out.
      if (part === null || (number.includes(".") && part % 10_000n !== 0n)) return fail("amountInexact", { value });
      won += part;
    }
    if (rest !== "") {
      const tail = plainNumber(rest)!;
      if (tail.includes(".")) return fail("amountInexact", { value });
      won += BigInt(tail);
    }
  }
  if (won >= MAX_WON) return fail("amountTooLarge", { value });
  return ok(won);
}

export type DatePrecision = "YEAR" | "MONTH" | "DAY";
export type PartialDate = { date: Date; precision: DatePrecision };

const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m - 1, d));

function validDay(y: number, m: number, d: number): boolean {
  const date = utc(y, m, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function inRange(y: number): boolean {
  return y >= 1990 && y <= 2100;
}

/** Excel's day number (1900 date system, Lotus leap-year bug included) as a UTC date. */
export function excelSerialToDate(serial: number): Date {
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
}

/**
 * Dates with the precision they are written with: Date cells and Excel serial numbers (DAY),
 * "2021.7" / "2021-07" / "2021/07" / "2021년 7월" / "202107" (MONTH), "2021.7.15" / "2021-07-15" /
 * "2021년 7월 15일" (DAY), "2028" / "2028년" (YEAR).
 */
export function parsePartialDate(value: CellValue): Parsed<PartialDate | null> {
  if (value === null || value === "") return ok(null);
  if (typeof value === "boolean") return fail("dateInvalid");
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return fail("dateInvalid");
    const y = value.getUTCFullYear();
    if (!inRange(y)) return fail("dateOutOfRange", { value: value.toISOString().slice(0, 10) });
    return ok({ date: utc(y, value.getUTCMonth() + 1, value.getUTCDate()), precision: "DAY" });
  }
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 1990 && value <= 2100) return ok({ date: utc(value, 1), precision: "YEAR" });
    if (Number.isInteger(value) && value >= 32874 && value <= 73415) {
      // 32874 = 1990-01-01, 73415 = 2100-12-31 as Excel serials
      const date = excelSerialToDate(value);
      return ok({ date, precision: "DAY" });
    }
    // 2021.7 typed into a number cell. 2021.1 is ambiguous: Excel stores 2021.10 as 2021.1.
    const text = String(value);
    const m = /^(\d{4})\.(\d{1,2})$/.exec(text);
    if (m) {
      if (m[2] === "1") return fail("dateAmbiguousMonth", { value: text });
      return parsePartialDate(text);
    }
    return fail("dateInvalid", { value: text });
  }
  const text = folded(value).replace(/[()]/g, "");
  let m: RegExpExecArray | null;
  let y: number, mo: number, d: number;
  if ((m = /^(\d{4})년?$/.exec(text))) {
    y = Number(m[1]);
    return inRange(y) ? ok({ date: utc(y, 1), precision: "YEAR" }) : fail("dateOutOfRange", { value });
  }
  if ((m = /^(\d{4})(?:[.\-/]|년)(\d{1,2})(?:\.|월)?$/.exec(text)) || (m = /^(\d{4})(\d{2})$/.exec(text))) {
    y = Number(m[1]);
    mo = Number(m[2]);
    if (mo < 1 || mo > 12) return fail("dateInvalid", { value });
    return inRange(y) ? ok({ date: utc(y, mo), precision: "MONTH" }) : fail("dateOutOfRange", { value });
  }
  if ((m = /^(\d{4})(?:[.\-/]|년)(\d{1,2})(?:[.\-/]|월)(\d{1,2})(?:\.|일)?$/.exec(text)) || (m = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
    if (!validDay(y, mo, d)) return fail("dateInvalid", { value });
    return inRange(y) ? ok({ date: utc(y, mo, d), precision: "DAY" }) : fail("dateOutOfRange", { value });
  }
  return fail("dateInvalid", { value });
}

/** A month (project periods are month-precise): any date form; a day is cut to its month, a bare year refused. */
export function parseMonth(value: CellValue): Parsed<Date | null> {
  const parsed = parsePartialDate(value);
  if (!parsed.ok) return parsed;
  if (parsed.value === null) return ok(null);
  if (parsed.value.precision === "YEAR") return fail("monthNeeded", { value: String(value) });
  const d = parsed.value.date;
  return ok(utc(d.getUTCFullYear(), d.getUTCMonth() + 1));
}

/** Whole numbers: 2021, "２０２１", "1,200", "2단계" → 2, "3차" → 3. */
export function parseInteger(value: CellValue, min: number, max: number): Parsed<number | null> {
  if (value === null || value === "") return ok(null);
  if (typeof value === "boolean" || value instanceof Date) return fail("integerInvalid");
  let n: number;
  if (typeof value === "number") n = value;
  else {
    const text = folded(value).replace(/(단계|차년도|차|년도|년|번)$/, "");
    if (text === "") return ok(null);
    const plain = plainNumber(text);
    if (plain === null) return fail("integerInvalid", { value });
    n = Number(plain);
  }
  if (!Number.isInteger(n)) return fail("integerInvalid", { value: String(value) });
  if (n < min || n > max) return fail("integerOutOfRange", { value: String(value), min, max });
  return ok(n);
}

/** Decimal quantities (milestone targets and actuals: Decimal(20,4)) as an exact string. */
export function parseDecimal(value: CellValue): Parsed<string | null> {
  if (value === null || value === "") return ok(null);
  if (typeof value === "boolean" || value instanceof Date) return fail("numberInvalid");
  const text = typeof value === "number" ? String(value) : folded(value);
  if (text === "" || text === "-") return ok(null);
  const plain = plainNumber(text.replace(/^-/, ""));
  if (plain === null) return fail("numberInvalid", { value: String(value) });
  const [whole, fraction = ""] = plain.split(".");
  if (fraction.length > 4) return fail("numberTooPrecise", { value: String(value) });
  if (whole!.replace(/^0+/, "").length > 16) return fail("numberInvalid", { value: String(value) });
  return ok(`${text.startsWith("-") ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`);
}

/** Yes/no cells. */
export function parseBoolean(value: CellValue): Parsed<boolean | null> {
  if (value === null || value === "") return ok(null);
  if (typeof value === "boolean") return ok(value);
  const text = folded(String(value)).toLowerCase();
  if (["y", "yes", "true", "1", "예", "o", "공개"].includes(text)) return ok(true);
  if (["n", "no", "false", "0", "아니오", "아니요", "x", "비공개"].includes(text)) return ok(false);
  return fail("booleanInvalid", { value: String(value) });
}

/** Normalises a label for matching headers and enum values: NFKC, lower case, no spaces or marks. */
export function labelKey(value: string): string {
  return value.normalize("NFKC").toLowerCase().replace(/[\s_\-·.()/*:]+/g, "");
}
