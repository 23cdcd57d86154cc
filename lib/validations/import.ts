import { z } from "zod";

// The import page's mapping forms, shared by the forms and their server actions
// (app/[locale]/(manage)/manage/import). Messages are keys of the `validation` namespace.

const mappingName = z.string().trim().min(1, "required").max(100, "tooLong");

/** Rules typed as text, one per line ("projects.Project No = projectKey"); the action reads the lines. */
export const mappingSchema = z.object({
  name: mappingName,
  rules: z.string().max(20_000, "tooLong"),
});

/** The column picker: `kind-<n>` and `field-<n>-<field>` per sheet of the file, read by the action. */
export const pickerSchema = z.looseObject({ name: mappingName });
