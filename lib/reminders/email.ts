// The e-mails: a plain, accessible HTML part and a text part, in the recipient's language (Korean
// unless they chose English). Pure functions of the data, so tests read exactly what is sent.
// use-intl's core (next-intl's own engine) has no React: the worker runs with the react-server
// condition, where next-intl's main entry cannot load.
import { createTranslator } from "use-intl/core";
import en from "@/lib/i18n/messages/en/index";
import ko from "@/lib/i18n/messages/ko/index";
import type { ReminderKind } from "@/lib/reminders/plan";

export type MailLocale = "ko" | "en";
export type RenderedMail = { subject: string; text: string; html: string };

type Localized = { ko: string; en: string | null };

export type ReminderMailData = {
  kind: ReminderKind;
  /** Days before due (BEFORE: the days actually left), the escalation threshold (ESCALATION). */
  days: number;
  recipientName: string;
  milestoneId: number;
  milestone: Localized;
  project: Localized;
  program: Localized | null;
  due: Date;
  status: string;
};

export type DigestItem = { milestoneId: number; milestone: Localized; project: Localized; due: Date | null; status: string };
export type DigestGroup = {
  program: Localized | null; overdue: DigestItem[]; soon: DigestItem[]; updated: DigestItem[];
  /** How many there are in all, when the lists hold only the first ones. */
  totals?: Record<"overdue" | "soon" | "updated", number>;
};
export type DigestMailData = { recipientName: string; day: Date; groups: DigestGroup[] };

function translator(locale: MailLocale) {
  const messages = locale === "en" ? en : ko;
  return {
    t: createTranslator({ locale, messages, namespace: "notifications" }),
    status: createTranslator({ locale, messages, namespace: "enums" }),
  };
}

const pick = (locale: MailLocale, value: Localized) => (locale === "en" ? (value.en ?? value.ko) : value.ko);

export function formatDay(locale: MailLocale, day: Date): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ko-KR", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(day);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function milestoneUrl(origin: string, locale: MailLocale, milestoneId: number): string {
  return `${origin}/${locale}/manage/milestones/${milestoneId}`;
}

export function preferencesUrl(origin: string, locale: MailLocale): string {
  return `${origin}/${locale}/manage/notifications/preferences`;
}

function page(locale: MailLocale, subject: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: sans-serif; font-size: 16px; line-height: 1.6; color: #1e2124; max-width: 40em;">
${body}
</body>
</html>
`;
}

export function renderReminderMail(locale: MailLocale, origin: string, data: ReminderMailData): RenderedMail {
  const { t, status } = translator(locale);
  const milestone = pick(locale, data.milestone);
  const subject = t(`mail.subject.${data.kind}`, { days: data.days, milestone });
  const url = milestoneUrl(origin, locale, data.milestoneId);
  const rows: [string, string][] = [
    [t("mail.project"), pick(locale, data.project)],
    ...(data.program ? [[t("mail.program"), pick(locale, data.program)] as [string, string]] : []),
    [t("mail.milestone"), milestone],
    [t("mail.due"), formatDay(locale, data.due)],
    [t("mail.status"), status(`milestoneStatus.${data.status}` as "milestoneStatus.PLANNED")],
  ];
  const greeting = t("mail.greeting", { name: data.recipientName });
  const lead = t(`mail.lead.${data.kind}`, { days: data.days });
  const footer = t("mail.footer", { url: preferencesUrl(origin, locale) });
  const text = [greeting, "", lead, "", ...rows.map(([k, v]) => `${k}: ${v}`), "", `${t("mail.action")}: ${url}`, "", "--", footer, ""].join("\n");
  const html = page(locale, subject, [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    `<dl>${rows.map(([k, v]) => `<dt style="font-weight: bold;">${escapeHtml(k)}</dt><dd style="margin: 0 0 0.5em 0;">${escapeHtml(v)}</dd>`).join("")}</dl>`,
    `<p><a href="${escapeHtml(url)}">${escapeHtml(t("mail.action"))}</a></p>`,
    `<hr><p style="font-size: 14px;">${escapeHtml(footer)}</p>`,
  ].join("\n"));
  return { subject, text, html };
}

export function digestCounts(data: DigestMailData): { overdue: number; soon: number; updated: number } {
  const total = (g: DigestGroup, key: "overdue" | "soon" | "updated") => Math.max(g.totals?.[key] ?? 0, g[key].length);
  return data.groups.reduce((n, g) => ({ overdue: n.overdue + total(g, "overdue"), soon: n.soon + total(g, "soon"), updated: n.updated + total(g, "updated") }), { overdue: 0, soon: 0, updated: 0 });
}

export function renderDigestMail(locale: MailLocale, origin: string, data: DigestMailData): RenderedMail {
  const { t } = translator(locale);
  const date = formatDay(locale, data.day);
  const counts = digestCounts(data);
  const subject = t("mail.subject.DIGEST", { date, overdue: counts.overdue, soon: counts.soon });
  const greeting = t("mail.greeting", { name: data.recipientName });
  const lead = t("mail.digestLead", { date });
  const footer = t("mail.footer", { url: preferencesUrl(origin, locale) });
  const sections = (g: DigestGroup) => (["overdue", "soon", "updated"] as const).map((key) => ({
    title: t(`mail.${key}`), items: g[key], total: Math.max(g.totals?.[key] ?? 0, g[key].length),
  }));
  const listUrl = `${origin}/${locale}/manage/milestones`;
  const line = (i: DigestItem) => `${pick(locale, i.project)} · ${pick(locale, i.milestone)}${i.due ? ` (${t("dueOn", { date: formatDay(locale, i.due) })})` : ""}`;

  const text: string[] = [greeting, "", lead, ""];
  const html: string[] = [`<p>${escapeHtml(greeting)}</p>`, `<p>${escapeHtml(lead)}</p>`];
  for (const group of data.groups) {
    const programName = group.program ? pick(locale, group.program) : t("mail.noProgram");
    text.push(`■ ${programName}`);
    html.push(`<h2 style="font-size: 20px;">${escapeHtml(programName)}</h2>`);
    for (const section of sections(group)) {
      text.push(`  ${section.title} (${section.total})`);
      html.push(`<h3 style="font-size: 17px;">${escapeHtml(section.title)} (${section.total})</h3>`);
      if (section.items.length === 0) {
        text.push(`  - ${t("mail.none")}`);
        html.push(`<p>${escapeHtml(t("mail.none"))}</p>`);
        continue;
      }
      html.push("<ul>");
      for (const item of section.items) {
        const url = milestoneUrl(origin, locale, item.milestoneId);
        text.push(`  - ${line(item)}`, `    ${url}`);
        html.push(`<li><a href="${escapeHtml(url)}">${escapeHtml(line(item))}</a></li>`);
      }
      html.push("</ul>");
      if (section.total > section.items.length) {
        const more = t("mail.more", { count: section.total - section.items.length });
        text.push(`  ${more}: ${listUrl}`);
        html.push(`<p><a href="${escapeHtml(listUrl)}">${escapeHtml(more)}</a></p>`);
      }
    }
    text.push("");
  }
  text.push("--", footer, "");
  html.push(`<hr><p style="font-size: 14px;">${escapeHtml(footer)}</p>`);
  return { subject, text: text.join("\n"), html: page(locale, subject, html.join("\n")) };
}
