/**
 * What every spreadsheet row reader of the imports does the same way (follow-ups, barriers,
 * outreach log, coordination): go through the row's mapped cells once, keep each cell's text
 * as typed for the issue that names it, hand its trimmed value to the import's own rule, and
 * show in the preview either what that rule read (a label, a date in fr-FR) or the cell as
 * typed. The rules themselves — which list a code comes from, which date is required — stay
 * in each import's module; the people import, whose rows carry a person's whole record, has
 * its own reader (peopleRows.ts).
 */
import type { ImportIssue } from '../contract/people';
import { dateCellValue } from './dateCell';
import { rowIssues, type ImportMapping } from './fieldMapping';

/** One row of a file, as readMappedTable hands it. */
export interface SheetRow {
  line: number;
  cells: readonly string[];
}

/** What a row reader gives back: `values` only when the row has no issue. */
export interface RowPatch<V> {
  line: number;
  values: V | null;
  display: Record<string, string>;
  issues: ImportIssue[];
}

/**
 * Refuses the cell (the issue lands on its column, once per column) and says nothing to
 * show; returns undefined so a rule can `return refuse(…)`.
 */
export type Refuse = (reason: string) => undefined;

/**
 * Reads the row's mapped cells, each through `read(key, value, refuse)`: it returns what
 * the preview shows for the cell, or undefined to show the value as typed. Returns the
 * preview's cells, the row's issues, `fail` to refuse a cell once all are read (a rule
 * across cells) and `schemaIssues` to put a schema's issues on their columns.
 */
export function readRowCells<K extends string>(
  row: SheetRow,
  columns: readonly (readonly [K, number])[],
  clean: ImportMapping,
  labels: ReadonlyMap<string, string>,
  read: (key: K, value: string, refuse: Refuse) => string | undefined,
) {
  const raw: Partial<Record<K, string>> = {};
  const { issues, fail, schemaIssues } = rowIssues(row.line, clean, labels, raw);
  const display: Record<string, string> = { line: String(row.line) };
  for (const [key, index] of columns) {
    const text = row.cells[index] ?? '';
    raw[key] = text;
    const value = text.trim();
    const refuse: Refuse = (reason) => {
      fail(key, reason);
      return undefined;
    };
    display[key] = read(key, value, refuse) ?? value;
  }
  return { display, issues, fail: fail as (key: K, reason: string) => void, schemaIssues };
}

/** An item of a coded list, read from the words operators type (codedMatcher). */
export function codedCell<C extends string>(
  value: string,
  match: (text: string) => string | null,
  list: readonly { code: C; label: string }[],
  messages: { missing: string; unknown: string },
  refuse: Refuse,
): { code: C; label: string } | undefined {
  if (value === '') return refuse(messages.missing);
  const code = match(value);
  const item = code === null ? undefined : list.find((each) => each.code === code);
  return item ?? refuse(messages.unknown);
}

/**
 * A date cell (dateCell.ts): the ISO date and its fr-FR form, or the cell refused. Empty:
 * refused when `required` names the field, else no date. Never guessed.
 */
export function dateCell(
  value: string,
  refuse: Refuse,
  required?: string,
): { iso: string | null; shown: string } | undefined {
  const parsed = dateCellValue(value, required);
  return 'error' in parsed ? refuse(parsed.error) : parsed;
}
