import { z } from "zod";
import { parsePartialDate } from "@/lib/format/partial-date";
import { parseMonth } from "@/lib/format/period";

// Field schemas shared by the workspace forms. Forms submit strings; these turn them into typed
// values or name the problem with a key of the `validation` message namespace.

/** Free text: NFC (Hangul typed on macOS arrives as NFD), trimmed, bounded. Stored verbatim otherwise. */
export const text = (max: number) => z.string().transform((s) => s.normalize("NFC").trim()).pipe(z.string().min(1, "required").max(max, "tooLong"));
export const optionalText = (max: number) =>
  z.string().optional().transform((s) => (s ?? "").normalize("NFC").trim()).pipe(z.string().max(max, "tooLong")).transform((s) => (s === "" ? null : s));

/** The largest amount a JavaScript number holds exactly; beyond it, values are typos or attacks. */
export const MAX_WON = 9_007_199_254_740_991n;

/** Whole won, 0 or more; commas and spaces allowed; empty means unknown (null), never 0. */
export const optionalWon = z
  .string()
  .optional()
  .transform((s) => (s ?? "").replace(/[,\s]/g, ""))
  .superRefine((s, ctx) => {
    if (s === "") return;
    if (!/^\d+$/.test(s)) ctx.addIssue({ code: "custom", message: "wonInvalid" });
    else if (BigInt(s) > MAX_WON) ctx.addIssue({ code: "custom", message: "wonTooLarge" });
  })
  .transform((s) => (s === "" ? null : BigInt(s)));

/** "2024-03" (what <input type="month"> sends) or "2024.3" → first day of that month, UTC. */
export const month = z.string().trim().transform((s, ctx) => {
  const d = parseMonth(s);
  if (!d) {
    ctx.addIssue({ code: "custom", message: s === "" ? "required" : "monthInvalid" });
    return z.NEVER;
  }
  return d;
});

/** "2028", "2024-10" or "2024-10-15"; empty means unknown. */
export const optionalPartialDate = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const value = (s ?? "").trim();
    if (value === "") return null;
    const parsed = parsePartialDate(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: "partialDateInvalid" });
      return z.NEVER;
    }
    return parsed;
  });

/** A decimal metric such as 2500 or 99.5; empty means not recorded. */
export const optionalMetric = z
  .string()
  .optional()
  .transform((s) => (s ?? "").replace(/[,\s]/g, ""))
  .superRefine((s, ctx) => {
    if (s !== "" && !/^-?\d{1,15}(\.\d{1,4})?$/.test(s)) ctx.addIssue({ code: "custom", message: "numberInvalid" });
  })
  .transform((s) => (s === "" ? null : s));

export const id = z.coerce.number({ message: "invalid" }).int("invalid").min(1, "invalid").max(2_147_483_647, "invalid");
export const version = z.coerce.number({ message: "versionMissing" }).int("versionMissing").min(1, "versionMissing");

export function enumField<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { message: "choose" });
}

/** A blank form value is an absent one. */
export const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

/** A whole number in [min, max]; blank means not recorded (null). */
export const optionalInt = (min: number, max: number, message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ message }).int(message).min(min, message).max(max, message).optional())
    .transform((v) => v ?? null);

/** "2024-03" or "2024.3" → first day of that month (UTC); blank means not recorded. */
export const optionalMonth = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const value = (s ?? "").trim();
    if (value === "") return null;
    const parsed = parseMonth(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: "monthInvalid" });
      return z.NEVER;
    }
    return parsed;
  });
