"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

/** One button that runs a server action (mark read, send again) and says what happened. */
export function ActionButton({ action, fields, label, pendingLabel, className }: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  pendingLabel?: string;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction} className="notification__action">
      {Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit" className={className ?? "btn btn--secondary btn--sm"} disabled={pending}>{pending && pendingLabel ? pendingLabel : label}</button>
      {!state.ok && <FormMessage state={state} />}
      {state.ok && state.message && <p className="sr-only" role="status">{state.message}</p>}
    </form>
  );
}
