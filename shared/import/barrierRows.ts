/**
 * The pure half of the barriers import: per row, the person (by file number), the barrier
 * type (the reference list of shared/domain/peopleLists.ts, by its French label, its code or
 * a word operators use), the date it was identified and, when it was, the date it was
 * lifted. Header guessing and row reading are fieldMapping.ts's, dates dateCell.ts's, the
 * dates' rule barrierRules.ts's (the person page's). Whether the file number is recorded,
 * and what the row does to the barriers already there, is the backend's (it needs them).
 */
import { barrierLiftIssue } from '../domain/barrierRules';
import { barrierCategories, type BarrierCategory } from '../domain/peopleLists';
import type { ImportIssue } from '../contract/people';
import { fieldSet, readMappedTable, type ImportField, type ImportMapping } from './fieldMapping';
import { codedMatcher, hintOf, type SourceTable } from './peopleRows';
import { codedCell, dateCell, readRowCells, type RowPatch, type SheetRow } from './rowCells';

export interface BarrierValues {
  category: BarrierCategory;
  identifiedOn: string;
  liftedOn: string | null;
}

const field = <K extends string>(
  key: K,
  label: string,
  synonyms: readonly string[],
  required = true,
): ImportField & { key: K } => ({ key, label, required, synonyms });

const FIELDS = [
  field('fileNumber', 'N° dossier', [
    'numero de dossier',
    'numero dossier',
    'n dossier',
    'no dossier',
    'num dossier',
    'dossier',
  ]),
  field('category', 'Frein', [
    'type de frein',
    'type frein',
    'frein identifie',
    'nature du frein',
    'categorie de frein',
    'categorie',
    'freins',
  ]),
  field('identifiedOn', 'Identifié le', [
    'date d identification',
    'date identification',
    'identifie',
    'date du frein',
    'date de reperage du frein',
    'depuis le',
  ]),
  field(
    'liftedOn',
    'Levé le',
    ['date de levee', 'date levee', 'leve', 'levee le', 'date de levee du frein', 'leve au'],
    false,
  ),
] as const;

export type BarrierFieldKey = (typeof FIELDS)[number]['key'];

const BARRIER_FIELDS = fieldSet(FIELDS);

/** The target fields, in the order the mapping screen shows them. */
export const barrierImportFields = BARRIER_FIELDS.importFields;

export const barrierMapper = BARRIER_FIELDS.mapper;

const LABEL_OF = BARRIER_FIELDS.labelOf;

const matchCategory = codedMatcher(barrierCategories);
const CATEGORY = {
  missing: 'Frein obligatoire.',
  unknown: `Frein non reconnu : attendu ${hintOf(barrierCategories)}.`,
};

/** One row of the file, read and checked; `values` is set only when the row has no issue. */
export type BarrierRowPatch = RowPatch<BarrierValues> & { fileNumber: string };

export function parseBarrierTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
): { rows: BarrierRowPatch[]; issues: ImportIssue[] } {
  return readMappedTable(table, mapping, FIELDS, parseRow, headerLine);
}

function parseRow(
  row: SheetRow,
  columns: readonly (readonly [BarrierFieldKey, number])[],
  clean: ImportMapping,
): BarrierRowPatch {
  const values: Partial<BarrierValues> = { liftedOn: null };
  let fileNumber = '';
  const { display, issues, fail } = readRowCells(
    row,
    columns,
    clean,
    LABEL_OF,
    (key, value, refuse) => {
      switch (key) {
        case 'fileNumber':
          fileNumber = value;
          return value === '' ? refuse('N° de dossier obligatoire.') : undefined;
        case 'category': {
          const item = codedCell(value, matchCategory, barrierCategories, CATEGORY, refuse);
          if (item) values.category = item.code;
          return item?.label;
        }
        case 'identifiedOn':
        case 'liftedOn': {
          const date = dateCell(
            value,
            refuse,
            key === 'identifiedOn' ? "Date d'identification du frein" : undefined,
          );
          if (date) values[key] = date.iso as string;
          return date?.shown;
        }
      }
    },
  );
  if (values.identifiedOn && values.liftedOn) {
    const liftIssue = barrierLiftIssue(values.identifiedOn, values.liftedOn);
    if (liftIssue) fail('liftedOn', liftIssue);
  }
  const complete = issues.length === 0 && values.category && values.identifiedOn;
  return {
    line: row.line,
    fileNumber,
    values: complete ? (values as BarrierValues) : null,
    display,
    issues,
  };
}

/** What names one barrier of a person: its type and the day it was identified. */
export function barrierKey(
  personId: number,
  values: Pick<BarrierValues, 'category' | 'identifiedOn'>,
) {
  return `${personId}\u0000${values.category}\u0000${values.identifiedOn}`;
}
