/**
 * The pure half of the outreach log import (volet 1): which columns an operator's log can
 * fill, and how one row of text becomes an outreach contact, with French issues naming the
 * line and the column. Header guessing and mapping checks are fieldMapping.ts's; dates,
 * zones and coded values are read as in the people import (peopleRows.ts); the values are
 * checked with the contract's own schema (outreachInput), its issues moved onto the column.
 */
import type { z } from 'zod';
import { outreachInput, type ImportIssue } from '../contract/people';
import { normaliseText, outreachChannels } from '../domain/peopleLists';
import { formatNumber } from '../format';
import { fieldSet, readMappedTable, type ImportField, type ImportMapping } from './fieldMapping';
import { codedMatcher, hintOf, parseZone, type SourceTable } from './peopleRows';
import { codedCell, dateCell, readRowCells, type RowPatch, type SheetRow } from './rowCells';

const outreachValues = outreachInput.omit({ conventionId: true });
export type OutreachValues = z.output<typeof outreachValues>;

const field = <K extends string>(
  key: K,
  label: string,
  synonyms: readonly string[],
  required = false,
): ImportField & { key: K } => ({ key, label, required, synonyms });

const FIELDS = [
  field(
    'date',
    'Date',
    ['date du contact', 'date contact', 'date de la maraude', 'date de l action', 'jour', 'le'],
    true,
  ),
  field(
    'channel',
    'Canal',
    [
      'canal de reperage',
      'type',
      'type d action',
      'type de contact',
      'action',
      'mode',
      'modalite',
      'mode de reperage',
    ],
    true,
  ),
  field('commune', 'Lieu / commune', [
    'lieu',
    'commune',
    'ville',
    'lieu du contact',
    'lieu de la maraude',
    'secteur',
    'endroit',
  ]),
  field('inseeCode', 'Code INSEE', ['insee', 'code commune', 'code insee commune']),
  field('zone', 'Zone (QPV / ZRR)', [
    'zone',
    'qpv',
    'qpv zrr',
    'quartier zone',
    'quartier prioritaire',
    'zone prioritaire',
    'territoire prioritaire',
  ]),
  field(
    'count',
    'Nombre de contacts',
    [
      'nombre',
      'nb',
      'nb contacts',
      'nb de contacts',
      'contacts',
      'nombre de personnes',
      'nb personnes',
      'personnes rencontrees',
      'nombre de personnes rencontrees',
      'effectif',
    ],
    true,
  ),
  field('anonymous', 'Anonyme', ['anonyme oui non', 'contact anonyme', 'anonymat', 'anonyme o n']),
  field('fileNumber', 'N° dossier', [
    'n dossier',
    'numero de dossier',
    'numero dossier',
    'no dossier',
    'dossier',
  ]),
  field('staff', 'Intervenant', [
    'intervenante',
    'intervenants',
    'intervenant e',
    'salarie',
    'professionnel',
    'educateur',
    'educatrice',
    'animateur',
    'animatrice',
  ]),
] as const;

export type OutreachFieldKey = (typeof FIELDS)[number]['key'];

const OUTREACH_FIELDS = fieldSet(FIELDS);

/** The target fields, in the order the mapping screen shows them. */
export const outreachImportFields = OUTREACH_FIELDS.importFields;

export const outreachMapper = OUTREACH_FIELDS.mapper;

/** Schema property → import field, to put a schema issue on the right column. */
const FIELD_OF_SCHEMA_KEY: Record<string, string> = {
  date: 'date',
  channel: 'channel',
  commune: 'commune',
  inseeCode: 'inseeCode',
  qpv: 'zone',
  zrr: 'zone',
  count: 'count',
  staff: 'staff',
};
const LABEL_OF = OUTREACH_FIELDS.labelOf;

const matchChannel = codedMatcher(outreachChannels);
const CHANNEL = {
  missing: 'Canal obligatoire.',
  unknown: `Canal non reconnu : attendu ${hintOf(outreachChannels)}.`,
};

const YES = new Set(['oui', 'o', 'x', 'vrai', '1', 'yes', 'anonyme']);
const NO = new Set(['non', 'n', 'faux', '0', 'no', 'nominatif']);

/**
 * One row of the log, read and checked; `values` is set only when the row has no issue.
 * `fileNumber`: the person the contact is linked to (non-anonymous contact); '' for an
 * anonymous one.
 */
export type OutreachRowPatch = RowPatch<OutreachValues> & { fileNumber: string };

/**
 * Reads every row with the mapping and checks it with outreachInput (see readMappedTable).
 * Whether a file number is recorded in the convention is the backend's check (it needs the
 * database).
 */
export function parseOutreachTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
): { rows: OutreachRowPatch[]; issues: ImportIssue[] } {
  return readMappedTable(table, mapping, FIELDS, parseRow, headerLine);
}

function parseRow(
  row: SheetRow,
  columns: readonly (readonly [OutreachFieldKey, number])[],
  clean: ImportMapping,
): OutreachRowPatch {
  const values: Record<string, unknown> = { volet: 1 };
  let anonymous: boolean | null = null;
  let fileNumber = '';
  const read = readRowCells(row, columns, clean, LABEL_OF, (key, value, refuse) => {
    switch (key) {
      case 'date': {
        // An empty date is left to the schema, whose message says the date is required.
        const date = dateCell(value, refuse);
        if (date) values.date = date.iso;
        return date?.shown;
      }
      case 'channel': {
        const item = codedCell(value, matchChannel, outreachChannels, CHANNEL, refuse);
        if (item) values.channel = item.code;
        return item?.label;
      }
      case 'zone': {
        const zone = parseZone(value);
        if ('error' in zone) return refuse(zone.error);
        // The log records QPV / ZRR only: the preview shows exactly what is kept.
        values.qpv = zone.qpv;
        values.zrr = zone.zrr;
        return [zone.qpv ? 'QPV' : '', zone.zrr ? 'ZRR' : ''].filter(Boolean).join(', ');
      }
      case 'inseeCode':
        // A spreadsheet that took the code for a number drops the leading zero (01053 → 1053).
        values.inseeCode = /^\d{4}$/.test(value) ? `0${value}` : value;
        return String(values.inseeCode);
      case 'count':
        // Only digits: « 3 » is 3; « 3,5 », « trois » or « 3 pers. » are refused by the schema.
        values.count = value === '' ? null : /^\d+$/.test(value) ? Number(value) : value;
        return typeof values.count === 'number' ? formatNumber(values.count) : undefined;
      case 'anonymous': {
        const word = normaliseText(value);
        if (word === '') anonymous = null;
        else if (YES.has(word)) anonymous = true;
        else if (NO.has(word)) anonymous = false;
        else return refuse('Anonyme : attendu « oui », « non » ou une cellule vide.');
        return undefined;
      }
      case 'fileNumber':
        fileNumber = value;
        return undefined;
      default:
        values[key] = value;
        return undefined;
    }
  });
  if (anonymous === true && fileNumber !== '') {
    read.fail(
      'fileNumber',
      'Contact marqué anonyme mais avec un n° de dossier : videz l’un ou l’autre.',
    );
  }
  if (anonymous === false && fileNumber === '') {
    read.fail(
      clean.fileNumber ? 'fileNumber' : 'anonymous',
      'Contact non anonyme : indiquez le n° de dossier de la personne (colonne « N° dossier »).',
    );
  }
  const parsed = outreachValues.safeParse(values);
  if (!parsed.success) read.schemaIssues(parsed.error.issues, FIELD_OF_SCHEMA_KEY);
  return {
    line: row.line,
    fileNumber,
    values: read.issues.length === 0 && parsed.success ? parsed.data : null,
    display: read.display,
    issues: read.issues,
  };
}

/** What makes two contacts the same, to leave a row already recorded as it is. */
export function outreachKey(values: OutreachValues, personId: number | null): string {
  return JSON.stringify([
    values.date,
    values.channel,
    values.commune,
    values.inseeCode,
    values.qpv,
    values.zrr,
    values.count,
    values.volet,
    values.staff,
    personId,
  ]);
}
