"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { markAllNotificationsRead, markNotificationRead, saveNotificationPreferences } from "@/lib/data/notifications";
import { runAction } from "@/lib/server/run-action";
import { markReadSchema, notificationPreferencesSchema } from "@/lib/validations/notifications";
import { z } from "zod";

// The notification list's and settings' actions: thin, each user acts on their own only (the data
// layer checks again).

export async function markNotificationReadAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(markReadSchema, form, async (input) => {
    const actor = await requireActor("workspace.read");
    await markNotificationRead(actor, input.id);
    revalidatePath("/[locale]/manage", "layout");
    const t = await getTranslations("notifications");
    return { ok: true, message: t("markedRead") };
  }, "markNotificationRead");
}

export async function markAllNotificationsReadAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(z.object({}), form, async () => {
    const actor = await requireActor("workspace.read");
    await markAllNotificationsRead(actor);
    revalidatePath("/[locale]/manage", "layout");
    const t = await getTranslations("notifications");
    return { ok: true, message: t("markedAllRead") };
  }, "markAllNotificationsRead");
}

export async function saveNotificationPreferencesAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction(notificationPreferencesSchema, form, async (input) => {
    const actor = await requireActor("workspace.read");
    await saveNotificationPreferences(actor, input);
    revalidatePath("/[locale]/manage/notifications", "layout");
    const t = await getTranslations("notifications");
    return { ok: true, message: t("preferences.saved") };
  }, "saveNotificationPreferences");
}
