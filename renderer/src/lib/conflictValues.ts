/**
 * A save refused because someone saved the record first (CONFLICT on a stale version): the
 * current values the backend sent, set beside what the user typed, field by field, so they
 * can see what changed and choose.
 */
import { AppError } from '../../../shared/errors';
import { formatDate, formatEuros, formatNumber } from '../../../shared/format';

export interface StaleVersion {
  message: string;
  /** The record as it is now, in the update call's input shape, with its `version`. */
  current: Record<string, unknown>;
  version: number;
}

/** The refusal of a save over a newer version, or null for any other error. */
export function staleVersion(error: unknown): StaleVersion | null {
  if (!(error instanceof AppError) || error.code !== 'CONFLICT' || !error.current) return null;
  const version = error.current.version;
  return typeof version === 'number'
    ? { message: error.message, current: error.current, version }
    : null;
}

/** French labels of the fields forms edit, by their last path segment. */
const labels: Record<string, string> = {
  fileNumber: 'N° de dossier',
  sex: 'Sexe',
  birthYear: 'Année de naissance',
  commune: 'Commune',
  inseeCode: 'Code INSEE',
  qpv: 'Réside en QPV',
  qpvName: 'Quartier prioritaire',
  zrr: 'Réside en ZRR',
  eligibilityGround: "Motif d'éligibilité",
  lastReferentContact: "Dernier contact avec l'organisme référent",
  situationFlags: "Situation à l'entrée",
  lastName: 'Nom',
  firstName: 'Prénom',
  phone: 'Téléphone',
  email: 'Adresse e-mail',
  referent: 'Référent de parcours',
  identifiedOn: 'Date de repérage',
  identificationChannel: 'Canal de repérage',
  remobilisationStart: 'Début de la remobilisation',
  accompanimentStart: 'Entrée en accompagnement',
  plannedEnd: 'Fin prévue',
  extendedUntil: "Prolongé jusqu'au",
  extensionReason: "Motif de l'extension",
  exitDate: 'Date de sortie',
  exitType: 'Type de sortie',
  exitPartner: 'Partenaire de la sortie',
  followUpDate: 'Date du suivi',
  followUpSituation: 'Situation constatée',
  liftedOn: 'Levé le',
  date: 'Date',
  kind: 'Nature',
  title: 'Intitulé',
  decisions: 'Décisions',
  partnerIds: 'Partenaires',
  reference: 'Référence',
  startDate: 'Début',
  endDate: 'Fin',
  signedOn: 'Signée le',
  name: 'Nom',
  type: 'Type',
  yearIndex: 'Année',
  expectedOn: 'Attendu le',
  expectedCents: 'Montant attendu',
  receivedOn: 'Reçu le',
  receivedCents: 'Montant reçu',
  note: 'Note',
  funder: 'Financeur',
  amountCents: 'Montant',
  evidence: 'Justificatif',
  grantor: 'Organisme',
  grantedOn: 'Accordée le',
  regulation: 'Règlement',
};

export function fieldLabel(path: string): string {
  const last = path.split('.').pop() ?? path;
  return labels[last] ?? path;
}

export function displayValue(value: unknown, path = ''): string {
  if (value === null || value === undefined || value === '') return '—';
  // Money is integer cents end to end (`amountCents`, `expectedCents`…): shown in euros.
  if (typeof value === 'number' && path.endsWith('Cents')) return formatEuros(value);
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string')
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
  if (Array.isArray(value))
    return value.length === 0 ? '—' : value.map((item) => displayValue(item)).join(', ');
  return JSON.stringify(value);
}

function leaves(value: unknown, path: string, into: Map<string, unknown>) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      leaves(inner, path ? `${path}.${key}` : key, into);
    }
  } else into.set(path, value);
}

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null) || ((a ?? '') === '' && (b ?? '') === '');

export interface ValueDifference {
  path: string;
  label: string;
  current: string;
  typed: string;
}

/**
 * The fields where the current record and the user's entry differ (both in the update
 * input's shape); without an entry, every current value. The version itself is left out.
 */
export function valueDifferences(
  current: Record<string, unknown>,
  typed?: Record<string, unknown>,
): ValueDifference[] {
  const now = new Map<string, unknown>();
  leaves(current, '', now);
  const mine = new Map<string, unknown>();
  if (typed) leaves(typed, '', mine);
  const rows: ValueDifference[] = [];
  for (const [path, value] of now) {
    if (path === 'version' || (typed && !mine.has(path))) continue;
    if (typed && same(value, mine.get(path))) continue;
    rows.push({
      path,
      label: fieldLabel(path),
      current: displayValue(value, path),
      typed: typed ? displayValue(mine.get(path), path) : '',
    });
  }
  return rows;
}
