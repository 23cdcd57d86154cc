"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { describedBy, Field } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";
import { INSTITUTION_TYPES } from "@/lib/domain/enums";
import { normalizeInstitutionName } from "@/lib/search/normalize";
import styles from "./institution-combobox.module.css";

export type InstitutionOption = { id: number; nameKo: string; nameEn: string | null; type: string };
export type InstitutionSearch = (query: string) => Promise<InstitutionOption[]>;

type Item = { kind: "existing"; option: InstitutionOption } | { kind: "new"; name: string };

const DEBOUNCE_MS = 250;

/**
 * Choosing an institution: as the user types, registered institutions whose names match are
 * offered (WAI-ARIA combobox: arrows move, Enter chooses, Escape closes); when none is the one,
 * "register as a new institution" asks for its type. Sends institutionId for a registered one,
 * otherwise institutionName with institutionType (and optional English name and business number);
 * the server still reuses a registered institution whose normalised name is the same.
 */
export function InstitutionCombobox({ prefix, label, required, state, saved, search, canCreate }: {
  prefix: string;
  label: string;
  required: boolean;
  state: ActionState;
  saved?: { id: string; name: string };
  search: InstitutionSearch;
  canCreate: boolean;
}) {
  const t = useTranslations("structure");
  const tf = useTranslations("manage");
  const te = useTranslations("enums");
  const values = state.values;
  const errors = state.fieldErrors ?? {};
  const [text, setText] = useState(values ? (values.institutionName ?? "") : (saved?.name ?? ""));
  const [chosenId, setChosenId] = useState(values ? (values.institutionId ?? "") : (saved?.id ?? ""));
  const [isNew, setIsNew] = useState(
    Boolean(values && !values.institutionId && (values.institutionType || errors.institutionType || errors.businessRegistrationNumber || errors.institutionNameEn)),
  );
  const [options, setOptions] = useState<InstitutionOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);
  const typeSelect = useRef<HTMLSelectElement>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const inputId = `${prefix}-institutionName`;
  const listId = `${prefix}-institution-list`;
  const optionId = (index: number) => `${listId}-${index}`;
  const trimmed = text.trim();
  const typed = normalizeInstitutionName(trimmed);
  const exists = options.some((o) => normalizeInstitutionName(o.nameKo) === typed);
  const items: Item[] = [
    ...options.map((option): Item => ({ kind: "existing", option })),
    ...(canCreate && typed !== "" && !exists ? [{ kind: "new", name: trimmed } as const] : []),
  ];
  const expanded = open && items.length > 0;

  function lookUp(query: string) {
    if (timer.current) clearTimeout(timer.current);
    if (query === "") {
      setOptions([]);
      setAnnouncement("");
      return;
    }
    timer.current = setTimeout(() => {
      const request = ++latest.current;
      search(query)
        .then((found) => {
          // An older answer arriving after a newer one must not replace it.
          if (request !== latest.current) return;
          setOptions(found);
          setActive(-1);
          setAnnouncement(found.length > 0 ? t("found", { count: found.length }) : t("noneFound"));
        })
        .catch(() => {
          if (request === latest.current) setOptions([]);
        });
    }, DEBOUNCE_MS);
  }

  function onType(value: string) {
    setText(value);
    setChosenId("");
    setActive(-1);
    setOpen(true);
    lookUp(value.trim());
  }

  function choose(item: Item) {
    setOpen(false);
    setActive(-1);
    if (item.kind === "existing") {
      setChosenId(String(item.option.id));
      setText(item.option.nameKo);
      setIsNew(false);
      setAnnouncement(t("chosen", { name: item.option.nameKo }));
      return;
    }
    setChosenId("");
    setIsNew(true);
    setAnnouncement(t("newChosen", { name: item.name }));
    // The type is the one thing a new institution needs: take the user there.
    requestAnimationFrame(() => typeSelect.current?.focus());
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        if (items.length > 0) setActive((i) => (i + 1 >= items.length ? 0 : i + 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open) setOpen(true);
        if (items.length > 0) setActive((i) => (i <= 0 ? items.length - 1 : i - 1));
        break;
      case "Enter": {
        const item = expanded && active >= 0 ? items[active] : undefined;
        // Enter on an offered institution chooses it instead of submitting the form.
        if (item) {
          event.preventDefault();
          choose(item);
        }
        break;
      }
      case "Escape":
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text !== "") {
          event.preventDefault();
          onType("");
        }
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  }

  const nameErrors = errors.institutionName;
  const hintId = `${inputId}-hint`;
  const chosen = chosenId !== "" && trimmed !== "";
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>{label}</label>
      <p className="field__hint" id={hintId}>{canCreate ? t("comboboxHint") : t("comboboxHintNoCreate")}</p>
      <div className={styles.combobox}>
        <input
          id={inputId}
          name="institutionName"
          className="input"
          type="text"
          role="combobox"
          autoComplete="off"
          maxLength={200}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-required={required || undefined}
          value={text}
          onChange={(e) => onType(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          {...describedBy(inputId, true, nameErrors)}
        />
        <ul id={listId} role="listbox" aria-label={label} className={styles.listbox} hidden={!expanded}>
          {items.map((item, index) => (
            <li
              key={item.kind === "existing" ? item.option.id : "new"}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={item.kind === "new" ? `${styles.option} ${styles.create}` : styles.option}
              // Keep the focus in the input, so the choice does not blur it first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(item)}
            >
              {item.kind === "existing" ? (
                <>
                  <span>{item.option.nameKo}</span>
                  <span className={styles.meta}>
                    {[item.option.nameEn, te.has(`instType.${item.option.type}`) ? te(`instType.${item.option.type}` as "instType.SME") : item.option.type].filter(Boolean).join(" · ")}
                  </span>
                </>
              ) : (
                <span>{t("addNew", { name: item.name })}</span>
              )}
            </li>
          ))}
        </ul>
      </div>
      <input type="hidden" name="institutionId" value={chosenId} />
      {nameErrors?.map((e) => <p key={e} className="field__error" id={`${inputId}-error`}>{e}</p>)}
      {chosen && <p className="field__hint">{t("chosen", { name: trimmed })}</p>}
      <p className="sr-only" role="status">{announcement}</p>
      {isNew && !chosen && trimmed !== "" && (
        <fieldset className={styles.newInstitution}>
          <legend>{t("newInstitutionLegend", { name: trimmed })}</legend>
          <p className="field__hint">{t("newInstitutionHint")}</p>
          <Field id={`${prefix}-institutionType`} label={tf("fields.institutionType")} errors={errors.institutionType}>
            <select ref={typeSelect} id={`${prefix}-institutionType`} name="institutionType" className="select" aria-required
              defaultValue={values?.institutionType ?? ""} {...describedBy(`${prefix}-institutionType`, false, errors.institutionType)}>
              <option value="">{t("chooseType")}</option>
              {INSTITUTION_TYPES.map((type) => <option key={type} value={type}>{te(`instType.${type}`)}</option>)}
            </select>
          </Field>
          <Field id={`${prefix}-institutionNameEn`} label={tf("fields.institutionNameEn")} errors={errors.institutionNameEn}>
            <input id={`${prefix}-institutionNameEn`} name="institutionNameEn" className="input" maxLength={200}
              defaultValue={values?.institutionNameEn ?? ""} {...describedBy(`${prefix}-institutionNameEn`, false, errors.institutionNameEn)} />
          </Field>
          <Field id={`${prefix}-businessRegistrationNumber`} label={tf("fields.businessRegistrationNumber")} hint={t("brnHint")} errors={errors.businessRegistrationNumber}>
            <input id={`${prefix}-businessRegistrationNumber`} name="businessRegistrationNumber" className="input" maxLength={12} inputMode="numeric"
              defaultValue={values?.businessRegistrationNumber ?? ""} {...describedBy(`${prefix}-businessRegistrationNumber`, true, errors.businessRegistrationNumber)} />
          </Field>
        </fieldset>
      )}
    </div>
  );
}
