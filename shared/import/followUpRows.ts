/**
 * The pure half of the six-month follow-up import: per person (by file number), the date of
 * the follow-up and the situation at six months, as kept in a spreadsheet. Header guessing
 * and row reading are fieldMapping.ts's; the backend checks the file number and the exit
 * (a follow-up needs an exit on or before its date, as the pathway form requires).
 */
import { followUpSituations, type FollowUpSituation } from '../domain/peopleLists';
import type { ImportIssue } from '../contract/people';
import {
  fieldSet,
  readMappedTable,
  rowIssues,
  type ImportField,
  type ImportMapping,
} from './fieldMapping';
import { dateCellValue } from './dateCell';
import { codedMatcher, hintOf, type SourceTable } from './peopleRows';

export interface FollowUpValues {
  followUpDate: string;
  followUpSituation: FollowUpSituation;
}

const field = <K extends string>(
  key: K,
  label: string,
  synonyms: readonly string[],
): ImportField & { key: K } => ({ key, label, required: true, synonyms });

const FIELDS = [
  field('fileNumber', 'N° dossier', ['numero de dossier', 'n dossier', 'dossier', 'num dossier']),
  field('followUpDate', 'Date du suivi', [
    'date de suivi',
    'date suivi',
    'date du suivi a 6 mois',
    'date suivi 6 mois',
    'date',
  ]),
  field('followUpSituation', 'Situation à 6 mois', [
    'situation a six mois',
    'situation 6 mois',
    'situation',
  ]),
] as const;

export type FollowUpFieldKey = (typeof FIELDS)[number]['key'];

const FOLLOWUP_FIELDS = fieldSet(FIELDS);

/** The target fields, in the order the mapping screen shows them. */
export const followUpImportFields = FOLLOWUP_FIELDS.importFields;

export const followUpMapper = FOLLOWUP_FIELDS.mapper;

const LABEL_OF = FOLLOWUP_FIELDS.labelOf;

/** The situations with the words operators type for them (« emploi », « CDI »…). */
const SITUATION_WORDS: Record<string, string[]> = {
  employment: ['emploi', 'cdi', 'cdd', 'interim', 'en emploi'],
  training: ['formation', 'en formation'],
  job_seeking: ['recherche d emploi', 'recherche emploi', 'demandeur d emploi'],
  inactive: ['inactif', 'inactive', 'sans emploi'],
  unknown: ['inconnue', 'inconnu', 'injoignable'],
};
const matchSituation = codedMatcher(
  followUpSituations.map((item) => ({ ...item, aliases: SITUATION_WORDS[item.code] ?? [] })),
);
const SITUATION_REASON = `Situation à 6 mois non reconnue : attendu ${hintOf(followUpSituations)}.`;

/** One row of the file, read and checked; `values` is set only when the row has no issue. */
export interface FollowUpRowPatch {
  line: number;
  fileNumber: string;
  values: FollowUpValues | null;
  display: Record<string, string>;
  issues: ImportIssue[];
}

export function parseFollowUpTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
): { rows: FollowUpRowPatch[]; issues: ImportIssue[] } {
  return readMappedTable(table, mapping, FIELDS, parseRow, headerLine);
}

function parseRow(
  row: SourceTable['rows'][number],
  columns: readonly (readonly [FollowUpFieldKey, number])[],
  clean: ImportMapping,
): FollowUpRowPatch {
  const raw: Partial<Record<FollowUpFieldKey, string>> = {};
  const { issues, fail } = rowIssues(row.line, clean, LABEL_OF, raw);
  const patch: FollowUpRowPatch = {
    line: row.line,
    fileNumber: '',
    values: null,
    display: { line: String(row.line) },
    issues,
  };
  const values: Partial<FollowUpValues> = {};
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
      case 'followUpDate': {
        const parsed = dateCellValue(value, 'Date du suivi');
        if ('error' in parsed) fail(key, parsed.error);
        else if (parsed.iso) {
          values.followUpDate = parsed.iso;
          shown = parsed.shown;
        }
        break;
      }
      case 'followUpSituation': {
        const code = value === '' ? null : matchSituation(value);
        if (!code) fail(key, value === '' ? 'Situation à 6 mois obligatoire.' : SITUATION_REASON);
        else {
          values.followUpSituation = code as FollowUpSituation;
          shown = followUpSituations.find((item) => item.code === code)!.label;
        }
        break;
      }
    }
    patch.display[key] = shown;
  }
  if (issues.length === 0 && values.followUpDate && values.followUpSituation) {
    patch.values = values as FollowUpValues;
  }
  return patch;
}
