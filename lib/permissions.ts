// Who may do what: one table of actions → roles; the scope rule (a program manager acts only on
// the projects of the programs assigned to them) lives in lib/scope.ts in all its forms. Checked
// inside every data function and server action; the proxy never decides (house style rules 6 and 7).
import type { Role } from "@/lib/domain/roles";
import { inScope } from "@/lib/scope";

export { ROLES, type Role } from "@/lib/domain/roles";

export const PERMISSIONS = {
  "workspace.read": { description: "Open the workspace: drafts, quality flags, histories", roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"], scoped: false },
  "project.create": { description: "Create a project", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "project.update": { description: "Edit a project and everything under it", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "project.publish": { description: "Publish or unpublish a project", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "project.delete": { description: "Delete a draft project", roles: ["ADMIN"], scoped: false },
  "import.run": { description: "Import projects from a file (into programs in scope)", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "milestone.update": { description: "Record a milestone's progress", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "institution.create": { description: "Add an institution to the shared register", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: false },
  "institution.update": { description: "Correct an institution's name or type", roles: ["ADMIN"], scoped: false },
  "user.manage": { description: "Create, disable and assign users; reset passwords", roles: ["ADMIN"], scoped: false },
  "notifications.manage": { description: "See who receives which notifications, the e-mail outbox and its dead letters; send a dead letter again", roles: ["ADMIN"], scoped: false },
  "audit.read": { description: "Read the audit trail of any record", roles: ["ADMIN"], scoped: false },
  "evaluation.read": { description: "Read evaluations (internal, never public)", roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"], scoped: false },
  "session.own": { description: "Change one's own password; sign out of all one's sessions", roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"], scoped: false },
  "evaluation.write": { description: "Record one's own evaluation of a project", roles: ["REVIEWER"], scoped: false },
  "grant.read": { description: "Read payments, spending and settlements (internal, never public)", roles: ["ADMIN", "PROGRAM_MANAGER", "REVIEWER"], scoped: false },
  "agreement.write": { description: "Record or amend an agreement and its awarded amounts", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "payment.write": { description: "Record or delete a payment of the government contribution", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "spending.write": { description: "Record spending by cost category", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
  "settlement.write": { description: "Record a settlement, disallowed amounts and returns", roles: ["ADMIN", "PROGRAM_MANAGER"], scoped: true },
} as const satisfies Record<string, { description: string; roles: readonly Role[]; scoped: boolean }>;

export type Permission = keyof typeof PERMISSIONS;

/** The signed-in user as the data layer sees them. */
export type Actor = {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Programs assigned to a program manager. */
  programIds: number[];
  /** May manage projects whose program is not recorded (the source does not name it). */
  managesUnassignedProjects: boolean;
  ip: string | null;
};

export function hasRole(actor: Actor | null, permission: Permission): actor is Actor {
  return actor !== null && (PERMISSIONS[permission].roles as readonly Role[]).includes(actor.role);
}

export function can(actor: Actor | null, permission: Permission, project?: { programId: number | null }): boolean {
  if (!hasRole(actor, permission)) return false;
  if (!PERMISSIONS[permission].scoped || project === undefined) return true;
  return inScope(actor, project.programId);
}
