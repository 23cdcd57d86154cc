"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** One button that runs a step of an import (apply, cancel, retry) and shows its outcome. */
export function ImportStepButton({ id, action, label, primary }: { id: number; action: Action; label: string; primary?: boolean }) {
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={primary ? "btn btn--primary" : "btn btn--secondary"} disabled={pending}>{label}</button>
      {!state.ok && state.message ? <FormMessage state={state} /> : null}
    </form>
  );
}

const ACTIVE = new Set(["QUEUED", "DRY_RUNNING", "APPLY_QUEUED", "APPLYING"]);

/**
 * The progress bar: polls the import's status once a second while a job runs (so it survives a
 * reload: the state is in the database), and refreshes the page when the step finishes.
 */
export function ImportProgress({ id, status, done, total }: { id: number; status: string; done: number; total: number }) {
  const t = useTranslations("import");
  const router = useRouter();
  // The page gives this component a key per status, so a refreshed page starts it afresh.
  const [state, setState] = useState({ status, done, total });
  useEffect(() => {
    if (!ACTIVE.has(state.status)) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(`/api/imports/${id}`, { cache: "no-store" });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as { status: string; progressDone: number; progressTotal: number };
        setState({ status: next.status, done: next.progressDone, total: next.progressTotal });
        if (!ACTIVE.has(next.status)) router.refresh();
      } catch {
        // The next tick tries again.
      }
    }, 1_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [id, state.status, router]);
  if (!ACTIVE.has(state.status)) return null;
  const percent = state.total > 0 ? Math.min(100, Math.round((state.done / state.total) * 100)) : undefined;
  return (
    <div className="stack" data-testid="import-progress">
      <label htmlFor={`import-progress-${id}`}>{t("progress")} · {t(`status.${state.status}` as "status.QUEUED")}</label>
      <progress id={`import-progress-${id}`} max={100} value={percent} aria-valuetext={state.total ? t("progressRows", { done: state.done, total: state.total }) : undefined} />
      {state.total > 0 ? <p className="text-sm">{t("progressRows", { done: state.done.toLocaleString(), total: state.total.toLocaleString() })}</p> : null}
    </div>
  );
}

export function MappingForm({ action }: { action: Action }) {
  const t = useTranslations("import");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction} className="stack">
      <div className="field">
        <label className="field__label" htmlFor="mapping-name">{t("mappingName")}</label>
        <input id="mapping-name" name="name" className="input" maxLength={100} required defaultValue={state.values?.name ?? ""} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="mapping-rules">{t("mappingRules")}</label>
        <p className="field__hint" id="mapping-rules-hint">{t("mappingsHelp")}</p>
        <textarea id="mapping-rules" name="rules" className="input" rows={6} aria-describedby="mapping-rules-hint" defaultValue={state.values?.rules ?? ""} />
        {state.fieldErrors?.rules?.map((e) => <p key={e} className="field__error">{e}</p>)}
      </div>
      <div className="btn-group"><button type="submit" className="btn btn--secondary" disabled={pending}>{t("mappingSave")}</button></div>
      <FormMessage state={state} />
    </form>
  );
}
