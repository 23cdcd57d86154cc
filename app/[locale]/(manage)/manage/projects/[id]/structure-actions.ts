"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { deleteFundingLine, saveFundingLine } from "@/lib/data/project-structure/funding-lines";
import { addIdentifier, removeIdentifier } from "@/lib/data/project-structure/identifiers";
import { addParticipation, removeParticipation } from "@/lib/data/project-structure/participations";
import { searchInstitutions } from "@/lib/data/project-structure/read";
import { addProjectPerson, removeProjectPerson } from "@/lib/data/project-structure/researchers";
import { deleteSubProject, saveSubProject } from "@/lib/data/project-structure/sub-projects";
import { type InstitutionOption } from "@/lib/data/project-structure/write-path";
import { isAppError, logUnexpected } from "@/lib/errors";
import { runAction } from "@/lib/server/run-action";
import {
  fundingLineSchema, identifierSchema, institutionQuerySchema, participationSchema, projectPersonSchema, removeRowSchema, subProjectSchema,
} from "@/lib/validations/project-structure";

// Server actions of the sections under a project (funding, consortium, researchers, sub-projects,
// identifiers). Each is thin: parse with the form's schema, check the role here, let the data
// layer check the project's scope and version, revalidate, answer in the user's language.

async function done(key: string): Promise<ActionState> {
  revalidatePath("/[locale]", "layout");
  const t = await getTranslations("structure");
  return { ok: true, message: t(key as "fundingLineSaved") };
}

export async function saveFundingLineAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(fundingLineSchema, form, async (input) => {
    await saveFundingLine(await requireActor("project.update"), input);
    return done("fundingLineSaved");
  }, "saveFundingLine");
}

export async function deleteFundingLineAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(removeRowSchema, form, async (input) => {
    await deleteFundingLine(await requireActor("project.update"), input);
    return done("fundingLineDeleted");
  }, "deleteFundingLine");
}

export async function addParticipationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(participationSchema, form, async (input) => {
    await addParticipation(await requireActor("project.update"), input);
    return done("participationAdded");
  }, "addParticipation");
}

export async function removeParticipationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(removeRowSchema, form, async (input) => {
    await removeParticipation(await requireActor("project.update"), input);
    return done("participationRemoved");
  }, "removeParticipation");
}

export async function addProjectPersonAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(projectPersonSchema, form, async (input) => {
    await addProjectPerson(await requireActor("project.update"), input);
    return done("personAdded");
  }, "addProjectPerson");
}

export async function removeProjectPersonAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(removeRowSchema, form, async (input) => {
    await removeProjectPerson(await requireActor("project.update"), input);
    return done("personRemoved");
  }, "removeProjectPerson");
}

export async function saveSubProjectAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(subProjectSchema, form, async (input) => {
    await saveSubProject(await requireActor("project.update"), input);
    return done("subProjectSaved");
  }, "saveSubProject");
}

export async function deleteSubProjectAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(removeRowSchema, form, async (input) => {
    await deleteSubProject(await requireActor("project.update"), input);
    return done("subProjectDeleted");
  }, "deleteSubProject");
}

export async function addIdentifierAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(identifierSchema, form, async (input) => {
    await addIdentifier(await requireActor("project.update"), input);
    return done("identifierAdded");
  }, "addIdentifier");
}

export async function removeIdentifierAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(removeRowSchema, form, async (input) => {
    await removeIdentifier(await requireActor("project.update"), input);
    return done("identifierRemoved");
  }, "removeIdentifier");
}

/**
 * The institution combobox's suggestions while the user types: at most 10 registered institutions.
 * Anyone who may open the workspace may look; a refusal or a bad query offers nothing.
 */
export async function searchInstitutionsAction(query: unknown): Promise<InstitutionOption[]> {
  const parsed = institutionQuerySchema.safeParse(query);
  if (!parsed.success || parsed.data === "") return [];
  try {
    return await searchInstitutions(await requireActor("workspace.read"), parsed.data);
  } catch (error) {
    if (!isAppError(error)) logUnexpected(error, "searchInstitutions");
    return [];
  }
}
