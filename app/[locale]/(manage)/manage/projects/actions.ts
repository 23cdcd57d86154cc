"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { deleteMilestone, saveMilestone } from "@/lib/data/milestones";
import { createProject, findAgencyNumber, setProjectPublication, updateProject } from "@/lib/data/workspace-projects";
import { isAppError } from "@/lib/errors";
import { runAction } from "@/lib/server/run-action";
import { deleteSchema, milestoneSchema } from "@/lib/validations/milestone";
import { agencyNumberCheckSchema, projectSchema, publicationSchema } from "@/lib/validations/project";

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

export type AgencyNumberCheck = { status: "invalid" | "free" | "taken"; message: string };

/** The new-project form's as-you-type duplicate check of a 과제번호. The data layer checks the role. */
export async function checkAgencyNumberAction(value: string): Promise<AgencyNumberCheck> {
  const t = await getTranslations("manage");
  const tv = await getTranslations("validation");
  const parsed = agencyNumberCheckSchema.safeParse({ agencyNumber: typeof value === "string" ? value : "" });
  if (!parsed.success) return { status: "invalid", message: tv("agencyNumberInvalid") };
  try {
    const found = await findAgencyNumber(await requireActor("project.create"), parsed.data.agencyNumber);
    if (!found.taken) return { status: "free", message: t("agencyNumberFree") };
    return { status: "taken", message: found.projectTitleKo ? t("agencyNumberTakenBy", { title: found.projectTitleKo }) : t("agencyNumberTakenHidden") };
  } catch (error) {
    if (isAppError(error)) return { status: "invalid", message: (await getTranslations("errors"))(error.code as "FORBIDDEN") };
    throw error;
  }
}
