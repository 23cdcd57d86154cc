"use server";

import { getTranslations } from "next-intl/server";
import type { ActionState } from "@/lib/action-state";
import { createFirstAdministrator } from "@/lib/data/setup";
import { clientAddress } from "@/lib/server/request-context";
import { runAction } from "@/lib/server/run-action";
import { firstAdminSchema } from "@/lib/validations/setup";

/**
 * Creates the first administrator from the one-time setup link. The token in the form is the
 * authorization (nobody can sign in yet); lib/data/setup.ts checks it again in the transaction.
 */
export async function createFirstAdministratorAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let created: string | null = null;
  const state = await runAction(firstAdminSchema, form, async (input) => {
    await createFirstAdministrator(input, await clientAddress());
    created = input.email;
  }, "createFirstAdministrator");
  // Passwords never travel back to the browser.
  if (state.values) {
    delete state.values.password;
    delete state.values.passwordConfirm;
  }
  if (state.ok && created) return { ok: true, message: (await getTranslations("auth.setup"))("created", { email: created }) };
  return state;
}
