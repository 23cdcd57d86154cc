"use client";

import { useState } from "react";

/**
 * Signs out through next-auth (which ends the server-side session, see lib/auth.ts), then loads
 * the home page in full so that the server renders the signed-out header. next-auth's client is
 * loaded on click: public pages carry the button for signed-in visitors only, and nobody else
 * downloads it (docs/decisions/0023-first-load.md). The labels come from the server.
 */
export function SignOutButton({ locale, label, pendingLabel }: { locale: string; label: string; pendingLabel: string }) {
  const [pending, setPending] = useState(false);

  async function onClick() {
    setPending(true);
    try {
      const { signOut } = await import("next-auth/react");
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
      {pending ? pendingLabel : label}
    </button>
  );
}
