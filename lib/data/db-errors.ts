import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

/** A write refused by a unique index (Prisma's P2002): a taken e-mail, slug, round or row. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
