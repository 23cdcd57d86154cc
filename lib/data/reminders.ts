import "server-only";
import { db } from "@/lib/db";
import { queueEmails, type QueuedEmail } from "@/lib/data/email-outbox";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  renderDigestMail, renderReminderMail, type DigestGroup, type DigestItem, type MailLocale,
} from "@/lib/reminders/email";
import {
  addDays, daysBetween, maxLeadDays, plannedReminders, seoulDay, seoulWeekOf, type ReminderSettings, type ReminderStep,
} from "@/lib/reminders/plan";
import { appOrigin, reminderSettings } from "@/lib/reminders/settings";
import { editableProjectsSql, managersOfProgramSql, type ScopeOwner } from "@/lib/scope";

// The scheduled jobs behind reminders and the weekly digest (docs/decisions/0015). They run in the
// worker as the system, not as a user: no actor, no audit row; the reminder, digest, notification
// and e-mail rows they write are themselves the record of what was sent to whom.
// The clock is a parameter, so tests control it.

/** Milestone statuses that still get reminders: achieved, missed and deferred ones stop. */
const REMINDED_STATUSES = Prisma.sql`('PLANNED', 'IN_PROGRESS')`;
/** Projects still running; a completed, suspended or terminated project's milestones stay quiet. */
const RUNNING_PROJECTS = Prisma.sql`('PLANNED', 'ACTIVE')`;

const DUE_END = Prisma.sql`(CASE m.due_precision
  WHEN 'YEAR' THEN (date_trunc('year', m.due_date) + interval '1 year - 1 day')::date
  WHEN 'MONTH' THEN (date_trunc('month', m.due_date) + interval '1 month - 1 day')::date
  ELSE m.due_date END)`;

type Recipient = { id: number; email: string; name: string; emailReminders: boolean; emailDigest: boolean; locale: MailLocale };

type Candidate = {
  id: number; dueEnd: Date; status: string; titleKo: string; titleEn: string | null;
  projectTitleKo: string; projectTitleEn: string | null; programId: number | null; programNameKo: string | null; programNameEn: string | null;
};

const recipientSelect = Prisma.sql`u.id, u.email, u.name,
  COALESCE(np.email_reminders, TRUE) AS "emailReminders", COALESCE(np.email_digest, TRUE) AS "emailDigest", COALESCE(np.locale, 'ko') AS locale`;

/** Enabled program managers of a programme (null: those who manage projects without one). */
async function managersOf(programId: number | null): Promise<Recipient[]> {
  return db().$queryRaw<Recipient[]>`
    SELECT ${recipientSelect} FROM app_user u LEFT JOIN notification_preference np ON np.user_id = u.id
    WHERE NOT u.is_disabled AND ${managersOfProgramSql(programId)} ORDER BY u.id`;
}

/** Enabled administrators: escalations go to them (they administer every programme). */
async function administrators(): Promise<Recipient[]> {
  return db().$queryRaw<Recipient[]>`
    SELECT ${recipientSelect} FROM app_user u LEFT JOIN notification_preference np ON np.user_id = u.id
    WHERE u.role = 'ADMIN' AND NOT u.is_disabled ORDER BY u.id`;
}

export type ScanResult = { fired: number; notifications: number; emails: number };

const BATCH = 500;

/**
 * Fires the reminders that are due today (Asia/Seoul) for open milestones: the de-duplication key
 * (milestone, due date, kind, offset) makes a second run, or a concurrent one, fire nothing again.
 */
export async function runReminderScan(options: { now?: Date; settings?: ReminderSettings } = {}): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const settings = options.settings ?? reminderSettings();
  const today = seoulDay(now);
  const horizon = addDays(today, maxLeadDays(settings));
  const origin = appOrigin();
  const managers = new Map<number | null, Promise<Recipient[]>>();
  let admins: Promise<Recipient[]> | null = null;
  const result: ScanResult = { fired: 0, notifications: 0, emails: 0 };
  let cursor = 0;
  for (;;) {
    // due_date <= horizon uses the (status, due_date) index; the escalation is the last step, so a
    // milestone whose escalation for this due date exists needs nothing more.
    const batch = await db().$queryRaw<Candidate[]>`
      SELECT m.id, ${DUE_END} AS "dueEnd", m.status::text AS status, m.title_ko AS "titleKo", m.title_en AS "titleEn",
        p.title_ko AS "projectTitleKo", p.title_en AS "projectTitleEn", p.program_id AS "programId",
        g.name_ko AS "programNameKo", g.name_en AS "programNameEn"
      FROM milestone m JOIN project p ON p.id = m.project_id LEFT JOIN program g ON g.id = p.program_id
      WHERE m.status IN ${REMINDED_STATUSES} AND p.status IN ${RUNNING_PROJECTS}
        AND m.due_date IS NOT NULL AND m.due_date <= ${horizon}::date AND ${DUE_END} <= ${horizon}::date
        AND m.id > ${cursor}
        AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.milestone_id = m.id AND r.due_date = ${DUE_END} AND r.kind = 'ESCALATION')
      ORDER BY m.id LIMIT ${BATCH}`;
    if (batch.length === 0) break;
    cursor = batch.at(-1)!.id;
    const existing = await db().reminder.findMany({
      where: { milestoneId: { in: batch.map((c) => c.id) } },
      select: { milestoneId: true, dueDate: true, kind: true, offsetDays: true },
    });
    const done = new Set(existing.map((r) => `${r.milestoneId}:${r.dueDate.toISOString()}:${r.kind}:${r.offsetDays}`));
    for (const candidate of batch) {
      for (const step of plannedReminders(candidate.dueEnd, today, settings)) {
        if (done.has(`${candidate.id}:${candidate.dueEnd.toISOString()}:${step.kind}:${step.offsetDays}`)) continue;
        let recipients: Promise<Recipient[]>;
        if (step.kind === "ESCALATION") recipients = admins ??= administrators();
        else {
          if (!managers.has(candidate.programId)) managers.set(candidate.programId, managersOf(candidate.programId));
          recipients = managers.get(candidate.programId)!;
        }
        const fired = await fireReminder(candidate, step, await recipients, { today, now, origin });
        if (fired) {
          result.fired++;
          result.notifications += fired.notifications;
          result.emails += fired.emails;
        }
      }
    }
    if (batch.length < BATCH) break;
  }
  return result;
}

/** One reminder in one transaction: its row (or nothing, when another run has it), notifications and e-mails. */
async function fireReminder(candidate: Candidate, step: ReminderStep, recipients: Recipient[], at: { today: Date; now: Date; origin: string }) {
  return db().$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO reminder (milestone_id, due_date, kind, offset_days, fired_on, created_at)
      VALUES (${candidate.id}, ${candidate.dueEnd}::date, ${step.kind}::"ReminderKind", ${step.offsetDays}, ${at.today}::date, ${at.now})
      ON CONFLICT (milestone_id, due_date, kind, offset_days) DO NOTHING
      RETURNING id`;
    const reminderId = inserted[0]?.id;
    if (reminderId === undefined) return null;
    if (recipients.length === 0) return { notifications: 0, emails: 0 };
    const kind = step.kind === "ESCALATION" ? "ESCALATION" : "REMINDER";
    const { count } = await tx.notification.createMany({
      data: recipients.map((r) => ({ userId: r.id, kind, milestoneId: candidate.id, reminderId, createdAt: at.now })),
      skipDuplicates: true,
    });
    // BEFORE says how many days are actually left (a late-created milestone may have fewer than the offset).
    const days = step.kind === "BEFORE" ? daysBetween(at.today, candidate.dueEnd) : step.offsetDays;
    const emails: QueuedEmail[] = recipients.map((r) => ({
      userId: r.id, toAddress: r.email, locale: r.locale, kind, wanted: r.emailReminders, reminderId,
      mail: renderReminderMail(r.locale, at.origin, {
        kind: step.kind, days, recipientName: r.name, milestoneId: candidate.id,
        milestone: { ko: candidate.titleKo, en: candidate.titleEn },
        project: { ko: candidate.projectTitleKo, en: candidate.projectTitleEn },
        program: candidate.programNameKo ? { ko: candidate.programNameKo, en: candidate.programNameEn } : null,
        due: candidate.dueEnd, status: candidate.status,
      }),
    }));
    const queued = await queueEmails(tx, emails, at.now);
    return { notifications: count, emails: queued };
  });
}

export type DigestResult = { sent: number; skippedEmpty: number; alreadySent: number };

/** Items per section and programme in one digest; the rest are counted and left to "My milestones". */
export const DIGEST_SECTION_LIMIT = 100;

type DigestRow = {
  section: "overdue" | "soon" | "updated"; programId: number | null; programNameKo: string | null; programNameEn: string | null;
  id: number; titleKo: string; titleEn: string | null; projectTitleKo: string; projectTitleEn: string | null;
  dueEnd: Date | null; status: string; total: bigint;
};

/** The digest's content for one program manager: per programme, overdue, due within 30 days, updated in the last 7 days. */
export async function digestFor(user: ScopeOwner, now: Date): Promise<(DigestGroup & { totals: Record<"overdue" | "soon" | "updated", number> })[]> {
  const today = seoulDay(now);
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const rows = await db().$queryRaw<DigestRow[]>`
    WITH scoped AS (
      SELECT m.*, ${DUE_END} AS due_end, p.program_id, p.title_ko AS project_title_ko, p.title_en AS project_title_en, p.status AS project_status
      FROM milestone m JOIN project p ON p.id = m.project_id
      WHERE ${editableProjectsSql(user)}
    ), sections AS (
      SELECT 'overdue' AS section, s.* FROM scoped s
        WHERE s.status IN ${REMINDED_STATUSES} AND s.project_status IN ${RUNNING_PROJECTS} AND s.due_end < ${today}::date
      UNION ALL
      SELECT 'soon', s.* FROM scoped s
        WHERE s.status IN ${REMINDED_STATUSES} AND s.project_status IN ${RUNNING_PROJECTS} AND s.due_end >= ${today}::date AND s.due_end <= ${today}::date + 30
      UNION ALL
      SELECT 'updated', s.* FROM scoped s WHERE s.updated_at >= ${weekAgo} AND s.updated_at < ${now}
    ), ranked AS (
      SELECT x.*, row_number() OVER w AS n, count(*) OVER (PARTITION BY x.section, x.program_id) AS total
      FROM sections x WINDOW w AS (PARTITION BY x.section, x.program_id ORDER BY x.due_end NULLS LAST, x.id)
    )
    SELECT r.section, r.program_id AS "programId", g.name_ko AS "programNameKo", g.name_en AS "programNameEn",
      r.id, r.title_ko AS "titleKo", r.title_en AS "titleEn", r.project_title_ko AS "projectTitleKo", r.project_title_en AS "projectTitleEn",
      r.due_end AS "dueEnd", r.status::text AS status, r.total
    FROM ranked r LEFT JOIN program g ON g.id = r.program_id
    WHERE r.n <= ${DIGEST_SECTION_LIMIT}
    ORDER BY g.name_ko NULLS LAST, r.program_id, r.section, r.n`;
  const groups = new Map<number | null, DigestGroup & { totals: Record<"overdue" | "soon" | "updated", number> }>();
  for (const r of rows) {
    let group = groups.get(r.programId);
    if (!group) {
      group = {
        program: r.programNameKo ? { ko: r.programNameKo, en: r.programNameEn } : null,
        overdue: [], soon: [], updated: [], totals: { overdue: 0, soon: 0, updated: 0 },
      };
      groups.set(r.programId, group);
    }
    const item: DigestItem = {
      milestoneId: r.id, milestone: { ko: r.titleKo, en: r.titleEn }, project: { ko: r.projectTitleKo, en: r.projectTitleEn }, due: r.dueEnd, status: r.status,
    };
    group[r.section].push(item);
    group.totals[r.section] = Number(r.total);
  }
  return [...groups.values()];
}

/**
 * The weekly digest for every enabled program manager, once per week (Asia/Seoul Monday of `now`):
 * skipped when there is nothing to say; recorded as SKIPPED for those who turned it off.
 */
export async function runWeeklyDigest(options: { now?: Date } = {}): Promise<DigestResult> {
  const now = options.now ?? new Date();
  const weekOf = seoulWeekOf(now);
  const today = seoulDay(now);
  const origin = appOrigin();
  const result: DigestResult = { sent: 0, skippedEmpty: 0, alreadySent: 0 };
  const users = await db().$queryRaw<(Recipient & ScopeOwner)[]>`
    SELECT ${recipientSelect}, u.role::text AS role, u.manages_unassigned_projects AS "managesUnassignedProjects",
      ARRAY(SELECT pa.program_id FROM program_assignment pa WHERE pa.user_id = u.id) AS "programIds"
    FROM app_user u LEFT JOIN notification_preference np ON np.user_id = u.id
    WHERE u.role = 'PROGRAM_MANAGER' AND NOT u.is_disabled
      AND NOT EXISTS (SELECT 1 FROM digest d WHERE d.user_id = u.id AND d.week_of = ${weekOf}::date)
    ORDER BY u.id`;
  for (const user of users) {
    const groups = await digestFor(user, now);
    const itemCount = groups.reduce((n, g) => n + g.totals.overdue + g.totals.soon + g.totals.updated, 0);
    if (itemCount === 0) {
      result.skippedEmpty++;
      continue;
    }
    const mail = renderDigestMail(user.locale, origin, { recipientName: user.name, day: today, groups });
    const created = await db().$transaction(async (tx) => {
      const inserted = await tx.$queryRaw<{ id: number }[]>`
        INSERT INTO digest (user_id, week_of, item_count, created_at) VALUES (${user.id}, ${weekOf}::date, ${itemCount}, ${now})
        ON CONFLICT (user_id, week_of) DO NOTHING RETURNING id`;
      const digestId = inserted[0]?.id;
      if (digestId === undefined) return false;
      await queueEmails(tx, [{ userId: user.id, toAddress: user.email, locale: user.locale, kind: "DIGEST", mail, wanted: user.emailDigest, digestId }], now);
      return true;
    });
    if (created) result.sent++;
    else result.alreadySent++;
  }
  return result;
}
