"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { describedBy, Field, FormMessage, valueOf } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import { EVALUATION_CRITERIA, EVALUATION_KINDS, verdictsFor, type EvaluationKind } from "@/lib/domain/evaluation";

/** A reviewer's evaluation: scores per criterion (the total is shown here and recomputed on the server). */
export function EvaluationForm({ projectId, today, action }: { projectId: number; today: string; action: (s: ActionState, f: FormData) => Promise<ActionState> }) {
  const t = useTranslations("evaluation");
  const te = useTranslations("enums");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const [kind, setKind] = useState<EvaluationKind>((state.values?.kind as EvaluationKind | undefined) ?? "STAGE");
  const [scores, setScores] = useState<Record<string, string>>({});
  const errors = state.fieldErrors ?? {};
  const total = EVALUATION_CRITERIA.reduce((sum, c) => {
    const n = Number(scores[c.code] ?? state.values?.[`score_${c.code}`] ?? "");
    return sum + (Number.isInteger(n) && n >= 0 && n <= c.max ? n : 0);
  }, 0);
  return (
    <form action={formAction} className="stack" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <Field id="ev-kind" label={t("kind")} errors={errors.kind}>
        <select id="ev-kind" name="kind" className="select" value={kind} onChange={(e) => setKind(e.target.value as EvaluationKind)}>
          {EVALUATION_KINDS.map((k) => <option key={k} value={k}>{te(`evaluationKind.${k}`)}</option>)}
        </select>
      </Field>
      <Field id="ev-round" label={t("round")} hint={t("roundHint")} errors={errors.round}>
        <input id="ev-round" name="round" className="input" inputMode="numeric" defaultValue={valueOf(state, "round", "1")} {...describedBy("ev-round", true, errors.round)} />
      </Field>
      <Field id="ev-date" label={t("evaluatedOn")} errors={errors.evaluatedOn}>
        <input id="ev-date" name="evaluatedOn" type="date" className="input" max={today} defaultValue={valueOf(state, "evaluatedOn", today)} {...describedBy("ev-date", false, errors.evaluatedOn)} />
      </Field>
      <fieldset className="checkbox-group">
        <legend className="checkbox-group__legend">{t("scores")}</legend>
        {EVALUATION_CRITERIA.map((c) => {
          const name = `score_${c.code}`;
          return (
            <Field key={c.code} id={`ev-${c.code}`} label={t("criterionLabel", { name: t(`criterion.${c.code}`), max: c.max })} errors={errors[name]}>
              <input id={`ev-${c.code}`} name={name} className="input input--sm" inputMode="numeric" defaultValue={valueOf(state, name, "")}
                onChange={(e) => setScores((s) => ({ ...s, [c.code]: e.target.value }))} {...describedBy(`ev-${c.code}`, false, errors[name])} />
            </Field>
          );
        })}
        <p className="text-sm" aria-live="polite">{t("total", { total })}</p>
      </fieldset>
      <Field id="ev-verdict" label={t("verdict")} errors={errors.verdict}>
        <select id="ev-verdict" name="verdict" className="select" key={kind} defaultValue={verdictsFor(kind)[0]}>
          {verdictsFor(kind).map((v) => <option key={v} value={v}>{te(`verdict.${v}`)}</option>)}
        </select>
      </Field>
      <Field id="ev-comments" label={t("comments")} errors={errors.comments}>
        <textarea id="ev-comments" name="comments" className="input" rows={4} maxLength={4000} defaultValue={valueOf(state, "comments", "")} />
      </Field>
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending}>{pending ? t("saving") : t("save")}</button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
