"use server";

import { getLocale } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { createUser } from "@/lib/data/users";
import { runAction } from "@/lib/server/run-action";
import { createUserSchema } from "@/lib/validations/user";

/** Creates a user, then opens their page. The data layer checks user.manage again. */
export async function createUserAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let createdId: number | null = null;
  const state = await runAction(createUserSchema, form, async (input) => {
    const actor = await requireActor("user.manage");
    createdId = (await createUser(actor, input)).id;
  }, "createUser");
  // A password never travels back to the browser, not even to the one that typed it.
  if (state.values) delete state.values.password;
  if (state.ok && createdId !== null) {
    revalidatePath("/[locale]/admin/users", "page");
    // Outside runAction: redirect() works by throwing, which runAction would report as an error.
    redirect(`/${await getLocale()}/admin/users/${createdId}?created=1`);
  }
  return state;
}
