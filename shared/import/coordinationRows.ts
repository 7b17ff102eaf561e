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
import {
  fieldSet,
  readMappedTable,
  rowIssues,
  type ImportField,
  type ImportMapping,
} from './fieldMapping';
import { dateCellValue } from './dateCell';
import { codedMatcher, hintOf, type SourceTable } from './peopleRows';

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
const KIND_REASON = `Type non reconnu : attendu ${hintOf(coordinationKinds)}.`;

/** One row of the file, read and checked; `values` is set only when the row has no issue. */
export interface CoordinationRowPatch {
  line: number;
  values: CoordinationValues | null;
  /** The partner names as typed, one per name; matched by the backend. */
  partnerNames: string[];
  display: Record<string, string>;
  issues: ImportIssue[];
}

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
  row: SourceTable['rows'][number],
  columns: readonly (readonly [CoordinationFieldKey, number])[],
  clean: ImportMapping,
): CoordinationRowPatch {
  const raw: Partial<Record<CoordinationFieldKey, string>> = {};
  const { issues, fail, schemaIssues } = rowIssues(row.line, clean, LABEL_OF, raw);
  const patch: CoordinationRowPatch = {
    line: row.line,
    values: null,
    partnerNames: [],
    display: { line: String(row.line) },
    issues,
  };
  const values: Record<string, unknown> = {};
  for (const [key, index] of columns) {
    const text = row.cells[index] ?? '';
    const value = text.trim();
    raw[key] = text;
    let shown = value;
    switch (key) {
      case 'date': {
        // An empty date is left to the schema, whose message says the date is required.
        const parsed = dateCellValue(value);
        if ('error' in parsed) fail(key, parsed.error);
        else {
          values.date = parsed.iso;
          shown = parsed.shown;
        }
        break;
      }
      case 'kind': {
        const code = value === '' ? null : matchKind(value);
        if (!code) fail(key, value === '' ? 'Type obligatoire.' : KIND_REASON);
        else {
          values.kind = code;
          shown = coordinationKinds.find((item) => item.code === code)!.label;
        }
        break;
      }
      case 'partners':
        patch.partnerNames = splitPartnerNames(value);
        shown = patch.partnerNames.join(', ');
        break;
      default:
        // Title and decisions are kept as typed (only the cell's outer spaces go).
        values[key] = value;
    }
    patch.display[key] = shown;
  }
  const parsed = coordinationValues.safeParse(values);
  if (!parsed.success) schemaIssues(parsed.error.issues, FIELD_OF_SCHEMA_KEY);
  if (issues.length === 0 && parsed.success) patch.values = parsed.data;
  return patch;
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
