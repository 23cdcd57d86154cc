import { getFormatter, getTranslations } from "next-intl/server";

type Entry = { at: Date; actorEmail: string | null; action: string; entityType?: string | null; before: unknown; after: unknown };

// Enumerated fields are shown by their label, not their code (계획, not PLANNED).
const ENUM_FIELDS: Record<string, Record<string, string>> = {
  milestone: { status: "milestoneStatus", kind: "milestoneKind" },
  project: { status: "status", area: "area", researchStage: "stage" },
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Who changed what, when: each audit row as old → new per field. */
export async function HistoryList({ entries, emptyLabel }: { entries: Entry[]; emptyLabel: string }) {
  const t = await getTranslations("manage");
  const te = await getTranslations("enums");
  const format = await getFormatter();
  const label = (entityType: string | null | undefined, field: string, value: unknown) => {
    const group = ENUM_FIELDS[entityType ?? ""]?.[field];
    const key = `${group}.${String(value)}`;
    return group && typeof value === "string" && te.has(key) ? te(key as "status.ACTIVE") : show(value);
  };
  if (entries.length === 0) return <p className="text-subtle">{emptyLabel}</p>;
  return (
    <ol className="timeline" aria-label={t("history")}>
      {entries.map((e, index) => {
        const before = (e.before ?? {}) as Record<string, unknown>;
        const after = (e.after ?? {}) as Record<string, unknown>;
        const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
        return (
          <li key={index} className="timeline__item timeline__item--achieved">
            <div className="timeline__header">
              <time className="timeline__date" dateTime={e.at.toISOString()}>{format.dateTime(e.at, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" })}</time>
              <span className="text-sm">{e.actorEmail ?? t("system")}</span>
            </div>
            <p className="timeline__title">{t.has(`actions.${e.action}`) ? t(`actions.${e.action}` as "actions.milestone.update") : e.action}</p>
            {fields.length > 0 && (
              <ul className="timeline__body">
                {fields.map((f) => (
                  <li key={f}>
                    <strong>{t.has(`fields.${f}`) ? t(`fields.${f}` as "fields.status") : f}</strong>: {label(e.entityType, f, before[f])} → {label(e.entityType, f, after[f])}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
