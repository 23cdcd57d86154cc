"use client";

import { signOut } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";

/**
 * Signs out through next-auth (which ends the server-side session, see lib/auth.ts), then loads
 * the home page in full so that the server renders the signed-out header.
 */
export function SignOutButton() {
  const t = useTranslations("auth.header");
  const locale = useLocale();
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    try {
      // Navigating ourselves keeps the browser on the origin it uses, whatever NEXTAUTH_URL says.
      await signOut({ redirect: false, callbackUrl: `/${locale}` });
    } finally {
      // A full load on purpose: the header is rendered on the server from the (now ended) session.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/${locale}`);
    }
  }

  return (
    <button type="button" className="btn btn--tertiary btn--sm" onClick={onClick} disabled={pending} aria-disabled={pending}>
      {pending ? t("signingOut") : t("signOut")}
    </button>
  );
}
