"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { resetPassword, updateUser } from "@/lib/data/users";
import { runAction } from "@/lib/server/run-action";
import { resetPasswordSchema, updateUserSchema } from "@/lib/validations/user";

/** Saves a user's name, role, programmes and status. The data layer checks user.manage again. */
export async function updateUserAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(updateUserSchema, form, async (input) => {
    const actor = await requireActor("user.manage", { programId: null, entityType: "user", entityId: input.id });
    await updateUser(actor, input);
    revalidatePath("/[locale]/admin/users", "layout");
    const t = await getTranslations("users");
    return { ok: true, message: t("edit.saved") };
  }, "updateUser");
}

/** Gives a user a new password and ends their sessions. The data layer checks user.manage again. */
export async function resetPasswordAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(resetPasswordSchema, form, async (input) => {
    const actor = await requireActor("user.manage", { programId: null, entityType: "user", entityId: input.id });
    const { endedSessions } = await resetPassword(actor, input);
    revalidatePath("/[locale]/admin/users", "layout");
    const t = await getTranslations("users");
    return { ok: true, message: t("reset.done", { count: endedSessions }) };
  }, "resetPassword");
  // A password never travels back to the browser, not even to the one that typed it.
  if (state.values) delete state.values.password;
  return state;
}
