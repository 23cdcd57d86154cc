import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth";
import { can, type Actor, type Permission } from "@/lib/permissions";

/**
 * For workspace pages: the signed-in actor holding `permission`, or a redirect to sign-in (not
 * signed in) / a 403 page (signed in without the permission). Data functions check again.
 */
export async function requirePageActor(locale: string, permission: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    const path = (await headers()).get("x-keit-path") ?? `/${locale}/manage`;
    redirect(`/${locale}/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  if (!can(actor, permission)) redirect(`/${locale}/manage/forbidden`);
  return actor;
}
