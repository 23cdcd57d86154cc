"use client";

// Last-resort error page, used when the root layout itself fails. It replaces the whole
// document, so it carries its own <html>, inline styles and both languages; no next-intl.
import { digestOf } from "@/lib/error-digest";

type Props = {
  error: unknown;
  retry: () => void;
  reset: () => void;
};


const font =
  '"Pretendard Variable", Pretendard, -apple-system, BlinkMacSystemFont, system-ui, "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif';

export default function GlobalError({ error, retry }: Props) {
  const digest = digestOf(error);
  const button = {
    minHeight: "3rem",
    padding: "0 1.25rem",
    border: "1px solid transparent",
    borderRadius: "0.375rem",
    background: "#256ef4",
    color: "#ffffff",
    font: "inherit",
    fontWeight: 600,
    cursor: "pointer",
  } as const;

  return (
    <html lang="ko">
      <body style={{ margin: 0, fontFamily: font, color: "#1e2124", lineHeight: 1.5, wordBreak: "keep-all" }}>
        <title>오류 | Error — KEIT R&amp;D 포트폴리오</title>
        <main style={{ maxWidth: "45rem", margin: "0 auto", padding: "4rem 1rem" }}>
          <div role="alert">
            <h1 style={{ fontSize: "1.75rem", lineHeight: 1.3, margin: "0 0 0.75rem" }}>
              일시적인 오류가 발생했습니다
            </h1>
            <p style={{ color: "#464c53", margin: "0 0 1rem" }}>
              잠시 후 다시 시도해 주세요. 문제가 계속되면 아래 참조 번호를 함께 알려 주세요.
            </p>
            <p lang="en" style={{ color: "#464c53", margin: "0 0 1rem" }}>
              Something went wrong. Please try again in a moment; if the problem persists, please quote the
              reference number below.
            </p>
            <p style={{ background: "#f4f5f6", padding: "0.75rem 1rem", borderRadius: "0.375rem" }}>
              참조 번호 <span lang="en">/ Reference</span>: <code>{digest ?? "-"}</code>
            </p>
          </div>
          <p style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem", marginTop: "1.5rem" }}>
            <button type="button" style={button} onClick={() => retry()}>
              다시 시도 <span lang="en">/ Try again</span>
            </button>
          </p>
          {/* Plain links on purpose: after the root layout failed, a full page load is the safest way back. */}
          {/* eslint-disable @next/next/no-html-link-for-pages */}
          <p style={{ marginTop: "1rem" }}>
            <a href="/ko" hrefLang="ko" style={{ color: "#0b50d0", fontWeight: 600 }}>
              첫 화면
            </a>{" "}
            ·{" "}
            <a href="/en" hrefLang="en" lang="en" style={{ color: "#0b50d0", fontWeight: 600 }}>
              Home
            </a>
          </p>
          {/* eslint-enable @next/next/no-html-link-for-pages */}
        </main>
      </body>
    </html>
  );
}
