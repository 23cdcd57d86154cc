"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, Field, FormMessage, valueOf } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import { MILESTONE_STATUSES } from "@/lib/domain/enums";

export type ProgressFormMilestone = {
  id: number;
  version: number;
  status: string;
  actualValue: string;
  achieved: string;
  evidence: string;
  unit: string;
  /** JSON of the values the form showed when it was opened (see lib/data/concurrency.ts). */
  shown: string;
};

/**
 * The quick update of "My milestones": status, actual value, achieved date, evidence note,
 * saved without leaving the list. Keeps what the user typed when the save is refused.
 */
export function MilestoneProgressForm({ milestone, action, titleId }: {
  milestone: ProgressFormMilestone;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  titleId: string;
}) {
  const t = useTranslations("manage");
  const te = useTranslations("enums.milestoneStatus");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const f = (name: string) => `m${milestone.id}-${name}`;
  const errors = state.fieldErrors ?? {};
  // After a conflict the form carries the version now saved, so saving again is a deliberate
  // overwrite; after a success the page is revalidated and `milestone` carries the new version.
  const version = state.conflict?.currentVersion ?? milestone.version;
  return (
    <form action={formAction} className="progress-form" aria-labelledby={titleId} noValidate>
      <input type="hidden" name="id" value={milestone.id} />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="shown" value={milestone.shown} />
      <div className="progress-form__row">
        <Field id={f("status")} label={t("fields.status")} errors={errors.status}>
          <select id={f("status")} name="status" className="select select--sm" defaultValue={valueOf(state, "status", milestone.status)} key={`s${version}`} {...describedBy(f("status"), false, errors.status)}>
            {MILESTONE_STATUSES.map((s) => <option key={s} value={s}>{te(s)}</option>)}
          </select>
        </Field>
        <Field id={f("actual")} label={milestone.unit ? t("actualWithUnit", { unit: milestone.unit }) : t("fields.actualValue")} errors={errors.actualValue}>
          <input id={f("actual")} name="actualValue" className="input input--sm" inputMode="decimal" defaultValue={valueOf(state, "actualValue", milestone.actualValue)} key={`a${version}`} {...describedBy(f("actual"), false, errors.actualValue)} />
        </Field>
        <Field id={f("achieved")} label={t("fields.achievedDate")} hint={t("partialDateHint")} errors={errors.achieved}>
          <input id={f("achieved")} name="achieved" className="input input--sm" placeholder="2025-10" defaultValue={valueOf(state, "achieved", milestone.achieved)} key={`d${version}`} {...describedBy(f("achieved"), true, errors.achieved)} />
        </Field>
      </div>
      <Field id={f("evidence")} label={t("fields.evidence")} errors={errors.evidence}>
        <textarea id={f("evidence")} name="evidence" className="input" rows={2} maxLength={2000} defaultValue={valueOf(state, "evidence", milestone.evidence)} key={`e${version}`} {...describedBy(f("evidence"), false, errors.evidence)} />
      </Field>
      <div className="btn-group">
        <button type="submit" className="btn btn--primary btn--sm" disabled={pending}>{pending ? t("saving") : t("saveProgress")}</button>
      </div>
      <FormMessage state={state} statusLabels="milestoneStatus" />
    </form>
  );
}
