// The roles a user has. Kept apart from lib/permissions.ts, which reaches Prisma (lib/scope.ts),
// so that the user forms' schema (lib/validations/user.ts) can run in the browser too.
export const ROLES = ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"] as const;
export type Role = (typeof ROLES)[number];
