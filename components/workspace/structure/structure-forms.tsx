"use client";

import { useTranslations } from "next-intl";
import { IDENTIFIER_SCHEMES, PARTICIPATION_ROLES, PERSON_ROLES } from "@/lib/domain/enums";
import { InstitutionCombobox, type InstitutionSearch } from "./institution-combobox";
import {
  ProjectFields, SelectField, StructureFormFooter, TextField, useStructureAction, versionToSend, type StructureAction,
} from "./structure-form-parts";

// The add, edit and remove forms under a project. Lists and tables are rendered on the server
// (sections.tsx); these keep what the user typed after a refusal and send the project's version.

type Option = { value: string; label: string };
type Base = { projectId: number; projectVersion: number; action: StructureAction };
type Chooser = { search: InstitutionSearch; canCreateInstitution: boolean };

function SubmitButton({ pending, label }: { pending: boolean; label: string }) {
  const t = useTranslations("structure");
  return (
    <div className="btn-group">
      <button type="submit" className="btn btn--primary btn--sm" disabled={pending}>{pending ? t("saving") : label}</button>
    </div>
  );
}

/** Adds a funding line, or edits one (`line` given). Amounts left empty are unknown, never 0. */
export function FundingLineForm({ projectId, projectVersion, action, line, shown, subProjects }: Base & {
  line?: Record<string, string> & { id: string };
  shown?: string;
  subProjects: Option[];
}) {
  const t = useTranslations("structure");
  const [state, formAction, pending] = useStructureAction(action);
  const version = versionToSend(state, projectVersion);
  const common = { prefix: `fl-${line?.id ?? "new"}`, state, saved: line, revision: `${version}-${state.count}` };
  return (
    <form action={formAction} className="stack" noValidate>
      <ProjectFields projectId={projectId} version={version} />
      {line && <input type="hidden" name="id" value={line.id} />}
      {shown && <input type="hidden" name="shown" value={shown} />}
      <SelectField {...common} name="subProjectId" options={subProjects} emptyLabel={t("wholeProject")} />
      <TextField {...common} name="fiscalYear" max={4} inputMode="numeric" placeholder="2024" hint={t("yearOrStageHint")} />
      <TextField {...common} name="stage" max={2} inputMode="numeric" />
      <TextField {...common} name="governmentWon" max={40} inputMode="numeric" hint={t("wonHint")} />
      <TextField {...common} name="privateCashWon" max={40} inputMode="numeric" />
      <TextField {...common} name="privateInKindWon" max={40} inputMode="numeric" />
      <TextField {...common} name="noteKo" max={2000} />
      <TextField {...common} name="noteEn" max={2000} />
      <SubmitButton pending={pending} label={line ? t("saveFundingLine") : t("addFundingLine")} />
      <StructureFormFooter state={state} />
    </form>
  );
}

/** Adds a sub-project, or edits one (`subProject` given). */
export function SubProjectForm({ projectId, projectVersion, action, subProject, shown, search, canCreateInstitution }: Base & Chooser & {
  subProject?: Record<string, string> & { id: string; leadInstitutionId: string; leadInstitutionName: string };
  shown?: string;
}) {
  const t = useTranslations("structure");
  const [state, formAction, pending] = useStructureAction(action);
  const version = versionToSend(state, projectVersion);
  const prefix = `sp-${subProject?.id ?? "new"}`;
  const revision = `${version}-${state.count}`;
  const common = { prefix, state, saved: subProject, revision };
  const lead = subProject?.leadInstitutionId ? { id: subProject.leadInstitutionId, name: subProject.leadInstitutionName } : undefined;
  return (
    <form action={formAction} className="stack" noValidate>
      <ProjectFields projectId={projectId} version={version} />
      {subProject && <input type="hidden" name="id" value={subProject.id} />}
      {shown && <input type="hidden" name="shown" value={shown} />}
      <TextField {...common} name="seq" max={2} inputMode="numeric" required />
      <TextField {...common} name="titleKo" max={500} required />
      <TextField {...common} name="titleEn" max={500} />
      <InstitutionCombobox key={`lead-${revision}`} prefix={prefix} label={t("leadLabel")} required={false} state={state} saved={lead}
        search={search} canCreate={canCreateInstitution} />
      <TextField {...common} name="periodStart" type="month" placeholder="2024-03" hint={t("subPeriodHint")} />
      <TextField {...common} name="periodEnd" type="month" placeholder="2024-03" />
      <SubmitButton pending={pending} label={subProject ? t("saveSubProject") : t("addSubProject")} />
      <StructureFormFooter state={state} />
    </form>
  );
}

/** Adds an institution in a role to the project or one of its sub-projects. */
export function ParticipationForm({ projectId, projectVersion, action, subProjects, search, canCreateInstitution }: Base & Chooser & { subProjects: Option[] }) {
  const t = useTranslations("structure");
  const te = useTranslations("enums");
  const [state, formAction, pending] = useStructureAction(action);
  const version = versionToSend(state, projectVersion);
  const revision = `${version}-${state.count}`;
  const common = { prefix: "pa-new", state, revision };
  return (
    <form action={formAction} className="stack" noValidate>
      <ProjectFields projectId={projectId} version={version} />
      <InstitutionCombobox key={`inst-${revision}`} prefix="pa-new" label={t("institutionLabel")} required state={state}
        search={search} canCreate={canCreateInstitution} />
      <SelectField {...common} name="role" options={PARTICIPATION_ROLES.map((r) => ({ value: r, label: te(`role.${r}`) }))} />
      {subProjects.length > 0 && <SelectField {...common} name="subProjectId" options={subProjects} emptyLabel={t("wholeProject")} />}
      <SubmitButton pending={pending} label={t("addParticipation")} />
      <StructureFormFooter state={state} />
    </form>
  );
}

/** Adds a researcher with role, affiliation and position. */
export function PersonForm({ projectId, projectVersion, action, search, canCreateInstitution }: Base & Chooser) {
  const t = useTranslations("structure");
  const te = useTranslations("enums");
  const [state, formAction, pending] = useStructureAction(action);
  const version = versionToSend(state, projectVersion);
  const revision = `${version}-${state.count}`;
  const common = { prefix: "pp-new", state, revision };
  return (
    <form action={formAction} className="stack" noValidate>
      <ProjectFields projectId={projectId} version={version} />
      <TextField {...common} name="nameKo" max={100} required />
      <TextField {...common} name="nameEn" max={100} />
      <SelectField {...common} name="role" options={PERSON_ROLES.map((r) => ({ value: r, label: te(`personRole.${r}`) }))} saved={{ role: "RESEARCHER" }} />
      <InstitutionCombobox key={`aff-${revision}`} prefix="pp-new" label={t("affiliationLabel")} required={false} state={state}
        search={search} canCreate={canCreateInstitution} />
      <TextField {...common} name="positionKo" max={100} />
      <TextField {...common} name="positionEn" max={100} />
      <SubmitButton pending={pending} label={t("addPerson")} />
      <StructureFormFooter state={state} />
    </form>
  );
}

/** Adds an identifier such as the NTIS project number. */
export function IdentifierForm({ projectId, projectVersion, action }: Base) {
  const t = useTranslations("structure");
  const te = useTranslations("enums");
  const [state, formAction, pending] = useStructureAction(action);
  const version = versionToSend(state, projectVersion);
  const common = { prefix: "id-new", state, revision: `${version}-${state.count}` };
  return (
    <form action={formAction} className="stack" noValidate>
      <ProjectFields projectId={projectId} version={version} />
      <SelectField {...common} name="scheme" options={IDENTIFIER_SCHEMES.map((s) => ({ value: s, label: te(`identifierScheme.${s}`) }))} />
      <TextField {...common} name="value" max={100} required />
      <SubmitButton pending={pending} label={t("addIdentifier")} />
      <StructureFormFooter state={state} />
    </form>
  );
}

/** Removes one row after a confirmation; `name` tells screen-reader users which row. */
export function RemoveRowForm({ projectId, projectVersion, action, id, name }: Base & { id: number; name: string }) {
  const t = useTranslations("structure");
  const [state, formAction, pending] = useStructureAction(action);
  const version = versionToSend(state, projectVersion);
  return (
    <form action={formAction} onSubmit={(e) => { if (!window.confirm(t("confirmRemove", { name }))) e.preventDefault(); }}>
      <ProjectFields projectId={projectId} version={version} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="btn btn--text btn--sm" disabled={pending} aria-label={t("removeNamed", { name })}>{t("remove")}</button>
      <StructureFormFooter state={state} />
    </form>
  );
}
