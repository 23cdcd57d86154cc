import "server-only";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/** A numeric id from the URL, or the 404 page for anything else ("abc", "-1", "1e9", 11 digits). */
export function idParam(value: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) notFound();
  return Number(value);
}

/** The data, or the 404 page when the data layer says NOT_FOUND (unknown, or not visible to the viewer). */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
