"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { createEvaluation } from "@/lib/data/evaluations";
import { runAction } from "@/lib/server/run-action";
import { evaluationSchema } from "@/lib/validations/evaluation";

export async function createEvaluationAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(evaluationSchema, form, async (input) => {
    const actor = await requireActor("evaluation.write");
    const { totalScore } = await createEvaluation(actor, input);
    revalidatePath("/[locale]", "layout");
    const t = await getTranslations("evaluation");
    return { ok: true, message: t("saved", { total: totalScore }) };
  }, "createEvaluation");
}
