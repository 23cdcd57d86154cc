import { db } from "@/lib/db";
import type { Actor } from "@/lib/permissions";
import { createUser, type UserSpec } from "@/prisma/factories";

// Actors for integration tests are real users, made by the same factory as the seed's and the
// e2e suite's (prisma/factories.ts): a test never acts as someone the database does not know.

let sequence = 0;

/** A new user (a unique e-mail unless given) and the Actor the data layer sees for them. */
export async function makeActor(spec: Omit<UserSpec, "email"> & { email?: string }): Promise<Actor> {
  sequence++;
  const email = spec.email ?? `${spec.role.toLowerCase().replace("_", "-")}-${sequence}-${process.pid}@test.example`;
  return createUser(db(), { ...spec, email });
}
