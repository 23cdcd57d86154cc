import { z } from "zod";
import { text } from "@/lib/validations/fields";
import { email, newPassword } from "@/lib/validations/user";

// The first administrator's form on the one-time setup page (app/[locale]/(auth)/setup), parsed
// by its server action and again by lib/data/setup.ts. Messages are keys of `validation`.
export const firstAdminSchema = z
  .object({
    token: z.string().max(200, "invalid"),
    email,
    name: text(100),
    password: newPassword,
    passwordConfirm: z.string().max(200, "passwordTooLong"),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ["passwordConfirm"], message: "passwordMismatch" });

export type FirstAdminInput = z.infer<typeof firstAdminSchema>;
