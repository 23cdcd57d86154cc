// What every server action returns to its form (useActionState), in the user's language.
export type FieldErrors = Record<string, string[]>;

/** A field someone else changed since the user opened the form: from what the user saw to what is saved now. */
export type ConflictChange = { field: string; was: string; now: string };

export type ActionState = {
  ok: boolean;
  /** A message for the whole form (success, refusal, conflict, unexpected error with reference). */
  message?: string;
  fieldErrors?: FieldErrors;
  /** When someone saved in the meantime: what they changed, so the user can decide. */
  conflict?: { changes: ConflictChange[]; currentVersion: number };
  /** The values the user submitted, so the form keeps them after a refusal. */
  values?: Record<string, string>;
};

export const INITIAL_ACTION_STATE: ActionState = { ok: false };
