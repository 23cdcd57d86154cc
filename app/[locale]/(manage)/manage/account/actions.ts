"use server";

import { getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { ActionState } from "@/lib/action-state";
import { requireActor, sessionIdFromCookie } from "@/lib/auth";
import { changeOwnPassword, endAllSessions } from "@/lib/data/auth";
import { isAppError, logUnexpected } from "@/lib/errors";
import { runAction } from "@/lib/server/run-action";
import { changePasswordSchema } from "@/lib/validations/user";

/** Changes the signed-in user's own password; their other sessions end. The data layer checks again. */
export async function changePasswordAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(changePasswordSchema, form, async (input) => {
    const actor = await requireActor("session.own");
    const { endedSessions } = await changeOwnPassword(actor, await sessionIdFromCookie(), input);
    const t = await getTranslations("account");
    return { ok: true, message: t("password.done", { count: endedSessions }) };
  }, "changePassword");
  // Passwords never travel back to the browser.
  if (state.values) state.values = {};
  return state;
}

/** Ends every session of the signed-in user, this one included, and goes to sign-in. */
export async function signOutEverywhereAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const locale = form.get("locale") === "en" ? "en" : "ko";
  try {
    await endAllSessions(await requireActor("session.own"));
  } catch (error) {
    const t = await getTranslations("errors");
    if (isAppError(error)) return { ok: false, message: t(error.code as "FORBIDDEN") };
    return { ok: false, message: t("unexpected", { reference: logUnexpected(error, "signOutEverywhere") }) };
  }
  const jar = await cookies();
  for (const name of ["next-auth.session-token", "__Secure-next-auth.session-token"]) if (jar.has(name)) jar.delete(name);
  redirect(`/${locale}/login`);
}
