// The public address (slug) a new project is offered: from the agency's project number (과제번호)
// when there is one, else from the English title. The person may still change it before saving.

const SLUG_MAX = 120;

/** Lower-case ASCII letters and digits joined by single hyphens. */
export function toSlug(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX)
    .replace(/-+$/g, "");
}

/** "RS-2024-00412345" → "rs-2024-00412345"; without a number, "Hydrogen Electric Tram" → "hydrogen-electric-tram". */
export function proposeSlug(input: { agencyNumber?: string | null; titleEn?: string | null }): string {
  const fromNumber = toSlug(input.agencyNumber ?? "");
  if (fromNumber) return /^[a-z]/.test(fromNumber) ? fromNumber : `project-${fromNumber}`.slice(0, SLUG_MAX);
  return toSlug(input.titleEn ?? "");
}

/** 과제번호 as stored: trimmed, NFC, inner spaces removed, upper case (RS-2024-00412345). */
export function normalizeAgencyNumber(value: string): string {
  return value.normalize("NFC").trim().replace(/\s+/g, "").toUpperCase();
}

export const AGENCY_NUMBER_PATTERN = /^[0-9A-Z][0-9A-Z-]{3,49}$/;
