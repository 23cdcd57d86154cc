"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

export function PublicationForm({ id, version, published, action }: {
  id: number; version: number; published: boolean;
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const t = useTranslations("manage");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction} className="stack">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={state.conflict?.currentVersion ?? version} />
      <input type="hidden" name="publish" value={published ? "false" : "true"} />
      <p>{published ? t("publishedNow") : t("draftNow")}</p>
      <div className="btn-group">
        <button type="submit" className={published ? "btn btn--secondary" : "btn btn--primary"} disabled={pending}>
          {published ? t("unpublish") : t("publish")}
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
