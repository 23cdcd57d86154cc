// The demo accounts that a new, empty database gets, one per role, so that the workspace can be
// tried right after `npm start`. Their passwords are published (README), so every account is
// marked usesDemoPassword: a production server on an external database refuses to start while
// one of them is enabled with its demo password (lib/server/demo-passwords.ts).
import type { UserRole } from "@/lib/generated/prisma/enums";

export type DemoAccount = {
  email: string;
  name: string;
  role: UserRole;
  password: string;
  /** Codes of the programs assigned to a program manager. */
  programCodes: string[];
  managesUnassignedProjects: boolean;
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "admin@keit.example", name: "데모 관리자", role: "ADMIN", password: "keit-demo-admin-2026", programCodes: [], managesUnassignedProjects: false },
  // Two of the three published projects have no programme in the source, so the demo program
  // manager also manages unassigned projects and can edit all three.
  { email: "pm@keit.example", name: "데모 사업담당자", role: "PROGRAM_MANAGER", password: "keit-demo-pm-2026", programCodes: ["alchemist"], managesUnassignedProjects: true },
  { email: "reviewer@keit.example", name: "데모 평가위원", role: "REVIEWER", password: "keit-demo-reviewer-2026", programCodes: [], managesUnassignedProjects: false },
];

/** True for a published demo password: it may never be chosen as a new password. */
export function isDemoPassword(password: string): boolean {
  return DEMO_ACCOUNTS.some((a) => a.password === password);
}
