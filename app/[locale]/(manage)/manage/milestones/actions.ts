"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { updateMilestoneProgress } from "@/lib/data/milestones";
import { runAction } from "@/lib/server/run-action";
import { milestoneProgressSchema } from "@/lib/validations/milestone";

/** Quick progress update from "My milestones". The data layer checks the scope again. */
export async function updateMilestoneProgressAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(milestoneProgressSchema, form, async (input) => {
    const actor = await requireActor("milestone.update");
    const locale = await getLocale();
    await updateMilestoneProgress(actor, input, locale);
    revalidatePath("/[locale]", "layout");
    const t = await getTranslations("manage");
    return { ok: true, message: t("progressSaved") };
  }, "updateMilestoneProgress");
}
