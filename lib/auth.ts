import "server-only";
import type { NextAuthOptions } from "next-auth";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { cache } from "react";
import { endSession, loadActor, signInWithPassword } from "@/lib/data/auth";
import { authorize } from "@/lib/data/guard";
import { env } from "@/lib/env";
import { logUnexpected } from "@/lib/errors";
import type { Actor, Permission } from "@/lib/permissions";
import { addressFromHeaders, clientAddress } from "@/lib/server/request-context";
import { safeCallbackPath, signInSchema } from "@/lib/validations/sign-in";

// next-auth (v4) with a credentials provider and JWT cookies that carry only a server-side session
// id (lib/data/auth.ts). See docs/decisions/0007-sign-in-and-audit.md.

/** The client's address as scripts/web-server.ts established it (TRUSTED_PROXY_HOPS), never as the client wrote it. */
function requestIp(req: { headers?: Record<string, unknown> } | undefined): string | null {
  return addressFromHeaders((name) => {
    const value = req?.headers?.[name];
    return typeof value === "string" ? value : null;
  });
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    // The cookie lives as long as a session may (SESSION_MAX_HOURS); the server-side row decides
    // earlier ends (idle timeout, sign-out, password change), see lib/data/auth.ts.
    session: { strategy: "jwt", maxAge: env().SESSION_MAX_HOURS * 3600 },
    // Cookies stay HttpOnly and SameSite=Lax (next-auth's defaults) and are Secure, with the
    // __Secure-/__Host- names, whenever the site is served over https. Decided by NEXTAUTH_URL only,
    // never by a request's X-Forwarded-Proto (docs/decisions/0009-security-headers.md).
    useSecureCookies: env().NEXTAUTH_URL?.startsWith("https://") ?? false,
    pages: { signIn: "/ko/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error("INVALID");
          let result: Awaited<ReturnType<typeof signInWithPassword>>;
          try {
            result = await signInWithPassword({
              ...parsed.data,
              ip: requestIp(req as { headers?: Record<string, unknown> }),
              userAgent: typeof req?.headers?.["user-agent"] === "string" ? req.headers["user-agent"] : null,
            });
          } catch (error) {
            // next-auth puts a thrown message into the URL it returns to the browser: never a
            // database error's text. The sign-in form shows a generic "try again later".
            logUnexpected(error, "signIn");
            throw new Error("UNAVAILABLE");
          }
          // The message names no account: the same for a wrong password and an unknown e-mail.
          if (!result.ok) throw new Error(result.reason === "rate-limited" ? "RATE_LIMITED" : "INVALID");
          return { id: String(result.userId), sid: result.sessionId };
        },
      }),
    ],
    callbacks: {
      // next-auth's own redirects (callbackUrl) follow the same rule as the sign-in page: only
      // a path of this app, after normalisation (issue 9 finding 1).
      redirect({ url, baseUrl }) {
        const base = new URL(baseUrl);
        let candidate = url;
        try {
          const parsed = new URL(url, baseUrl);
          if (parsed.origin === base.origin) candidate = `${parsed.pathname}${parsed.search}${parsed.hash}`;
        } catch {
          candidate = "";
        }
        return `${baseUrl.replace(/\/$/, "")}${safeCallbackPath(candidate, "/ko/manage")}`;
      },
      jwt({ token, user }) {
        if (user && "sid" in user) token.sid = user.sid as string;
        return token;
      },
      session({ session }) {
        // The browser learns only that it is signed in; the server reads the session id from the
        // encrypted cookie (getActor) and everything else from the database.
        return { expires: session.expires };
      },
    },
    events: {
      // With the JWT strategy next-auth calls this with the decoded cookie on POST /api/auth/signout
      // (core/routes/signout.js), before it clears the cookie: the server-side session ends too,
      // so a copy of the old cookie is worthless (e2e/auth.spec.ts replays one).
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(token.sid, await clientAddress().catch(() => null));
      },
    },
  };
}

const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** The session id inside next-auth's encrypted cookie, or null. */
export async function sessionIdFromCookie(): Promise<string | null> {
  const jar = await cookies();
  const raw = SESSION_COOKIES.map((name) => jar.get(name)?.value).find(Boolean);
  const secret = env().NEXTAUTH_SECRET;
  if (!raw || !secret) return null;
  const token = await decode({ token: raw, secret }).catch(() => null);
  return typeof token?.sid === "string" ? token.sid : null;
}

/** The signed-in actor for this request (looked up in the database every time), or null. */
export const getActor = cache(async (): Promise<Actor | null> => {
  const sid = await sessionIdFromCookie();
  return sid ? loadActor(sid, await clientAddress()) : null;
});

/**
 * The actor, who must be signed in and hold the permission (and, for a scoped permission, be in
 * scope of the project). A refusal is recorded in the audit trail and thrown as an AppError.
 */
export async function requireActor(permission: Permission, target?: Parameters<typeof authorize>[2]): Promise<Actor> {
  return authorize(await getActor(), permission, target);
}
