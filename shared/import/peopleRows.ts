/**
 * The pure half of the people import: which fields a spreadsheet can fill, how its
 * headers are recognised, and how one row of text becomes typed person, identity and
 * pathway values with French issues naming the line and the column. File decoding lives
 * in the backend (electron/backend/import/); this module runs anywhere, renderer included.
 *
 * Validation rules are not repeated here: the values are checked with the very schemas of
 * the contract (personInput, identityInput, pathwayInput), and their issues are moved
 * onto the spreadsheet column the value came from.
 */
import type { z } from 'zod';
import { identityInput, pathwayInput, personInput, type ImportIssue } from '../contract/people';
import { birthYearInFuture, INVALID_BIRTH_YEAR } from '../domain/birthYear';
import { csvField } from '../csvSafe';
import {
  barrierCategories,
  eligibilityGrounds,
  exitTypes,
  followUpSituations,
  normaliseText,
  outreachChannels,
  sexes,
  type BarrierCategory,
  type CodedItem,
} from '../domain/peopleLists';
import { formatDate } from '../format';
import { readDateCell } from './dateCell';
import {
  cleanMapping,
  extraCellIssues,
  fieldMapper,
  headerWords,
  normaliseHeader,
  unmappedHeaders,
  type ImportField,
  type ImportMapping,
} from './fieldMapping';

export type PersonValues = z.output<typeof personInput>;
export type IdentityValues = z.output<typeof identityInput>;
export type PathwayValues = z.output<typeof pathwayInput>;
export type { ImportMapping };

/** What stands in for an identity value wherever it does not need to be seen. */
export const MASK = '•••';

type Group = 'person' | 'identity' | 'pathway' | 'barriers';
type Kind =
  | 'fileNumber'
  | 'text'
  | 'identity'
  | 'sex'
  | 'year'
  | 'insee'
  | 'zone'
  | 'eligibility'
  | 'channel'
  | 'date'
  | 'barriers'
  | 'exitType'
  | 'followUp';

interface FieldSpec extends ImportField {
  group: Group;
  kind: Kind;
}

const spec = <K extends string>(
  key: K,
  label: string,
  group: Group,
  kind: Kind,
  synonyms: readonly string[],
  required = false,
): FieldSpec & { key: K } => ({ key, label, required, group, kind, synonyms });

const FIELD_SPECS = [
  spec(
    'fileNumber',
    'N° dossier',
    'person',
    'fileNumber',
    [
      'n dossier',
      'numero de dossier',
      'numero dossier',
      'no dossier',
      'num dossier',
      'dossier',
      'n de dossier',
      'identifiant',
      'id',
      'code dossier',
      'reference',
    ],
    true,
  ),
  spec('lastName', 'Nom', 'identity', 'identity', ['nom de famille', 'nom d usage', 'nom usage']),
  spec('firstName', 'Prénom', 'identity', 'identity', ['prenoms']),
  spec('phone', 'Téléphone', 'identity', 'identity', [
    'tel',
    'telephone portable',
    'portable',
    'mobile',
    'n telephone',
    'numero de telephone',
  ]),
  spec('email', 'E-mail', 'identity', 'identity', [
    'email',
    'mail',
    'courriel',
    'adresse e mail',
    'adresse mail',
    'adresse email',
  ]),
  spec('sex', 'Sexe', 'person', 'sex', ['genre', 'h f', 'f h', 'civilite']),
  spec('birthYear', 'Année de naissance', 'person', 'year', [
    'annee naissance',
    'naissance',
    'ne en',
    'ne e en',
    'annee de naissance aaaa',
  ]),
  spec('commune', 'Commune', 'person', 'text', [
    'ville',
    'commune de residence',
    'lieu de residence',
    'residence',
  ]),
  spec('inseeCode', 'Code INSEE', 'person', 'insee', [
    'insee',
    'code commune',
    'code insee commune',
  ]),
  spec('zone', 'Quartier / zone', 'person', 'zone', [
    'quartier',
    'zone',
    'qpv',
    'qpv zrr',
    'quartier zone',
    'zone prioritaire',
    'territoire prioritaire',
  ]),
  spec('eligibility', "Situation à l'entrée", 'person', 'eligibility', [
    'eligibilite',
    'motif d eligibilite',
    'motif eligibilite',
    'critere d eligibilite',
    'situation entree',
    'situation a l entree',
  ]),
  spec('lastReferentContact', 'Dernier contact avec le référent', 'person', 'date', [
    'dernier contact referent',
    'date dernier contact',
    'date du dernier contact',
    'dernier contact organisme referent',
    'date dernier contact referent',
  ]),
  spec('channel', 'Canal de repérage', 'pathway', 'channel', [
    'canal',
    'canal reperage',
    'canal de reperage utilise',
    'mode de reperage',
    'moyen de reperage',
    'source de reperage',
    'type de reperage',
    'origine',
    'orientation par',
    'origine du reperage',
    'comment la personne a ete reperee',
    'comment la personne a t elle ete reperee',
    'comment a t elle ete reperee',
    'comment a t il ete repere',
    'comment repere e',
    'reperee comment',
    'reperee par',
    'repere par',
    'repere e par',
    'canal d arrivee',
    'comment nous a t elle connus',
    'comment la personne nous a connus',
  ]),
  spec('identifiedOn', 'Date de repérage', 'pathway', 'date', [
    'date reperage',
    'reperage',
    'reperee le',
    'repere le',
    'date du premier contact',
    'date premier contact',
  ]),
  spec('remobilisationStart', 'Date remobilisation', 'pathway', 'date', [
    'date de remobilisation',
    'debut remobilisation',
    'date debut remobilisation',
    'remobilisation',
  ]),
  spec('accompanimentStart', 'Date entrée accompagnement', 'pathway', 'date', [
    'date d entree en accompagnement',
    'date entree en accompagnement',
    'date d entree accompagnement',
    'entree accompagnement',
    'entree en accompagnement',
    'debut accompagnement',
    'date debut accompagnement',
  ]),
  spec('barriers', 'Freins', 'barriers', 'barriers', [
    'freins identifies',
    'freins peripheriques',
    'freins a lever',
    'frein',
    'problematiques',
  ]),
  spec('referent', 'Référent', 'pathway', 'text', [
    'referent de parcours',
    'referent parcours',
    'conseiller',
    'conseillere',
    'accompagnateur',
    'accompagnatrice',
    'charge d accompagnement',
  ]),
  spec('exitDate', 'Date de sortie', 'pathway', 'date', [
    'date sortie',
    'sortie le',
    'date fin accompagnement',
    'fin accompagnement',
  ]),
  spec('exitType', 'Type de sortie', 'pathway', 'exitType', [
    'motif de sortie',
    'motif sortie',
    'sortie',
    'situation a la sortie',
    'situation de sortie',
  ]),
  spec('followUpDate', 'Date du suivi à 6 mois', 'pathway', 'date', [
    'date suivi 6 mois',
    'date suivi',
    'date de suivi',
    'date du suivi',
    'suivi 6 mois date',
  ]),
  spec('followUpSituation', 'Situation à 6 mois', 'pathway', 'followUp', [
    'situation 6 mois',
    'situation au suivi',
    'situation suivi',
    'suivi a 6 mois',
    'suivi 6 mois',
  ]),
] as const satisfies readonly FieldSpec[];

export type PeopleFieldKey = (typeof FIELD_SPECS)[number]['key'];
const SPECS: readonly FieldSpec[] = FIELD_SPECS;
const SPEC_BY_KEY = new Map(SPECS.map((field) => [field.key, field]));

/** The target fields, in the order a mapping screen shows them. */
export const peopleImportFields: { key: PeopleFieldKey; label: string; required: boolean }[] =
  FIELD_SPECS.map(({ key, label, required }) => ({ key, label, required }));

export const identityFieldKeys: readonly PeopleFieldKey[] = FIELD_SPECS.filter(
  (field) => field.group === 'identity',
).map((field) => field.key);

/** Schema property → import field, to put a schema issue on the right column. */
const FIELD_OF_SCHEMA_KEY: Record<string, PeopleFieldKey> = {
  fileNumber: 'fileNumber',
  sex: 'sex',
  birthYear: 'birthYear',
  commune: 'commune',
  inseeCode: 'inseeCode',
  qpv: 'zone',
  qpvName: 'zone',
  zrr: 'zone',
  eligibilityGround: 'eligibility',
  lastReferentContact: 'lastReferentContact',
  lastName: 'lastName',
  firstName: 'firstName',
  phone: 'phone',
  email: 'email',
  identifiedOn: 'identifiedOn',
  identificationChannel: 'channel',
  remobilisationStart: 'remobilisationStart',
  accompanimentStart: 'accompanimentStart',
  exitDate: 'exitDate',
  exitType: 'exitType',
  followUpDate: 'followUpDate',
  followUpSituation: 'followUpSituation',
  referent: 'referent',
};

/** Values the spreadsheet cannot hold, kept from the record: named if a rule trips on them. */
const RECORD_ONLY_LABELS: Record<string, string> = {
  situationFlags: 'Situations (déjà enregistrées)',
  plannedEnd: 'Fin prévue (déjà enregistrée)',
  extendedUntil: 'Prolongation (déjà enregistrée)',
  extensionReason: "Motif de l'extension (déjà enregistré)",
  exitPartner: 'Partenaire de sortie (déjà enregistré)',
};

// ---------------------------------------------------------------------------------------
// Headers and mapping (the generic part is fieldMapping.ts)

export { cleanMapping, headerWords, normaliseHeader, unmappedHeaders };

/**
 * Last resort, for the columns operators word freely: the outreach channel is any header
 * about how the person was spotted (« Comment la personne a été repérée ? », « Repéré(e)
 * via… ») that is not a date. Checked after every exact spelling, so `Date de repérage`
 * keeps its own field.
 */
const SPOTTED = /^(repere|reperee|reperes|reperees|reperage|connu|connue|connus|connues)$/;
const HOW = /^(comment|canal|mode|moyen|source|origine|via|qui|type|orientation|oriente|orientee)$/;
const HEADER_RULES: Partial<Record<string, (words: string[]) => boolean>> = {
  channel: (words) =>
    words.some((word) => SPOTTED.test(word)) &&
    words.some((word) => HOW.test(word)) &&
    !words.includes('date'),
};

const MAPPER = fieldMapper(SPECS, HEADER_RULES);

/** Word forms that would name two fields (none may: the first field would take the column). */
export const ambiguousHeaderWords = (): string[] => MAPPER.ambiguousHeaderWords();

/** See FieldMapper.guessMapping. */
export const guessMapping = (
  headers: readonly string[],
  saved?: ImportMapping | null,
): ImportMapping => MAPPER.guessMapping(headers, saved);

/** Problems with the mapping itself; they are reported on the header line (line 1). */
export const mappingIssues = (
  headers: readonly string[],
  mapping: ImportMapping,
  headerLine = 1,
): ImportIssue[] => MAPPER.mappingIssues(headers, mapping, headerLine);

// ---------------------------------------------------------------------------------------
// Cell values

const NO_ZONE = new Set([
  '',
  '-',
  'non',
  'aucun',
  'aucune',
  'sans',
  'na',
  'n a',
  'hors qpv',
  'hors zone',
  'hors qpv zrr',
  'hors qpv et zrr',
  'ni qpv ni zrr',
  'non concerne',
  'non concernee',
]);

/**
 * `QPV Maurepas` → QPV named Maurepas; `ZRR` → ZRR; both may be given (`QPV Maurepas, ZRR`);
 * empty or `hors QPV` → neither. Anything else is refused rather than guessed.
 */
export function parseZone(
  text: string,
): { qpv: boolean; qpvName: string; zrr: boolean } | { error: string } {
  const zone = { qpv: false, qpvName: '', zrr: false };
  for (const part of text.split(/[,;+]/)) {
    const raw = part.replace(/\s+/g, ' ').trim();
    const normal = normaliseHeader(raw);
    if (NO_ZONE.has(normal)) continue;
    if (normal === 'zrr' || normal === 'zone de revitalisation rurale') {
      zone.zrr = true;
      continue;
    }
    const qpv = /^qpv(?![a-z])[\s:–-]*(.*)$/i.exec(raw);
    if (qpv) {
      zone.qpv = true;
      zone.qpvName = qpv[1]!.trim();
      continue;
    }
    return {
      error: 'Zone non reconnue : attendu « QPV <nom du quartier> », « ZRR » ou une cellule vide.',
    };
  }
  return zone;
}

/** Short labels of a list, for "accepted values" hints. */
export function hintOf(items: readonly CodedItem[]): string {
  return items.map((item) => item.label.replace(/\s*\(.*\)$/, '')).join(', ');
}

/**
 * matchCoded, answered from a table built once: a sheet repeats the same few values
 * thousands of times. Same answers — the first item whose code, label or alias matches.
 */
export function codedMatcher(items: readonly CodedItem[]): (text: string) => string | null {
  const table = new Map<string, string>();
  for (const item of items) {
    for (const text of [item.code, item.label, ...(item.aliases ?? [])]) {
      const key = normaliseText(text);
      if (!table.has(key)) table.set(key, item.code);
    }
  }
  const seen = new Map<string, string | null>();
  return (text) => {
    let code = seen.get(text);
    if (code === undefined) {
      const wanted = normaliseText(text);
      code = wanted ? (table.get(wanted) ?? null) : null;
      if (seen.size < 10_000) seen.set(text, code);
    }
    return code;
  };
}

const CODED: Record<string, { items: readonly CodedItem[]; target: string; reason: string }> = {
  sex: {
    items: sexes,
    target: 'sex',
    reason: 'Sexe non reconnu : attendu F ou Femme, H, M ou Homme, X (non précisé).',
  },
  eligibility: {
    items: eligibilityGrounds,
    target: 'eligibilityGround',
    reason: `Situation à l'entrée non reconnue : attendu ${hintOf(eligibilityGrounds)}.`,
  },
  channel: {
    items: outreachChannels,
    target: 'identificationChannel',
    reason: `Canal de repérage non reconnu : attendu ${hintOf(outreachChannels)}.`,
  },
  exitType: {
    items: exitTypes,
    target: 'exitType',
    reason: `Type de sortie non reconnu : attendu ${hintOf(exitTypes)}.`,
  },
  followUp: {
    items: followUpSituations,
    target: 'followUpSituation',
    reason: `Situation à 6 mois non reconnue : attendu ${hintOf(followUpSituations)}.`,
  },
};

const MATCHERS = new Map(
  Object.entries(CODED).map(([kind, coded]) => [kind, codedMatcher(coded.items)]),
);
const matchBarrier = codedMatcher(barrierCategories) as (text: string) => BarrierCategory | null;

const BARRIER_REASON = `Frein non reconnu : attendu ${hintOf(barrierCategories)} (séparés par des virgules).`;

// ---------------------------------------------------------------------------------------
// Rows

export interface SourceRow {
  /** Line of the file (1-based, header = line 1 for a CSV; the sheet's row number for XLSX). */
  line: number;
  cells: readonly string[];
}

export interface SourceTable {
  headers: readonly string[];
  rows: readonly SourceRow[];
}

/** One row read from the file: only the mapped fields are set, still to be checked by the schemas. */
export interface PeopleRowPatch {
  line: number;
  fileNumber: string;
  person: Partial<Record<keyof PersonValues, unknown>>;
  identity: Partial<IdentityValues>;
  pathway: Partial<Record<keyof PathwayValues, unknown>>;
  /** null: no barrier column mapped. */
  barriers: BarrierCategory[] | null;
  /** The cell text of each mapped field (identity included: used for checks only, never shown). */
  raw: Partial<Record<PeopleFieldKey, string>>;
  /** The row as it will be read, for the preview; identity values shown as •••. */
  display: Record<string, string>;
  issues: ImportIssue[];
}

function issueValue(field: FieldSpec, value: string): string {
  return field.group === 'identity' && value.trim() !== '' ? MASK : value;
}

function parseRow(
  row: SourceRow,
  columns: [FieldSpec, number, string][],
  withDisplay: boolean,
): PeopleRowPatch {
  const patch: PeopleRowPatch = {
    line: row.line,
    fileNumber: '',
    person: {},
    identity: {},
    pathway: {},
    barriers: null,
    raw: {},
    display: { line: String(row.line) },
    issues: [],
  };
  for (const [field, index, header] of columns) {
    const raw = row.cells[index] ?? '';
    const value = raw.trim();
    const key = field.key as PeopleFieldKey;
    patch.raw[key] = raw;
    const fail = (reason: string) => {
      patch.issues.push({ line: row.line, column: header, value: issueValue(field, raw), reason });
      if (withDisplay) patch.display[key] = issueValue(field, raw);
    };
    let shown = value;
    switch (field.kind) {
      case 'fileNumber':
        patch.fileNumber = value;
        patch.person.fileNumber = value;
        if (value === '')
          fail(
            'N° de dossier obligatoire : chaque ligne doit porter le n° de dossier de la personne.',
          );
        break;
      case 'text':
        if (field.group === 'person') patch.person[field.key as keyof PersonValues] = value;
        else patch.pathway[field.key as keyof PathwayValues] = value;
        break;
      case 'identity':
        patch.identity[field.key as keyof IdentityValues] = value;
        if (withDisplay) shown = value === '' ? '' : MASK;
        break;
      case 'insee':
        // A spreadsheet that took the code for a number drops the leading zero (01053 → 1053).
        patch.person.inseeCode = /^\d{4}$/.test(value) ? `0${value}` : value;
        if (withDisplay) shown = String(patch.person.inseeCode);
        break;
      case 'year':
        if (value === '') patch.person.birthYear = null;
        else if (/^\d{4}$/.test(value)) patch.person.birthYear = Number(value);
        else fail('Année de naissance illisible : 4 chiffres attendus (par ex. 1988).');
        break;
      case 'date': {
        const parsed = readDateCell(value);
        if ('error' in parsed) {
          fail(parsed.error);
          break;
        }
        if (field.group === 'person') patch.person.lastReferentContact = parsed.iso;
        else patch.pathway[field.key as keyof PathwayValues] = parsed.iso;
        if (withDisplay) shown = parsed.iso ? formatDate(parsed.iso) : '';
        break;
      }
      case 'zone': {
        const zone = parseZone(value);
        if ('error' in zone) {
          fail(zone.error);
          break;
        }
        Object.assign(patch.person, zone);
        if (withDisplay) {
          shown = [zone.qpv ? `QPV ${zone.qpvName}`.trim() : '', zone.zrr ? 'ZRR' : '']
            .filter(Boolean)
            .join(', ');
        }
        break;
      }
      case 'barriers': {
        const found: BarrierCategory[] = [];
        for (const part of value.split(/[,;+\n]/)) {
          if (part.trim() === '') continue;
          const code = matchBarrier(part);
          if (!code) {
            fail(`${BARRIER_REASON} Valeur en cause : « ${part.trim()} ».`);
            break;
          }
          if (!found.includes(code)) found.push(code);
        }
        patch.barriers = found;
        if (withDisplay) {
          shown = found
            .map((code) => barrierCategories.find((item) => item.code === code)!.label)
            .join(', ');
        }
        break;
      }
      default: {
        const coded = CODED[field.kind]!;
        const code = value === '' ? null : MATCHERS.get(field.kind)!(value);
        if (value !== '' && !code) {
          fail(coded.reason);
          break;
        }
        if (field.group === 'person') patch.person[coded.target as keyof PersonValues] = code;
        else patch.pathway[coded.target as keyof PathwayValues] = code;
        if (withDisplay) shown = code ? coded.items.find((item) => item.code === code)!.label : '';
      }
    }
    if (withDisplay) patch.display[key] ??= shown;
  }
  return patch;
}

/**
 * Reads every row with the mapping. Returns the rows and all the issues (mapping, cells,
 * duplicate file numbers, values outside the header's columns), in line order. When the
 * mapping itself is wrong, rows are not read: every line would repeat the same problem.
 * Only the first `displayRows` rows get their `display` (the preview shows a few; formatting
 * every date of a large file for nothing was a good part of its reading time).
 */
export function parsePeopleTable(
  table: SourceTable,
  mapping: ImportMapping,
  headerLine = 1,
  displayRows = Number.POSITIVE_INFINITY,
): { rows: PeopleRowPatch[]; issues: ImportIssue[] } {
  const clean = cleanMapping(mapping);
  const problems = mappingIssues(table.headers, clean, headerLine);
  if (problems.length > 0) return { rows: [], issues: problems };
  const columns: [FieldSpec, number, string][] = SPECS.filter((field) => clean[field.key]).map(
    (field) => [field, table.headers.indexOf(clean[field.key]!), clean[field.key]!],
  );
  const firstLineOf = new Map<string, number>();
  const rows: PeopleRowPatch[] = [];
  const issues: ImportIssue[] = [];
  for (const source of table.rows) {
    const patch = parseRow(source, columns, rows.length < displayRows);
    // Most rows have no stray cell: skip the call (and its array) for them.
    if (source.cells.length > table.headers.length) {
      patch.issues.push(...extraCellIssues(source, table.headers.length));
    }
    if (patch.fileNumber !== '') {
      const first = firstLineOf.get(patch.fileNumber);
      if (first === undefined) firstLineOf.set(patch.fileNumber, source.line);
      else {
        patch.issues.push({
          line: source.line,
          column: clean.fileNumber!,
          value: patch.fileNumber,
          reason: `N° de dossier en double : déjà présent ligne ${first}. Une personne par ligne.`,
        });
      }
    }
    rows.push(patch);
    issues.push(...patch.issues);
  }
  return { rows, issues };
}

// ---------------------------------------------------------------------------------------
// Merging with what is recorded, and the schemas' rules

export interface RecordBase {
  person: PersonValues;
  identity: IdentityValues;
  pathway: PathwayValues;
}

export const emptyIdentity = (): IdentityValues => ({
  lastName: '',
  firstName: '',
  phone: '',
  email: '',
});

/** The base of a person not recorded yet: every field empty. */
export function emptyBase(fileNumber: string): RecordBase {
  return {
    person: {
      fileNumber,
      sex: null,
      birthYear: null,
      commune: '',
      inseeCode: '',
      qpv: false,
      qpvName: '',
      zrr: false,
      eligibilityGround: null,
      lastReferentContact: null,
      situationFlags: [],
    },
    identity: emptyIdentity(),
    pathway: {
      identifiedOn: null,
      identificationChannel: null,
      remobilisationStart: null,
      accompanimentStart: null,
      plannedEnd: null,
      extendedUntil: null,
      extensionReason: '',
      exitDate: null,
      exitType: null,
      exitPartner: '',
      followUpDate: null,
      followUpSituation: null,
      referent: '',
    },
  };
}

export interface ResolvedRow {
  person: PersonValues;
  /** null: identity left as it is (no identity column mapped, or identity erased). */
  identity: IdentityValues | null;
  pathway: PathwayValues;
  barriers: BarrierCategory[];
  /** The date new barriers are identified on: accompaniment, else remobilisation, else identification. */
  barrierDate: string | null;
  issues: ImportIssue[];
}

/**
 * The values to record for one row: what is recorded (or empty for a new person) with the
 * mapped columns laid over it, checked by the contract's schemas. `ignoreIdentity` is set
 * for a person whose identity was erased: it is never written again.
 */
export function resolveRow(
  patch: PeopleRowPatch,
  base: RecordBase,
  mapping: ImportMapping,
  options: { ignoreIdentity?: boolean; today?: string; mappingIsClean?: boolean } = {},
): ResolvedRow | { issues: ImportIssue[] } {
  // A caller resolving thousands of rows cleans the mapping once (mappingIsClean).
  const clean = options.mappingIsClean ? mapping : cleanMapping(mapping);
  const issues: ImportIssue[] = [];
  const flagged = new Set(patch.issues.map((issue) => issue.column));
  const moveIssues = (zodIssues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
    for (const zodIssue of zodIssues) {
      const schemaKey = String(zodIssue.path[0] ?? '');
      const fieldKey = FIELD_OF_SCHEMA_KEY[schemaKey];
      const field = fieldKey ? SPEC_BY_KEY.get(fieldKey) : undefined;
      const column =
        (fieldKey && clean[fieldKey]) || field?.label || RECORD_ONLY_LABELS[schemaKey] || schemaKey;
      // A cell already refused says it once; the schema would only echo it.
      if (flagged.has(column)) continue;
      flagged.add(column);
      const raw = fieldKey ? (patch.raw[fieldKey] ?? '') : '';
      issues.push({
        line: patch.line,
        column,
        value: field ? issueValue(field, raw) : raw,
        reason: zodIssue.message,
      });
    }
  };
  const person = personInput.safeParse({ ...base.person, ...patch.person });
  if (!person.success) moveIssues(person.error.issues);
  // The year's upper bound needs the backend's day (options.today), see domain/birthYear.
  else if (options.today && birthYearInFuture(person.data.birthYear, options.today)) {
    moveIssues([{ path: ['birthYear'], message: INVALID_BIRTH_YEAR }]);
  }
  const pathway = pathwayInput.safeParse({ ...base.pathway, ...patch.pathway });
  if (!pathway.success) moveIssues(pathway.error.issues);
  const identityMapped = identityFieldKeys.some((key) => clean[key]);
  let identity: IdentityValues | null = null;
  if (identityMapped && !options.ignoreIdentity) {
    const parsed = identityInput.safeParse({ ...base.identity, ...patch.identity });
    if (!parsed.success) moveIssues(parsed.error.issues);
    else identity = parsed.data;
  }
  const barriers = patch.barriers ?? [];
  let barrierDate: string | null = null;
  if (pathway.success) {
    barrierDate =
      pathway.data.accompanimentStart ??
      pathway.data.remobilisationStart ??
      pathway.data.identifiedOn;
    if (barriers.length > 0 && !barrierDate && clean.barriers && !flagged.has(clean.barriers)) {
      issues.push({
        line: patch.line,
        column: clean.barriers,
        value: patch.raw.barriers ?? '',
        reason:
          "Des freins sont indiqués sans aucune date de parcours : renseignez au moins la date de repérage (les freins sont datés de l'entrée en accompagnement, sinon de la remobilisation, sinon du repérage).",
      });
    }
  }
  if (issues.length > 0 || !person.success || !pathway.success) return { issues };
  return { person: person.data, identity, pathway: pathway.data, barriers, barrierDate, issues };
}

// ---------------------------------------------------------------------------------------
// Issues as text

/** `Ligne 12, colonne « Sexe », valeur « Z » : Sexe non reconnu…` */
export function issueMessage(issue: ImportIssue): string {
  const column = issue.column ? `, colonne « ${issue.column} »` : '';
  const value = issue.value.trim() === '' ? ', valeur vide' : `, valeur « ${issue.value} »`;
  return `Ligne ${issue.line}${column}${value} : ${issue.reason}`;
}

/**
 * The issue list as a CSV a French Excel opens as it is: UTF-8 with BOM, `;` separated,
 * CRLF, columns Ligne;Colonne;Valeur;Motif.
 */
export function issuesToCsv(issues: readonly ImportIssue[]): string {
  const lines = ['Ligne;Colonne;Valeur;Motif'];
  for (const issue of issues) {
    lines.push(
      [String(issue.line), issue.column, issue.value, issue.reason].map(csvField).join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
