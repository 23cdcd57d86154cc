import { getLocale, getTranslations } from "next-intl/server";
import type { EmailRow } from "@/lib/data/email-outbox";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ReactNode } from "react";
import { DataTable } from "@/components/ui/data-table";

const TONE: Record<string, BadgeTone> = { PENDING: "warning", SENT: "success", DEAD: "danger", SKIPPED: "gray" };

/** The delivery log: when, to whom, what, and what happened (with the last error of a failure). */
export async function EmailTable({ emails, caption, showRecipient, actions }: {
  emails: EmailRow[];
  caption: string;
  showRecipient: boolean;
  actions?: (email: EmailRow) => ReactNode;
}) {
  const t = await getTranslations("notifications");
  const locale = (await getLocale()) === "en" ? "en-GB" : "ko-KR";
  const time = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" });
  return (
    <DataTable caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t("columns.when")}</th>
          {showRecipient && <th scope="col">{t("columns.to")}</th>}
          <th scope="col">{t("columns.kind")}</th>
          <th scope="col">{t("columns.subject")}</th>
          <th scope="col">{t("columns.status")}</th>
          <th scope="col">{t("columns.attempts")}</th>
          <th scope="col">{t("columns.error")}</th>
          {actions && <th scope="col">{t("columns.actions")}</th>}
        </tr>
      </thead>
      <tbody>
        {emails.map((e) => (
          <tr key={e.id}>
            <td><time dateTime={(e.sentAt ?? e.createdAt).toISOString()}>{time.format(e.sentAt ?? e.createdAt)}</time></td>
            {showRecipient && <td>{e.toAddress}</td>}
            <td>{t(`email.kind.${e.kind as "REMINDER"}`)}</td>
            <td lang={e.locale}>{e.subject}</td>
            <td><Badge tone={TONE[e.status] ?? "gray"} size="sm">{t(`email.status.${e.status as "SENT"}`)}</Badge></td>
            <td>{e.attempts}</td>
            <td>{e.lastError ?? ""}</td>
            {actions && <td>{actions(e)}</td>}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
