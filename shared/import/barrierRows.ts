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
import { dateCellValue } from './dateCell';
import {
  fieldSet,
  readMappedTable,
  rowIssues,
  type ImportField,
  type ImportMapping,
} from './fieldMapping';
import { codedMatcher, hintOf, type SourceTable } from './peopleRows';

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
const CATEGORY_REASON = `Frein non reconnu : attendu ${hintOf(barrierCategories)}.`;

/** One row of the file, read and checked; `values` is set only when the row has no issue. */
export interface BarrierRowPatch {
  line: number;
  fileNumber: string;
  values: BarrierValues | null;
  display: Record<string, string>;
  issues: ImportIssue[];
}

export function parseBarrierTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
): { rows: BarrierRowPatch[]; issues: ImportIssue[] } {
  return readMappedTable(table, mapping, FIELDS, parseRow, headerLine);
}

function parseRow(
  row: SourceTable['rows'][number],
  columns: readonly (readonly [BarrierFieldKey, number])[],
  clean: ImportMapping,
): BarrierRowPatch {
  const raw: Partial<Record<BarrierFieldKey, string>> = {};
  const { issues, fail } = rowIssues(row.line, clean, LABEL_OF, raw);
  const patch: BarrierRowPatch = {
    line: row.line,
    fileNumber: '',
    values: null,
    display: { line: String(row.line) },
    issues,
  };
  const values: Partial<BarrierValues> = { liftedOn: null };
  for (const [key, index] of columns) {
    const text = row.cells[index] ?? '';
    const value = text.trim();
    raw[key] = text;
    let shown = value;
    switch (key) {
      case 'fileNumber':
        if (value === '') fail(key, 'N° de dossier obligatoire.');
        patch.fileNumber = value;
        break;
      case 'category': {
        const code = value === '' ? null : matchCategory(value);
        if (!code) fail(key, value === '' ? 'Frein obligatoire.' : CATEGORY_REASON);
        else {
          values.category = code as BarrierCategory;
          shown = barrierCategories.find((item) => item.code === code)!.label;
        }
        break;
      }
      case 'identifiedOn':
      case 'liftedOn': {
        const parsed = dateCellValue(
          value,
          key === 'identifiedOn' ? "Date d'identification du frein" : undefined,
        );
        if ('error' in parsed) fail(key, parsed.error);
        else {
          values[key] = parsed.iso as string;
          shown = parsed.shown;
        }
        break;
      }
    }
    patch.display[key] = shown;
  }
  if (values.identifiedOn && values.liftedOn) {
    const liftIssue = barrierLiftIssue(values.identifiedOn, values.liftedOn);
    if (liftIssue) fail('liftedOn', liftIssue);
  }
  if (issues.length === 0 && values.category && values.identifiedOn) {
    patch.values = values as BarrierValues;
  }
  return patch;
}

/** What names one barrier of a person: its type and the day it was identified. */
export function barrierKey(
  personId: number,
  values: Pick<BarrierValues, 'category' | 'identifiedOn'>,
) {
  return `${personId}\u0000${values.category}\u0000${values.identifiedOn}`;
}
