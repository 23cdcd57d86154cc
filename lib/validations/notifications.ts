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
