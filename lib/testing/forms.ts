import type { z } from "zod";
import { db } from "@/lib/db";

// What integration tests submit as a form would: values through the form's zod schema, with the
// project version the form would send back.

/** What a form would submit, through its schema; throws when the schema refuses it. */
export function parseForm<S extends z.ZodType>(schema: S, values: Record<string, string>): z.infer<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw new Error(`schema refused: ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

/** A project's current version, as the form's hidden `version` field carries it. */
export async function projectVersion(projectId: number): Promise<string> {
  return String((await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { version: true } })).version);
}
