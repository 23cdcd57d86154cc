import { z } from "zod";
import { ROLES } from "@/lib/domain/roles";
import { enumField, id, text, version } from "@/lib/validations/fields";

// User administration forms (create, edit, reset password), shared by the forms' server actions
// and by lib/data/users.ts, which parses its input again. Each schema accepts its own output, so
// parsing twice is harmless. Messages are keys of the `validation` namespace.

/** Lower-cased, NFC, trimmed: the form in which app_user.email is stored. */
export const email = z
  .string({ message: "emailRequired" })
  .transform((s) => s.normalize("NFC").trim().toLowerCase())
  .pipe(z.string().min(1, "emailRequired").max(254, "emailTooLong").pipe(z.email("emailInvalid")));

export const PASSWORD_MIN = 12;

/** Taken as typed: no trimming or normalising, so that what is typed at sign-in matches. */
export const newPassword = z
  .string({ message: "passwordRequired" })
  .min(1, "passwordRequired")
  .min(PASSWORD_MIN, "passwordTooShort")
  .max(200, "passwordTooLong");

/** A checkbox: "on" when ticked, absent when not (or a boolean, when parsing our own output). */
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/**
 * Program checkboxes are named `program:<id>`: the form data reaches the schema as one value per
 * name, so a list under one name would keep only its last value.
 */
function collectProgramIds(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  const values = raw as Record<string, unknown>;
  if (Array.isArray(values.programIds)) return values;
  const programIds = Object.keys(values).filter((k) => k.startsWith("program:")).map((k) => k.slice("program:".length));
  return { ...values, programIds };
}

const programIds = z
  .array(id)
  .max(200, "invalid")
  .transform((ids) => [...new Set(ids)].sort((a, b) => a - b));

const profile = {
  name: text(100),
  role: enumField(ROLES),
  programIds,
  managesUnassignedProjects: checkbox,
};

export const createUserSchema = z.preprocess(
  collectProgramIds,
  z.object({ email, ...profile, password: newPassword }),
);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.preprocess(
  collectProgramIds,
  z.object({
    id,
    version,
    /** What the form showed, as JSON: a refused save lists what someone else changed since. */
    shown: z.string().max(20_000).optional(),
    ...profile,
    isDisabled: checkbox,
  }),
);
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ id, password: newPassword });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

/** The list's query string: ?page=2. Anything else falls back to the first page. */
export const userListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** A signed-in user's own password change: the current one, and the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ message: "currentPasswordRequired" }).min(1, "currentPasswordRequired").max(200, "passwordTooLong"),
    newPassword,
    confirmPassword: z.string({ message: "passwordMismatch" }),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.newPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "passwordMismatch" });
    if (value.newPassword === value.currentPassword) ctx.addIssue({ code: "custom", path: ["newPassword"], message: "passwordUnchanged" });
  });

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
