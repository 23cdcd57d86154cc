import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { validationMessage, type ValidationTranslator } from "@/lib/validations/messages";

// zod 4 compiles object parsers with `new Function` when it may, and finds out whether it may by
// trying: under our CSP (no 'unsafe-eval') that try is a reported violation on every page with a
// form. Parsing without the compiled fast path is plenty fast for one form.
z.config({ jitless: true });

/**
 * The browser's check of a submitted form: the form's shared zod schema, each problem worded by
 * the function runAction words it with (lib/validations/messages.ts). Forms send strings and the
 * schemas read strings (empty means "not given"), as on the server: no coercion by Conform.
 */
export function checkForm(formData: FormData, schema: z.ZodType, tv: ValidationTranslator): Submission<Record<string, string>, string[], unknown> {
  return parseWithZod(formData, {
    schema,
    disableAutoCoercion: true,
    formatError: (issues: { message: string }[]) => issues.map((issue) => validationMessage(tv, issue.message)),
  });
}
