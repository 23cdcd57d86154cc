"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { z } from "zod";
import type { FormField } from "@/components/forms/use-conform-form";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import {
  ProjectFields, StructureFormFooter, useStructureForm, type StructureAction,
} from "@/components/workspace/structure/structure-form-parts";
import { INITIAL_ACTION_STATE } from "@/lib/action-state";
import {
  AGREEMENT_STATUSES, agreementAmountsSchema, agreementSchema, paymentSchema, settlementSchema, spendingSchema,
} from "@/lib/validations/grants";

// The grant forms of a project (decision 0012). Lists, tables and the chart are rendered on the
// server (app/.../grant/page.tsx); these are checked in the browser with the server action's
// schema, keep what the user typed after a refusal and send the project's version, which guards
// everything under the project.

export type Option = { value: string; label: string };
type Base = { projectId: number; projectVersion: number; action: StructureAction };

function Submit({ pending, label }: { pending: boolean; label: string }) {
  const t = useTranslations("grants");
  return (
    <div className="btn-group">
      <button type="submit" className="btn btn--primary btn--sm" disabled={pending}>{pending ? t("saving") : label}</button>
    </div>
  );
}

type Common = { prefix: string; field: (name: string) => FormField };
type InputProps = Common & {
  name: string; label?: string; hint?: string; type?: string; inputMode?: "numeric" | "text"; max?: number; placeholder?: string; required?: boolean;
};

/** A text input labelled from grants.fields (or `label`). */
function Input({ prefix, field, name, label, hint, type, inputMode, max, placeholder, required }: InputProps) {
  const t = useTranslations("grants");
  const id = `${prefix}-${name}`;
  const f = field(name);
  return (
    <Field id={id} label={label ?? t(`fields.${name}` as "fields.stage")} hint={hint} errors={f.errors}>
      <input id={id} name={name} className="input" type={type ?? "text"} inputMode={inputMode} maxLength={max} placeholder={placeholder}
        aria-required={required || undefined} defaultValue={f.defaultValue} key={f.key}
        {...describedBy(id, Boolean(hint), f.errors)} />
    </Field>
  );
}

function Select({ prefix, field, name, options, emptyLabel }: Common & { name: string; options: Option[]; emptyLabel?: string }) {
  const t = useTranslations("grants");
  const id = `${prefix}-${name}`;
  const f = field(name);
  const value = f.defaultValue || (emptyLabel === undefined ? options[0]?.value : "");
  return (
    <Field id={id} label={t(`fields.${name}` as "fields.stage")} errors={f.errors}>
      <select id={id} name={name} className="select" defaultValue={value} key={f.key} {...describedBy(id, false, f.errors)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

function useForm(schema: z.ZodType, action: StructureAction, projectVersion: number, prefix: string, saved?: Record<string, string>) {
  const { state, pending, field, formProps, versionToSend } = useStructureForm(schema, action, saved);
  return { state, formProps, pending, field, version: versionToSend(projectVersion), common: { prefix, field } };
}

/** Adds an agreement, or changes one (`agreement` given): a signed agreement's change is an amendment. */
export function AgreementForm({ projectId, projectVersion, action, agreement, subProjects }: Base & {
  agreement?: Record<string, string> & { id: string }; subProjects: Option[];
}) {
  const t = useTranslations("grants");
  const { state, formProps, pending, field, version, common } = useForm(agreementSchema, action, projectVersion, `ag-${agreement?.id ?? "new"}`, agreement);
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={version} />
      {agreement && <input type="hidden" name="id" value={agreement.id} />}
      {subProjects.length > 0 && <Select {...common} name="subProjectId" options={subProjects} emptyLabel={t("wholeProject")} />}
      <Input {...common} name="fiscalYear" inputMode="numeric" max={4} placeholder="2025" required />
      <Input {...common} name="stage" inputMode="numeric" max={2} placeholder="1" />
      <Select {...common} name="status" options={AGREEMENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      <Input {...common} name="agreementNumber" max={64} />
      <Input {...common} name="signedOn" type="date" />
      <Input {...common} name="periodStart" type="date" />
      <Input {...common} name="periodEnd" type="date" />
      {agreement && <Input {...common} name="reason" max={500} hint={t("editAgreementHint")} />}
      <Input {...common} name="noteKo" max={2000} />
      <Submit pending={pending} label={t("saveAgreement")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** The awarded amounts of one agreement per participating institution, as one change. */
export function AgreementAmountsForm({ projectId, projectVersion, action, agreementId, rows, needsReason }: Base & {
  agreementId: number;
  rows: { institutionId: number; name: string; governmentWon: string; privateCashWon: string; privateInKindWon: string }[];
  needsReason: boolean;
}) {
  const t = useTranslations("grants");
  const saved = Object.fromEntries(rows.flatMap((r) => [
    [`governmentWon_${r.institutionId}`, r.governmentWon], [`privateCashWon_${r.institutionId}`, r.privateCashWon], [`privateInKindWon_${r.institutionId}`, r.privateInKindWon],
  ]));
  const { state, formProps, pending, field, version, common } = useForm(agreementAmountsSchema, action, projectVersion, `am-${agreementId}`, saved);
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={version} />
      <input type="hidden" name="agreementId" value={agreementId} />
      <p className="field__hint">{t("amountsHint")}</p>
      {rows.map((r) => (
        <fieldset key={r.institutionId} className="fieldset">
          <legend>{r.name}</legend>
          <Input {...common} name={`governmentWon_${r.institutionId}`} label={t("government")} inputMode="numeric" max={40} />
          <Input {...common} name={`privateCashWon_${r.institutionId}`} label={t("privateCash")} inputMode="numeric" max={40} />
          <Input {...common} name={`privateInKindWon_${r.institutionId}`} label={t("privateInKind")} inputMode="numeric" max={40} />
        </fieldset>
      ))}
      {needsReason && <Input {...common} name="reason" max={500} hint={t("editAgreementHint")} />}
      <Submit pending={pending} label={t("saveAmounts")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** Records an installment of the government contribution. */
export function PaymentForm({ projectId, projectVersion, action, agreements, institutions, today }: Base & { agreements: Option[]; institutions: Option[]; today: string }) {
  const t = useTranslations("grants");
  const { state, formProps, pending, field, version, common } = useForm(paymentSchema, action, projectVersion, "pay-new", { paidOn: today });
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={version} />
      <Select {...common} name="agreementId" options={agreements} emptyLabel={t("choose")} />
      <Select {...common} name="institutionId" options={institutions} emptyLabel={t("choose")} />
      <Input {...common} name="paidOn" type="date" required />
      <Input {...common} name="amountWon" inputMode="numeric" max={40} required />
      <Input {...common} name="noteKo" max={500} />
      <Submit pending={pending} label={t("addPayment")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

export function DeletePaymentForm({ projectId, projectVersion, action, id, label }: Base & { id: number; label: string }) {
  const t = useTranslations("grants");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction}>
      <ProjectFields projectId={projectId} version={String(Math.max(projectVersion, state.conflict?.currentVersion ?? 0))} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="btn btn--tertiary btn--sm" disabled={pending} aria-label={label}>{t("deletePayment")}</button>
      {[...(state.fieldErrors?.version ?? []), ...(state.fieldErrors?.id ?? [])].map((e) => <p key={e} className="field__error">{e}</p>)}
      <FormMessage state={state} />
    </form>
  );
}

/** One quarter's spending of one institution under one agreement, by cost category. */
export function SpendingForm({ projectId, projectVersion, action, agreements, institutions, quarters, categories }: Base & {
  agreements: Option[]; institutions: Option[]; quarters: Option[]; categories: { code: string; label: string }[];
}) {
  const t = useTranslations("grants");
  const { state, formProps, pending, field, version, common } = useForm(spendingSchema, action, projectVersion, "sp-new");
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={version} />
      <p className="field__hint">{t("spendingHint")}</p>
      <Select {...common} name="agreementId" options={agreements} emptyLabel={t("choose")} />
      <Select {...common} name="institutionId" options={institutions} emptyLabel={t("choose")} />
      <Select {...common} name="quarter" options={quarters} emptyLabel={t("choose")} />
      <fieldset className="fieldset">
        <legend>{t("category")}</legend>
        {categories.map((c) => <Input key={c.code} {...common} name={`spent_${c.code}`} label={c.label} inputMode="numeric" max={40} />)}
      </fieldset>
      <Submit pending={pending} label={t("addSpending")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** The settlement of one institution's part of an agreement. */
export function SettlementForm({ projectId, projectVersion, action, agreements, institutions }: Base & { agreements: Option[]; institutions: Option[] }) {
  const t = useTranslations("grants");
  const { state, formProps, pending, field, version, common } = useForm(settlementSchema, action, projectVersion, "st-new");
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={version} />
      <p className="field__hint">{t("settlementHint")}</p>
      <Select {...common} name="agreementId" options={agreements} emptyLabel={t("choose")} />
      <Select {...common} name="institutionId" options={institutions} emptyLabel={t("choose")} />
      <Input {...common} name="settledOn" type="date" required />
      <Input {...common} name="recognisedWon" inputMode="numeric" max={40} required />
      <Input {...common} name="disallowedWon" inputMode="numeric" max={40} />
      <Input {...common} name="disallowedReason" max={500} />
      <Input {...common} name="toReturnWon" inputMode="numeric" max={40} />
      <Input {...common} name="returnedOn" type="date" />
      <Submit pending={pending} label={t("saveSettlement")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}
