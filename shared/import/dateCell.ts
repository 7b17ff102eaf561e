/**
 * The one reader of a date cell, for every spreadsheet import (people, outreach log,
 * coordination, follow-ups, barriers). It never guesses: a cell is a date only when it is
 * written day first with slashes and a four-digit year (`15/06/2026`, `3/2/2026`), as an
 * ISO date (`2026-06-15`), or is a real Excel date cell — which the XLSX reader
 * (electron/backend/import/readXlsx.ts) hands over as `dd/mm/yyyy`, taken at UTC so no time
 * zone shifts the day. Anything else (`15.06.2026`, `06-15-2026`, `15/06/26`, a serial
 * number such as `46188`, a date with its time) is refused with a French reason; the row
 * readers put it on the cell's line and column.
 */
import { isIsoDate } from '../domain/conventionYears';
import { formatDate } from '../format';

export type DateCell = { iso: string | null } | { error: string };

export const DATE_FORMAT_REASON = 'Date illisible : attendu jj/mm/aaaa (ou aaaa-mm-jj).';

const FRENCH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
/** What Excel stores for a date (days since 1899-12-30), when the cell is not formatted as a date. */
const SERIAL = /^\d{5}(?:[.,]\d+)?$/;

const read = new Map<string, DateCell>();

/** A cell's text → an ISO date, `{ iso: null }` for an empty cell, or the reason it is refused. */
export function readDateCell(text: string): DateCell {
  const value = text.trim();
  let parsed = read.get(value);
  if (!parsed) {
    parsed = readDate(value);
    // Few distinct dates in a sheet; the bound keeps a pathological file from growing it.
    if (read.size < 20_000) read.set(value, parsed);
  }
  return parsed;
}

function readDate(value: string): DateCell {
  if (value === '') return { iso: null };
  const french = FRENCH.exec(value);
  const iso = ISO.exec(value);
  const parts: [string, string, string] | null = french
    ? [french[3]!, french[2]!, french[1]!]
    : iso
      ? [iso[1]!, iso[2]!, iso[3]!]
      : null;
  if (!parts) {
    if (SERIAL.test(value)) {
      return {
        error: `${DATE_FORMAT_REASON} « ${value} » est un nombre : mettez la colonne au format Date dans le tableur.`,
      };
    }
    return { error: DATE_FORMAT_REASON };
  }
  const [year, month, day] = parts;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!isIsoDate(date)) return { error: "Cette date n'existe pas dans le calendrier." };
  if (Number(year) < 1900 || Number(year) > 2100)
    return { error: 'Date invalide : année hors limites.' };
  return { iso: date };
}

/**
 * A date cell as a row reader uses it: the ISO date and what the preview shows, or the
 * reason to refuse. `required` names the field when an empty cell is refused.
 */
export function dateCellValue(
  text: string,
  required?: string,
): { iso: string | null; shown: string } | { error: string } {
  const parsed = readDateCell(text);
  if ('error' in parsed) return parsed;
  if (parsed.iso === null) {
    return required ? { error: `${required} obligatoire.` } : { iso: null, shown: '' };
  }
  return { iso: parsed.iso, shown: formatDate(parsed.iso) };
}
