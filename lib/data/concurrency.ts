import "server-only";
import type { ConflictChange } from "@/lib/action-state";
import { AppError } from "@/lib/errors";

// No lost updates: every edit names the version it started from and the values it showed. When
// the record moved on, the save is refused with what the other person changed (from the values the
// user saw to the values now saved); the form keeps what the user typed.

export type Comparable = string | number | bigint | boolean | Date | null | undefined | { toString(): string };

export function display(value: Comparable): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/** Fields whose value now differs from what the user's form showed. */
export function changedSince(shown: Record<string, string>, current: Record<string, Comparable>): ConflictChange[] {
  return Object.entries(current)
    .filter(([field, value]) => field in shown && display(value) !== shown[field])
    .map(([field, value]) => ({ field, was: shown[field] ?? "", now: display(value) }));
}

export function conflictError(changes: ConflictChange[], currentVersion: number): AppError {
  return new AppError("CONFLICT", "CONFLICT", { conflict: { changes, currentVersion } });
}

/** The form's record of what it showed, sent back as JSON in a hidden field. */
export function parseShown(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  } catch {
    return {};
  }
}
