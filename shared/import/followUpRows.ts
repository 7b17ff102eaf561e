/**
 * The pure half of the six-month follow-up import: per person (by file number), the date of
 * the follow-up and the situation at six months, as kept in a spreadsheet. Header guessing
 * and row reading are fieldMapping.ts's; the backend checks the file number and the exit
 * (a follow-up needs an exit on or before its date, as the pathway form requires).
 */
import { followUpSituations, type FollowUpSituation } from '../domain/peopleLists';
import type { ImportIssue } from '../contract/people';
import { fieldSet, readMappedTable, type ImportField, type ImportMapping } from './fieldMapping';
import { codedMatcher, hintOf, type SourceTable } from './peopleRows';
import { codedCell, dateCell, readRowCells, type RowPatch, type SheetRow } from './rowCells';

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
const SITUATION = {
  missing: 'Situation à 6 mois obligatoire.',
  unknown: `Situation à 6 mois non reconnue : attendu ${hintOf(followUpSituations)}.`,
};

/** One row of the file, read and checked; `values` is set only when the row has no issue. */
export type FollowUpRowPatch = RowPatch<FollowUpValues> & { fileNumber: string };

export function parseFollowUpTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
): { rows: FollowUpRowPatch[]; issues: ImportIssue[] } {
  return readMappedTable(table, mapping, FIELDS, parseRow, headerLine);
}

function parseRow(
  row: SheetRow,
  columns: readonly (readonly [FollowUpFieldKey, number])[],
  clean: ImportMapping,
): FollowUpRowPatch {
  const values: Partial<FollowUpValues> = {};
  let fileNumber = '';
  const { display, issues } = readRowCells(row, columns, clean, LABEL_OF, (key, value, refuse) => {
    switch (key) {
      case 'fileNumber':
        fileNumber = value;
        return value === '' ? refuse('N° de dossier obligatoire.') : undefined;
      case 'followUpDate': {
        const date = dateCell(value, refuse, 'Date du suivi');
        if (date?.iso) values.followUpDate = date.iso;
        return date?.shown;
      }
      case 'followUpSituation': {
        const item = codedCell(value, matchSituation, followUpSituations, SITUATION, refuse);
        if (item) values.followUpSituation = item.code;
        return item?.label;
      }
    }
  });
  const complete = issues.length === 0 && values.followUpDate && values.followUpSituation;
  return {
    line: row.line,
    fileNumber,
    values: complete ? (values as FollowUpValues) : null,
    display,
    issues,
  };
}
