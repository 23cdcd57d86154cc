"use client";

import { useCombobox, type UseComboboxStateChange } from "downshift";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { describedBy, Field } from "@/components/workspace/form-parts";
import { INSTITUTION_TYPES } from "@/lib/domain/enums";
import { normalizeInstitutionName } from "@/lib/search/normalize";
import styles from "./institution-combobox.module.css";

export type InstitutionOption = { id: number; nameKo: string; nameEn: string | null; type: string };
export type InstitutionSearch = (query: string) => Promise<InstitutionOption[]>;

type Item = { kind: "existing"; option: InstitutionOption } | { kind: "new"; name: string };

const DEBOUNCE_MS = 250;

const itemToString = (item: Item | null) => (item === null ? "" : item.kind === "existing" ? item.option.nameKo : item.name);
const itemToKey = (item: Item | null) => (item === null ? "" : item.kind === "existing" ? `id-${item.option.id}` : "new");

/**
 * Choosing an institution: as the user types, registered institutions whose names match are
 * offered; when none is the one, "register as a new institution" asks for its type. Downshift's
 * useCombobox (decision 0026) owns the WAI-ARIA combobox: roles, aria-activedescendant, arrows,
 * Enter, Escape, open and close. Ours are the debounced search, the items and what is sent:
 * institutionId for a registered one, otherwise institutionName with institutionType (and optional
 * English name and business number); the server still reuses a registered institution whose
 * normalised name is the same.
 */
export function InstitutionCombobox({ prefix, label, required, values, errors, saved, search, canCreate }: {
  prefix: string;
  label: string;
  required: boolean;
  /** What was sent, when the page is rendered again after a refusal without JavaScript. */
  values?: Record<string, string>;
  /** The errors of its fields, from the browser's check or the server's answer. */
  errors: Record<string, string[] | undefined>;
  saved?: { id: string; name: string };
  search: InstitutionSearch;
  canCreate: boolean;
}) {
  const t = useTranslations("structure");
  const tf = useTranslations("manage");
  const te = useTranslations("enums");
  const [text, setText] = useState(values ? (values.institutionName ?? "") : (saved?.name ?? ""));
  const [chosenId, setChosenId] = useState(values ? (values.institutionId ?? "") : (saved?.id ?? ""));
  const [isNew, setIsNew] = useState(
    Boolean(values && !values.institutionId && (values.institutionType || errors.institutionType || errors.businessRegistrationNumber || errors.institutionNameEn)),
  );
  const [options, setOptions] = useState<InstitutionOption[]>([]);
  const [searching, setSearching] = useState(false);
  const [noMatch, setNoMatch] = useState(false);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(0);
  const typeSelect = useRef<HTMLSelectElement>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const inputId = `${prefix}-institutionName`;
  const listId = `${prefix}-institution-list`;
  const trimmed = text.trim();
  const typed = normalizeInstitutionName(trimmed);
  const exists = options.some((o) => normalizeInstitutionName(o.nameKo) === typed);
  const items: Item[] = [
    ...options.map((option): Item => ({ kind: "existing", option })),
    ...(canCreate && typed !== "" && !exists ? [{ kind: "new", name: trimmed } as const] : []),
  ];
  // Nothing to show (no text yet, or no answer and no "new" entry): the list stays closed, so
  // Enter submits the form instead of closing an empty list.
  const expanded = open && items.length > 0;

  function lookUp(query: string) {
    if (timer.current) clearTimeout(timer.current);
    latest.current += 1;
    setNoMatch(false);
    if (query === "") {
      setOptions([]);
      setSearching(false);
      setAnnouncement("");
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      const request = ++latest.current;
      search(query)
        .then((found) => {
          // An older answer arriving after a newer one must not replace it.
          if (request !== latest.current) return;
          setOptions(found);
          setNoMatch(found.length === 0);
          setAnnouncement(found.length > 0 ? t("found", { count: found.length }) : t("noneFound"));
        })
        .catch(() => {
          if (request === latest.current) setOptions([]);
        })
        .finally(() => {
          if (request === latest.current) setSearching(false);
        });
    }, DEBOUNCE_MS);
  }

  function onInputValueChange({ inputValue, type }: UseComboboxStateChange<Item>) {
    const value = inputValue ?? "";
    setText(value);
    // Typing, or Escape on a closed list (which empties the field), forgets the choice and looks up anew.
    if (type === useCombobox.stateChangeTypes.InputChange || type === useCombobox.stateChangeTypes.InputKeyDownEscape) {
      setChosenId("");
      lookUp(value.trim());
    }
  }

  function choose({ selectedItem: item }: UseComboboxStateChange<Item>) {
    if (!item) return;
    if (item.kind === "existing") {
      setChosenId(String(item.option.id));
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

  const { getLabelProps, getInputProps, getMenuProps, getItemProps, highlightedIndex } = useCombobox<Item>({
    items,
    itemToString,
    itemToKey,
    inputId,
    labelId: `${inputId}-label`,
    menuId: listId,
    getItemId: (index) => `${listId}-${index}`,
    // Downshift owns the field's text; `text` only mirrors it (onInputValueChange). A controlled
    // `inputValue` re-renders the field once with the old text on every keystroke, which drops
    // characters typed quickly and breaks Korean IME input (downshift issues #1108, #1452).
    initialInputValue: text,
    // Every choice is reported, even the same one twice: the chosen institution lives in our state.
    selectedItem: null,
    isOpen: expanded,
    onIsOpenChange: ({ isOpen }) => setOpen(Boolean(isOpen)),
    onInputValueChange,
    onSelectedItemChange: choose,
  });

  const nameErrors = errors.institutionName;
  const hintId = `${inputId}-hint`;
  const chosen = chosenId !== "" && trimmed !== "";
  return (
    <div className="field">
      <label className="field__label" {...getLabelProps()}>{label}</label>
      <p className="field__hint" id={hintId}>{canCreate ? t("comboboxHint") : t("comboboxHintNoCreate")}</p>
      <div className={styles.combobox}>
        <input
          className="input"
          type="text"
          maxLength={200}
          aria-required={required || undefined}
          {...getInputProps({ name: "institutionName", ...describedBy(inputId, true, nameErrors) })}
        />
        <ul className={styles.listbox} hidden={!expanded} {...getMenuProps({ "aria-label": label })}>
          {expanded && items.map((item, index) => (
            <li
              key={itemToKey(item)}
              className={item.kind === "new" ? `${styles.option} ${styles.create}` : styles.option}
              {...getItemProps({ item, index, "aria-selected": index === highlightedIndex })}
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
      {searching && <p className="field__hint" aria-hidden="true">{t("searching")}</p>}
      {noMatch && !chosen && <p className="field__hint" aria-hidden="true">{t("noneFound")}</p>}
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
