import { z } from "zod";
import { id } from "@/lib/validations/fields";

// Forms of the notification list and settings, shared by the forms and the server actions.

const checkbox = z.string().optional().transform((v) => v === "on" || v === "true");

export const notificationPreferencesSchema = z.object({
  emailReminders: checkbox,
  emailDigest: checkbox,
  locale: z.enum(["ko", "en"], { error: "invalid" }),
});
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;

export const markReadSchema = z.object({ id });
export const emailIdSchema = z.object({ id });

/** ?page= of the notification and outbox lists: anything odd means the first page. */
export const pageQuerySchema = z.object({
  page: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
});

/** ?notification= on a milestone's page: the notification it was opened from, if any. */
export const notificationParamSchema = z.object({
  notification: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), id.optional().catch(undefined)),
});
