/**
 * The pure half of the coordination import (volet 4): the actions and committees an
 * operator lists in a spreadsheet — date, kind, title, partners, decisions. Header guessing
 * and row reading are fieldMapping.ts's; the values are checked with the contract's schema
 * (coordinationInput). Partners are named as typed (« France Travail ; Mission locale ») and
 * matched to the convention's partners by the backend, which knows them.
 */
import type { z } from 'zod';
import { coordinationInput, type ImportIssue } from '../contract/people';
import { coordinationKinds, normaliseText } from '../domain/peopleLists';
import { fieldSet, readMappedTable, type ImportField, type ImportMapping } from './fieldMapping';
import { codedMatcher, hintOf, type SourceTable } from './peopleRows';
import { codedCell, dateCell, readRowCells, type RowPatch, type SheetRow } from './rowCells';

const coordinationValues = coordinationInput.omit({ conventionId: true, partnerIds: true });
export type CoordinationValues = z.output<typeof coordinationValues>;

const field = <K extends string>(
  key: K,
  label: string,
  synonyms: readonly string[],
  required = false,
): ImportField & { key: K } => ({ key, label, required, synonyms });

const FIELDS = [
  field('date', 'Date', ['date de la reunion', 'date reunion', 'date de l action', 'le'], true),
  field(
    'kind',
    'Type',
    ['type d action', 'type de reunion', 'nature', 'instance', 'categorie'],
    true,
  ),
  field('title', 'Intitulé', ['objet', 'titre', 'reunion', 'action', 'libelle', 'sujet'], true),
  field('partners', 'Partenaires', [
    'partenaires presents',
    'partenaires associes',
    'participants',
    'structures',
    'partenaire',
  ]),
  field('decisions', 'Décisions', [
    'releve de decisions',
    'decisions prises',
    'compte rendu',
    'suites',
    'suites donnees',
    'conclusions',
  ]),
] as const;

export type CoordinationFieldKey = (typeof FIELDS)[number]['key'];

const COORDINATION_FIELDS = fieldSet(FIELDS);

/** The target fields, in the order the mapping screen shows them. */
export const coordinationImportFields = COORDINATION_FIELDS.importFields;

export const coordinationMapper = COORDINATION_FIELDS.mapper;

const LABEL_OF = COORDINATION_FIELDS.labelOf;
const FIELD_OF_SCHEMA_KEY: Record<string, CoordinationFieldKey> = {
  date: 'date',
  kind: 'kind',
  title: 'title',
  decisions: 'decisions',
};

/** The kinds with the words operators type for them (« COPIL », « comité de pilotage »…). */
const KIND_WORDS: Record<string, string[]> = {
  coordination: ['action de coordination', 'reunion de coordination', 'reunion partenaires'],
  cte: ['comite territorial'],
  copil: ['comite de pilotage', 'pilotage'],
  other_committee: ['autre instance', 'autre comite', 'comite', 'instance'],
};
const matchKind = codedMatcher(
  coordinationKinds.map((item) => ({ ...item, aliases: KIND_WORDS[item.code] ?? [] })),
);
const KIND = {
  missing: 'Type obligatoire.',
  unknown: `Type non reconnu : attendu ${hintOf(coordinationKinds)}.`,
};

/**
 * One row of the file, read and checked; `values` is set only when the row has no issue.
 * `partnerNames`: the partner names as typed, one per name; matched by the backend.
 */
export type CoordinationRowPatch = RowPatch<CoordinationValues> & { partnerNames: string[] };

/** Partner names from one cell: separated by `;`, `,`, `/`, `+` or a line break. */
export function splitPartnerNames(text: string): string[] {
  return text
    .split(/[;,/+\n]/)
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter((name) => name !== '');
}

/** How partner names are compared with the recorded ones: no case, no accents. */
export const partnerNameKey = (name: string) => normaliseText(name);

export function parseCoordinationTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
): { rows: CoordinationRowPatch[]; issues: ImportIssue[] } {
  return readMappedTable(table, mapping, FIELDS, parseRow, headerLine);
}

function parseRow(
  row: SheetRow,
  columns: readonly (readonly [CoordinationFieldKey, number])[],
  clean: ImportMapping,
): CoordinationRowPatch {
  const values: Record<string, unknown> = {};
  let partnerNames: string[] = [];
  const read = readRowCells(row, columns, clean, LABEL_OF, (key, value, refuse) => {
    switch (key) {
      case 'date': {
        // An empty date is left to the schema, whose message says the date is required.
        const date = dateCell(value, refuse);
        if (date) values.date = date.iso;
        return date?.shown;
      }
      case 'kind': {
        const item = codedCell(value, matchKind, coordinationKinds, KIND, refuse);
        if (item) values.kind = item.code;
        return item?.label;
      }
      case 'partners':
        partnerNames = splitPartnerNames(value);
        return partnerNames.join(', ');
      default:
        // Title and decisions are kept as typed (only the cell's outer spaces go).
        values[key] = value;
        return undefined;
    }
  });
  const parsed = coordinationValues.safeParse(values);
  if (!parsed.success) read.schemaIssues(parsed.error.issues, FIELD_OF_SCHEMA_KEY);
  return {
    line: row.line,
    partnerNames,
    values: read.issues.length === 0 && parsed.success ? parsed.data : null,
    display: read.display,
    issues: read.issues,
  };
}

/** What makes two coordination rows the same, to leave one already recorded as it is. */
export function coordinationKey(values: CoordinationValues, partnerIds: readonly number[]) {
  return JSON.stringify([
    values.date,
    values.kind,
    values.title,
    values.decisions,
    [...new Set(partnerIds)].sort((a, b) => a - b),
  ]);
}
