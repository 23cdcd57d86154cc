import "server-only";
import { getTranslations } from "next-intl/server";
import type { z } from "zod";
import type { ActionState, FieldErrors } from "@/lib/action-state";
import { isAppError, logUnexpected } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/server/database-unavailable";
import { issueField, validationMessage } from "@/lib/validations/messages";

// The shape of every server action (house style rule 9): parse the submitted form with the
// form's shared zod schema, call the data layer, and turn every outcome into an ActionState in
// the user's language. Expected errors (AppError) show their message; anything else is logged
// with its stack and shown as a generic message with a reference id. Never a stack trace.

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

export async function runAction<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  run: (input: z.infer<S>) => Promise<ActionState | void>,
  context: string,
): Promise<ActionState> {
  const t = await getTranslations("errors");
  const tv = await getTranslations("validation");
  const values = formValues(formData);
  // A NUL byte cannot be stored (PostgreSQL refuses it): name the field instead of failing later.
  const withNul = Object.keys(values).filter((key) => values[key]!.includes("\u0000"));
  if (withNul.length > 0) {
    return { ok: false, message: t("checkFields"), fieldErrors: Object.fromEntries(withNul.map((key) => [key, [tv("invalid")]])), values };
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      (fieldErrors[issueField(issue.path)] ??= []).push(validationMessage(tv, issue.message));
    }
    return { ok: false, message: t("checkFields"), fieldErrors, values };
  }
  try {
    const result = await run(parsed.data);
    return result ?? { ok: true, message: t("saved") };
  } catch (error) {
    if (isAppError(error)) {
      const key = t.has(error.messageKey) ? error.messageKey : error.code;
      const details = (error.details ?? {}) as ActionState;
      const fieldErrors = details.fieldErrors
        ? Object.fromEntries(Object.entries(details.fieldErrors).map(([field, keys]) => [field, keys.map((k) => (tv.has(k) ? tv(k as "invalid") : k))]))
        : undefined;
      return { ok: false, message: t(key as "FORBIDDEN"), values, conflict: details.conflict, fieldErrors };
    }
    // PostgreSQL down, restarting or too slow: the transaction did not commit, so say exactly that
    // (docs/decisions/0028-database-outages-and-shutdown.md).
    if (isDatabaseUnavailable(error)) {
      logUnexpected(error, context);
      return { ok: false, message: t("databaseUnavailable"), values };
    }
    const reference = logUnexpected(error, context);
    return { ok: false, message: t("unexpected", { reference }), values };
  }
}
