"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { retryEmail } from "@/lib/data/email-outbox";
import { runAction } from "@/lib/server/run-action";
import { emailIdSchema } from "@/lib/validations/notifications";

/** Puts a dead letter back in the outbox; the worker sends it within a minute. */
export async function retryEmailAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(emailIdSchema, form, async (input) => {
    const actor = await requireActor("notifications.manage");
    await retryEmail(actor, input.id);
    revalidatePath("/[locale]/admin/notifications", "page");
    const t = await getTranslations("notifications.admin");
    return { ok: true, message: t("retried") };
  }, "retryEmail");
}
