// The one translation of a schema's message key into the user's language, used by the server
// (lib/server/run-action.ts) and by the forms' client-side validation
// (components/forms/use-conform-form.ts), so a refusal reads the same on both sides.
// Schemas name problems with keys of the `validation` namespace; a key it lacks (zod's own
// default messages) reads as the generic "invalid".

/** The part of a next-intl translator for the `validation` namespace that this needs. */
export type ValidationTranslator = {
  (key: "invalid"): string;
  has(key: string): boolean;
};

export function validationMessage(tv: ValidationTranslator, key: string): string {
  return tv((tv.has(key) ? key : "invalid") as "invalid");
}

/** The field a zod issue belongs to, as runAction and the forms name it ("form" for the whole form). */
export function issueField(path: readonly PropertyKey[]): string {
  return String(path[0] ?? "form");
}
