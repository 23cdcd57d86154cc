// Errors a user may see. An AppError carries a code and a message key (translated by the caller's
// page or action); anything else is unexpected: logged with its stack under a reference id, and
// shown to the user only as a generic message with that id (house style rule 10).
import { randomUUID } from "node:crypto";
import { currentRequest, logger } from "@/lib/server/logger";

export const APP_ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VALIDATION: 400,
  RATE_LIMITED: 429,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Key under the `errors` message namespace. */
    readonly messageKey: string = code,
    readonly details?: unknown,
  ) {
    super(`${code}: ${messageKey}`);
    this.name = "AppError";
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

/** A refusal of one field with one `validation` message key, shown beside that field. */
export function fieldError(field: string, key: string): AppError {
  return new AppError("VALIDATION", "VALIDATION", { fieldErrors: { [field]: [key] } });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * Logs an unexpected error with its stack and returns the reference shown to the user: the
 * request's id (the same on every log line of that request), or a new one outside a request.
 */
export function logUnexpected(error: unknown, context: string): string {
  const reference = currentRequest()?.requestId ?? randomUUID().slice(0, 8);
  logger().error({ event: "unexpected", context, reference, err: error }, `unexpected error in ${context}`);
  return reference;
}
