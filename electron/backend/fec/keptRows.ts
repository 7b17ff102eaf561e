/**
 * The kept lines of a FEC as the parameters of multi-row INSERTs. better-sqlite3 spends
 * more time crossing into native code per call than SQLite spends per row, so rows go in
 * groups of ROWS_PER_INSERT per statement.
 *
 * A group travels as one string, its values joined by the file's column separator: no
 * value can hold it (the line was split on it; the extras' JSON escapes TAB and cannot
 * hold a `|` the line did not). Handing one string from the reading worker to the writing
 * thread is a copy, where an array of 350 values costs a structured clone of each, which
 * measured slower than the reading itself. The writer splits it back, turns the integers'
 * digits back into numbers, and no extras come as '' (NULLIF in the statement).
 */
import type { FecLine } from '../../../shared/fec/fecLine';

/** Measured on 500 000 rows: 25 rows a statement is ~40 % faster than one; more is not. */
export const ROWS_PER_INSERT = 25;

const COLUMNS = [
  'line_no',
  'journal_code',
  'ecriture_num',
  'date',
  'compte_num',
  'compte_lib',
  'comp_aux_num',
  'comp_aux_lib',
  'piece_ref',
  'ecriture_lib',
  'debit_cents',
  'credit_cents',
  'analytic',
  'extras',
] as const;

export const VALUES_PER_ROW = COLUMNS.length;

/** One statement's rows, as `separator`-joined values (see above). */
export interface RowGroup {
  separator: string;
  text: string;
}

/**
 * The INSERT of `rows` kept lines. The import's id is written into the text (an integer
 * the import itself just created) rather than bound once per row.
 */
export function insertSql(importId: number, rows: number): string {
  if (!Number.isSafeInteger(importId)) throw new Error(`Bad import id ${importId}`);
  const row = `(${importId}${', ?'.repeat(VALUES_PER_ROW - 1)}, NULLIF(?, ''))`;
  return `INSERT INTO ledger_lines (import_id, ${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
}

/** Where the integers are in a row. */
const INTEGERS = (['line_no', 'debit_cents', 'credit_cents'] as const).map((name) =>
  COLUMNS.indexOf(name),
);

/** A group's values for the statement of `rows` rows. */
export function groupValues(group: RowGroup): { values: (string | number)[]; rows: number } {
  const values: (string | number)[] = group.text.split(group.separator);
  if (values.length % VALUES_PER_ROW !== 0) throw new Error('Malformed row group');
  // Bound as numbers, the integers cost a third of what their digits do (exact: cents stay
  // under 2^53, parseFecAmount allows 13 digits before the comma).
  for (let row = 0; row < values.length; row += VALUES_PER_ROW) {
    for (const column of INTEGERS) values[row + column] = Number(values[row + column]);
  }
  return { values, rows: values.length / VALUES_PER_ROW };
}

/** Collects kept lines into row groups, and hands them out `groupsPerBatch` at a time. */
export function createRowBatcher(onBatch: (groups: RowGroup[]) => void, groupsPerBatch: number) {
  let groups: RowGroup[] = [];
  let values: (string | number)[] = [];
  let separator = '\t';
  const close = () => {
    groups.push({ separator, text: values.join(separator) });
    values = [];
  };
  const flush = () => {
    if (values.length > 0) close();
    if (groups.length > 0) onBatch(groups);
    groups = [];
  };
  const add = (line: FecLine, lineNumber: number, columnSeparator: string) => {
    separator = columnSeparator;
    values.push(
      lineNumber,
      line.journalCode,
      line.ecritureNum,
      line.date,
      line.compteNum,
      line.compteLib,
      line.compAuxNum,
      line.compAuxLib,
      line.pieceRef,
      line.ecritureLib,
      line.debitCents,
      line.creditCents,
      line.analytic,
      line.extras === null ? '' : JSON.stringify(line.extras),
    );
    if (values.length === ROWS_PER_INSERT * VALUES_PER_ROW) {
      close();
      if (groups.length === groupsPerBatch) {
        onBatch(groups);
        groups = [];
      }
    }
  };
  return { add, flush };
}
