"use client";

import { useTranslations } from "next-intl";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";
import { EVALUATION_CRITERIA, EVALUATION_KINDS, verdictsFor, type EvaluationKind } from "@/lib/domain/evaluation";
import { evaluationSchema } from "@/lib/validations/evaluation";

/** A reviewer's evaluation: scores per criterion (the total is shown here and recomputed on the server). */
export function EvaluationForm({ projectId, today, action }: { projectId: number; today: string; action: (s: ActionState, f: FormData) => Promise<ActionState> }) {
  const t = useTranslations("evaluation");
  const te = useTranslations("enums");
  const { state, pending, field, formProps } = useConformForm({
    schema: evaluationSchema,
    action,
    defaultValue: { kind: "STAGE", round: "1", evaluatedOn: today },
  });
  // The kind chosen and the scores typed, as the form holds them now (Conform follows every input).
  const kindField = field("kind");
  const kind = (EVALUATION_KINDS as readonly string[]).includes(kindField.value ?? "") ? (kindField.value as EvaluationKind) : "STAGE";
  const total = EVALUATION_CRITERIA.reduce((sum, c) => {
    const n = Number(field(`score_${c.code}`).value ?? "");
    return sum + (Number.isInteger(n) && n >= 0 && n <= c.max ? n : 0);
  }, 0);
  const [round, evaluatedOn, verdict, comments] = [field("round"), field("evaluatedOn"), field("verdict"), field("comments")];
  return (
    <form {...formProps} className="stack">
      <input type="hidden" name="projectId" value={projectId} />
      <Field id="ev-kind" label={t("kind")} errors={kindField.errors}>
        <select id="ev-kind" name="kind" className="select" defaultValue={kindField.defaultValue} key={kindField.key} {...describedBy("ev-kind", false, kindField.errors)}>
          {EVALUATION_KINDS.map((k) => <option key={k} value={k}>{te(`evaluationKind.${k}`)}</option>)}
        </select>
      </Field>
      <Field id="ev-round" label={t("round")} hint={t("roundHint")} errors={round.errors}>
        <input id="ev-round" name="round" className="input" inputMode="numeric" defaultValue={round.defaultValue} key={round.key} {...describedBy("ev-round", true, round.errors)} />
      </Field>
      <Field id="ev-date" label={t("evaluatedOn")} errors={evaluatedOn.errors}>
        <input id="ev-date" name="evaluatedOn" type="date" className="input" max={today} defaultValue={evaluatedOn.defaultValue} key={evaluatedOn.key} {...describedBy("ev-date", false, evaluatedOn.errors)} />
      </Field>
      <fieldset className="checkbox-group">
        <legend className="checkbox-group__legend">{t("scores")}</legend>
        {EVALUATION_CRITERIA.map((c) => {
          const score = field(`score_${c.code}`);
          return (
            <Field key={c.code} id={`ev-${c.code}`} label={t("criterionLabel", { name: t(`criterion.${c.code}`), max: c.max })} errors={score.errors}>
              <input id={`ev-${c.code}`} name={score.name} className="input input--sm" inputMode="numeric" defaultValue={score.defaultValue}
                {...describedBy(`ev-${c.code}`, false, score.errors)} />
            </Field>
          );
        })}
        <p className="text-sm" aria-live="polite">{t("total", { total })}</p>
      </fieldset>
      <Field id="ev-verdict" label={t("verdict")} errors={verdict.errors}>
        {/* The verdicts depend on the kind: a new list starts at its first verdict. */}
        <select id="ev-verdict" name="verdict" className="select" key={kind} defaultValue={verdictsFor(kind)[0]} {...describedBy("ev-verdict", false, verdict.errors)}>
          {verdictsFor(kind).map((v) => <option key={v} value={v}>{te(`verdict.${v}`)}</option>)}
        </select>
      </Field>
      <Field id="ev-comments" label={t("comments")} errors={comments.errors}>
        <textarea id="ev-comments" name="comments" className="input" rows={4} maxLength={4000} defaultValue={comments.defaultValue} key={comments.key} {...describedBy("ev-comments", false, comments.errors)} />
      </Field>
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending}>{pending ? t("saving") : t("save")}</button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
