"use client";

import NextLink from "next/link";
import { useParams } from "next/navigation";
import { useEffect, useSyncExternalStore } from "react";
import en from "@/lib/i18n/messages/en/layout.json";
import ko from "@/lib/i18n/messages/ko/layout.json";
import { digestOf } from "@/lib/error-digest";

type Props = {
  error: unknown;
  /** Re-fetches and re-renders the segment (Next.js 16.4). */
  retry: () => void;
  reset: () => void;
};

const noSubscription = () => () => {};
const readRequestId = () => document.querySelector('meta[name="keit-request-id"]')?.getAttribute("content") ?? null;

/**
 * Error boundary for pages under /[locale]; header and footer stay. Shows a generic message
 * and the reference (the request id, which every server log line of that request carries, and
 * error.digest), never the error text.
 */
export default function LocaleError({ error, retry }: Props) {
  // Only these strings, not next-intl's message formatter: an error boundary is part of every
  // page's JavaScript (docs/decisions/0023-first-load.md).
  const locale = useParams<{ locale?: string }>().locale === "en" ? "en" : "ko";
  const strings = (locale === "en" ? en : ko).error;
  const t = (key: keyof typeof strings) => strings[key];
  const digest = digestOf(error);
  // The request id from the page's <meta> (app/[locale]/layout.tsx): the server's log lines of
  // the failed request carry it, together with the digest.
  const requestId = useSyncExternalStore(noSubscription, readRequestId, () => null);

  useEffect(() => {
    // Browser console only; the server has already logged the full error under the digest.
    console.error(error);
  }, [error]);

  return (
    <div className="container">
      <div className="status-page" role="alert">
        <h1 className="status-page__title">{t("title")}</h1>
        <p className="status-page__description">{t("description")}</p>
        <p className="status-page__reference">
          {t("reference")}: <code>{requestId ?? digest ?? t("noReference")}</code>
          {requestId && digest && <> (<code>{digest}</code>)</>}
        </p>
        <div className="btn-group">
          <button type="button" className="btn btn--primary" onClick={() => retry()}>
            {t("retry")}
          </button>
          <NextLink className="btn btn--tertiary" href={`/${locale}`}>
            {t("home")}
          </NextLink>
        </div>
      </div>
    </div>
  );
}
