import { z } from "zod";

// Sign-in form: shared by the form and the credentials provider. Message values are keys of the
// `auth` message namespace.
export const signInSchema = z.object({
  email: z.string().trim().min(1, "emailRequired").max(254, "emailTooLong").email("emailInvalid"),
  password: z.string().min(1, "passwordRequired").max(200, "passwordTooLong"),
});

export type SignInInput = z.infer<typeof signInSchema>;

/** Where to go after signing in: only a path on this site (never another origin). */
export function safeCallbackPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length > 500) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\") || /[\u0000-\u001f]/.test(value)) return fallback;
  try {
    const url = new URL(value, "http://same-origin.invalid");
    return url.origin === "http://same-origin.invalid" ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
