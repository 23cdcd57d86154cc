"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { deleteMilestone, saveMilestone } from "@/lib/data/milestones";
import { createProject, setProjectPublication, updateProject } from "@/lib/data/workspace-projects";
import { runAction } from "@/lib/server/run-action";
import { deleteSchema, milestoneSchema } from "@/lib/validations/milestone";
import { projectSchema, publicationSchema } from "@/lib/validations/project";

// Server actions of the project editor. Each is thin: parse with the form's schema, check the
// role here, let the data layer check the project's scope, revalidate, answer in the user's language.

export async function saveProjectAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let createdId: number | null = null;
  const result = await runAction(projectSchema, form, async (input) => {
    const t = await getTranslations("manage");
    if (input.id === undefined) {
      const actor = await requireActor("project.create");
      createdId = (await createProject(actor, input)).id;
      return { ok: true, message: t("projectCreated") };
    }
    const actor = await requireActor("project.update");
    await updateProject(actor, input);
    revalidatePath("/[locale]", "layout");
    return { ok: true, message: t("projectSaved") };
  }, "saveProject");
  // redirect() throws, so it runs after runAction has turned every other outcome into a state.
  if (createdId !== null) redirect(`/${await getLocale()}/manage/projects/${createdId}`);
  return result;
}

export async function setPublicationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(publicationSchema, form, async (input) => {
    const actor = await requireActor("project.publish");
    await setProjectPublication(actor, input);
    revalidatePath("/[locale]", "layout");
    const t = await getTranslations("manage");
    return { ok: true, message: input.publish ? t("publishedSaved") : t("unpublishedSaved") };
  }, "setPublication");
}

export async function saveMilestoneAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(milestoneSchema, form, async (input) => {
    const actor = await requireActor("project.update");
    await saveMilestone(actor, input);
    revalidatePath("/[locale]", "layout");
    const t = await getTranslations("manage");
    return { ok: true, message: t("milestoneSaved") };
  }, "saveMilestone");
}

export async function deleteMilestoneAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(deleteSchema, form, async (input) => {
    const actor = await requireActor("project.update");
    await deleteMilestone(actor, input);
    revalidatePath("/[locale]", "layout");
    const t = await getTranslations("manage");
    return { ok: true, message: t("milestoneDeleted") };
  }, "deleteMilestone");
}
