"use client";

import { useEffect } from "react";

/**
 * Adds the stylesheet with the rest of Pretendard (every character outside the first view's
 * subset, in unicode-range slices) once the page has loaded and the browser is idle, so that rare
 * characters never hold up the first paint; until their slice arrives they show in the system
 * font. See docs/decisions/0023-first-load.md.
 */
export function DeferredFonts({ href }: { href: string }) {
  useEffect(() => {
    let cancelled = false;
    const add = () => {
      if (cancelled || document.querySelector("link[data-deferred-fonts]")) return;
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.dataset.deferredFonts = "";
      document.head.append(link);
    };
    const schedule = () => {
      if ("requestIdleCallback" in window) window.requestIdleCallback(add, { timeout: 4000 });
      else setTimeout(add, 1000);
    };
    if (document.readyState === "complete") schedule();
    else window.addEventListener("load", schedule, { once: true });
    return () => {
      cancelled = true;
      window.removeEventListener("load", schedule);
    };
  }, [href]);
  return null;
}
