import "server-only";
import { recordRefusal } from "@/lib/data/audit";
import { AppError } from "@/lib/errors";
import { can, type Actor, type Permission } from "@/lib/permissions";
import { logger } from "@/lib/server/logger";

/**
 * Every data function's gate: the actor must hold the permission and, for scoped permissions, be
 * in scope of the project. A refusal writes a DENIED audit row (nothing else is written) and throws.
 */
export async function authorize(
  actor: Actor | null,
  permission: Permission,
  target?: { programId: number | null; projectId?: number; entityType?: string; entityId?: string | number },
): Promise<Actor> {
  if (!actor) throw new AppError("UNAUTHENTICATED");
  if (!can(actor, permission, target)) {
    logger().warn({ event: "denied", userId: actor.id, role: actor.role, permission, entityType: target?.entityType, entityId: target?.entityId }, "action denied");
    await recordRefusal(actor, {
      action: permission,
      entityType: target?.entityType,
      entityId: target?.entityId,
      projectId: target?.projectId,
      reason: `${actor.role} may not ${permission}${target ? " here" : ""}`,
    }, "DENIED");
    throw new AppError("FORBIDDEN");
  }
  return actor;
}
