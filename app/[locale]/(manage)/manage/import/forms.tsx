"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import { mappingSchema, pickerSchema } from "@/lib/validations/import";

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

/** A mapping's name field, with its error (the browser's check or the server's). */
function MappingName({ id, field }: { id: string; field: { defaultValue: string; key: string | undefined; errors: string[] | undefined } }) {
  const t = useTranslations("import");
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>{t("mappingName")}</label>
      <input id={id} name="name" className="input" maxLength={100} required defaultValue={field.defaultValue} key={field.key} {...describedBy(id, false, field.errors)} />
      {field.errors?.map((e) => <p key={e} className="field__error" id={`${id}-error`}>{e}</p>)}
    </div>
  );
}

export function MappingForm({ action }: { action: Action }) {
  const t = useTranslations("import");
  const { state, pending, field, formProps } = useConformForm({ schema: mappingSchema, action });
  const rules = field("rules");
  return (
    <form {...formProps} className="stack">
      <MappingName id="mapping-name" field={field("name")} />
      <div className="field">
        <label className="field__label" htmlFor="mapping-rules">{t("mappingRules")}</label>
        <p className="field__hint" id="mapping-rules-hint">{t("mappingsHelp")}</p>
        <textarea id="mapping-rules" name="rules" className="input" rows={6} defaultValue={rules.defaultValue} key={rules.key}
          {...describedBy("mapping-rules", true, rules.errors)} />
        {rules.errors?.map((e) => <p key={e} className="field__error" id="mapping-rules-error">{e}</p>)}
      </div>
      <div className="btn-group"><button type="submit" className="btn btn--secondary" disabled={pending}>{t("mappingSave")}</button></div>
      <FormMessage state={state} />
    </form>
  );
}

export type PickerSheet = { name: string; kind: string | null; headers: string[]; chosen: Record<string, Record<string, string>> };
export type PickerKind = { kind: string; label: string; fields: { field: string; label: string; required: boolean }[] };

/**
 * The column picker: for each sheet of the uploaded file, the kind it holds and, per template
 * field, which of the file's headers holds it (native selects: keyboard and screen-reader friendly).
 * Saved under a name, the mapping is chosen when the file is uploaded again.
 */
export function MappingPicker({ action, sheets, kinds }: { action: Action; sheets: PickerSheet[]; kinds: PickerKind[] }) {
  const t = useTranslations("import");
  const { state, pending, field, formProps } = useConformForm({ schema: pickerSchema, action });
  const [chosenKinds, setChosenKinds] = useState(() => sheets.map((s) => s.kind ?? ""));
  return (
    <form {...formProps} className="stack" aria-labelledby="mapping-picker-title">
      <h2 id="mapping-picker-title">{t("mappingPickerTitle")}</h2>
      <p className="text-sm">{t("mappingPickerHelp")}</p>
      {sheets.map((sheet, n) => {
        const kind = kinds.find((k) => k.kind === chosenKinds[n]);
        return (
          <fieldset key={`${n}-${sheet.name}`} className="stack">
            <legend>{t("mappingPickerSheet", { name: sheet.name })}</legend>
            <div className="field">
              <label className="field__label" htmlFor={`kind-${n}`}>{t("mappingPickerKind")}</label>
              <select id={`kind-${n}`} name={`kind-${n}`} className="input" value={chosenKinds[n]} onChange={(e) => setChosenKinds((all) => all.map((k, i) => (i === n ? e.target.value : k)))}>
                <option value="">{t("mappingPickerIgnore")}</option>
                {kinds.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
              </select>
            </div>
            {kind ? kind.fields.map((f) => (
              <div className="field" key={`${kind.kind}-${f.field}`}>
                <label className="field__label" htmlFor={`field-${n}-${f.field}`}>{f.label}{f.required ? ` (${t("mappingPickerRequired")})` : ""}</label>
                <select id={`field-${n}-${f.field}`} name={`field-${n}-${f.field}`} className="input" defaultValue={sheet.chosen[kind.kind]?.[f.field] ?? ""}>
                  <option value="">{t("mappingPickerNone")}</option>
                  {sheet.headers.filter(Boolean).map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </div>
            )) : null}
          </fieldset>
        );
      })}
      <MappingName id="mapping-picker-name" field={field("name")} />
      <div className="btn-group"><button type="submit" className="btn btn--secondary" disabled={pending}>{t("mappingSave")}</button></div>
      <FormMessage state={state} />
    </form>
  );
}
