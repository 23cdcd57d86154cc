"use client";

import { useTranslations } from "next-intl";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";
import { MILESTONE_STATUSES } from "@/lib/domain/enums";
import { milestoneProgressSchema } from "@/lib/validations/milestone";

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
  const { state, pending, field, formProps, versionToSend } = useConformForm({
    schema: milestoneProgressSchema,
    action,
    defaultValue: { status: milestone.status, actualValue: milestone.actualValue, achieved: milestone.achieved, evidence: milestone.evidence },
  });
  const f = (name: string) => `m${milestone.id}-${name}`;
  const [status, actual, achieved, evidence] = [field("status"), field("actualValue"), field("achieved"), field("evidence")];
  // After a conflict the form carries the version now saved, so saving again is a deliberate
  // overwrite; after a success the page is revalidated and `milestone` carries the new version.
  return (
    <form {...formProps} className="progress-form" aria-labelledby={titleId}>
      <input type="hidden" name="id" value={milestone.id} />
      <input type="hidden" name="version" value={versionToSend(milestone.version)} />
      <input type="hidden" name="shown" value={milestone.shown} />
      <div className="progress-form__row">
        <Field id={f("status")} label={t("fields.status")} errors={status.errors}>
          <select id={f("status")} name="status" className="select select--sm" defaultValue={status.defaultValue} key={status.key} {...describedBy(f("status"), false, status.errors)}>
            {MILESTONE_STATUSES.map((s) => <option key={s} value={s}>{te(s)}</option>)}
          </select>
        </Field>
        <Field id={f("actual")} label={milestone.unit ? t("actualWithUnit", { unit: milestone.unit }) : t("fields.actualValue")} errors={actual.errors}>
          <input id={f("actual")} name="actualValue" className="input input--sm" inputMode="decimal" defaultValue={actual.defaultValue} key={actual.key} {...describedBy(f("actual"), false, actual.errors)} />
        </Field>
        <Field id={f("achieved")} label={t("fields.achievedDate")} hint={t("partialDateHint")} errors={achieved.errors}>
          <input id={f("achieved")} name="achieved" className="input input--sm" placeholder="2025-10" defaultValue={achieved.defaultValue} key={achieved.key} {...describedBy(f("achieved"), true, achieved.errors)} />
        </Field>
      </div>
      <Field id={f("evidence")} label={t("fields.evidence")} errors={evidence.errors}>
        <textarea id={f("evidence")} name="evidence" className="input" rows={2} maxLength={2000} defaultValue={evidence.defaultValue} key={evidence.key} {...describedBy(f("evidence"), false, evidence.errors)} />
      </Field>
      <div className="btn-group">
        <button type="submit" className="btn btn--primary btn--sm" disabled={pending}>{pending ? t("saving") : t("saveProgress")}</button>
      </div>
      <FormMessage state={state} statusLabels="milestoneStatus" />
    </form>
  );
}
