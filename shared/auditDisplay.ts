/**
 * How an audit-log row reads for a person: the log stores values as text as they were
 * written (cents, ISO dates, English codes, JSON lists); the history screen and its CSV
 * export show them in French — euros, dd/mm/yyyy, the labels of the coded lists. Pure, so
 * the screen and the export cannot disagree and the rules are unit-tested.
 */
import { axisLabels, keyBasisLabels } from './domain/allocation';
import { supportKindLabels } from './domain/compensation';
import { paymentKindLabels } from './domain/payments';
import {
  actionTypes,
  barrierCategories,
  coordinationKinds,
  eligibilityGrounds,
  exitTypes,
  followUpSituations,
  outreachChannels,
  partnerTypes,
  sexes,
  situationFlags,
  type CodedItem,
} from './domain/peopleLists';
import { regimes } from './domain/referenceLists';
import { formatDate, formatEuros, formatNumber, formatPercent } from './format';

export const auditActionLabels = {
  create: 'Création',
  update: 'Modification',
  delete: 'Suppression',
} as const;
export type AuditAction = keyof typeof auditActionLabels;

const fieldLabels: Record<string, string> = {
  // convention and operator
  name: 'nom',
  legalForm: 'forme juridique',
  siret: 'SIRET',
  rna: 'RNA',
  address: 'adresse',
  postalCode: 'code postal',
  city: 'commune',
  representativeName: 'représentant légal',
  representativeRole: 'qualité du représentant',
  reference: 'référence',
  title: 'intitulé',
  dreetsRegion: 'DREETS',
  signedOn: 'date de signature',
  startDate: 'date de début',
  endDate: 'date de fin',
  fiscalYearEnd: "clôture de l'exercice",
  regime: 'régime',
  reasonableProfitBp: 'bénéfice raisonnable (taux de marge sur coûts)',
  volets: 'volets',
  territories: 'territoires',
  coHolders: 'co-porteurs',
  stateContributions: "contribution de l'État",
  gapThresholdBp: "seuil d'écart",
  gapThresholdCents: "seuil d'écart (montant)",
  ocNetting: 'années compensées entre elles',
  ocAverageOver: 'compensation moyenne calculée sur',
  controlPeriodYears: 'durée de la période de contrôle (ans)',
  compensationClause: 'clause fixant les paramètres de la compensation',
  followingConvention: 'convention suivante',
  // indicators, avenants, targets
  label: 'intitulé',
  unit: 'unité',
  source: 'source',
  active: 'actif',
  position: 'ordre',
  code: 'code',
  valeur: 'valeur',
  catalogue: 'catalogue',
  numero: 'numéro',
  signeLe: 'signé le',
  effetLe: 'effet au',
  objet: 'objet',
  modifications: 'modifications',
  clause: 'clause',
  // money
  yearIndex: 'année',
  kind: 'nature',
  expectedOn: 'attendu le',
  expectedCents: 'montant attendu',
  receivedOn: 'reçu le',
  receivedCents: 'montant reçu',
  note: 'note',
  funder: 'financeur',
  amountCents: 'montant',
  montantCentimes: 'montant',
  evidence: 'justificatif',
  grantor: 'organisme',
  grantedOn: 'octroyée le',
  regulation: 'règlement',
  ligne: 'ligne du compte rendu',
  texte: 'texte',
  commentaire: 'commentaire',
  basis: 'base de la clé',
  siegQuantity: 'quantité SIEG',
  totalQuantity: 'quantité totale',
  rows: 'lignes',
  axis: 'axe',
  value: 'valeur',
  // FEC and documents
  fichier: 'fichier',
  sha256: 'empreinte SHA-256',
  projet: 'projet',
  exercice: 'exercice clos le',
  lignes: 'lignes lues',
  lignesConservees: 'lignes retenues',
  ecritures: 'écritures',
  totalDebit: 'total débit',
  totalCredit: 'total crédit',
  bilan: 'bilan',
  // people, pathways, actions
  fileNumber: 'n° de dossier',
  sex: 'sexe',
  birthYear: 'année de naissance',
  commune: 'commune',
  inseeCode: 'code INSEE',
  qpv: 'QPV',
  qpvName: 'quartier',
  zrr: 'ZRR',
  eligibilityGround: "situation à l'entrée",
  lastReferentContact: 'dernier contact référent',
  situationFlags: 'situations',
  identite: 'identité',
  identifiedOn: 'repéré le',
  identificationChannel: 'canal de repérage',
  remobilisationStart: 'début de remobilisation',
  accompanimentStart: 'entrée en accompagnement',
  plannedEnd: 'fin prévue',
  extendedUntil: "prolongé jusqu'au",
  extensionReason: 'motif de prolongation',
  exitDate: 'date de sortie',
  exitType: 'type de sortie',
  exitPartner: 'partenaire de sortie',
  followUpDate: 'date du suivi',
  followUpSituation: 'situation au suivi',
  referent: 'référent',
  categorie: 'catégorie',
  identifieLe: 'identifié le',
  leveLe: 'levé le',
  date: 'date',
  minutes: 'durée (minutes)',
  intervenant: 'intervenant',
  type: 'type',
  volet: 'volet',
  channel: 'canal',
  count: 'nombre',
  staff: 'intervenant',
  decisions: 'décisions',
  partenaires: 'partenaires',
  utilisateur: 'utilisateur',
};

/** The French name of a logged field; an unknown one is shown as stored. */
export function auditFieldLabel(field: string | null): string {
  return field ? (fieldLabels[field] ?? field) : '—';
}

/** Fields holding integer cents, whatever the entity. */
const MONEY_FIELDS = new Set([
  'amountCents',
  'expectedCents',
  'receivedCents',
  'montantCentimes',
  'gapThresholdCents',
]);
/** Fields holding basis points (1 % = 100). */
const BASIS_POINT_FIELDS = new Set(['reasonableProfitBp', 'gapThresholdBp']);

const record = (labels: Record<string, string>) => (code: string) => labels[code];
const coded = (items: readonly CodedItem[]) => (code: string) =>
  items.find((item) => item.code === code)?.label;

/** Coded fields: by `entity.field` first (a `kind` means different things), then by field. */
const codeLabels: Record<string, (code: string) => string | undefined> = {
  sex: coded(sexes),
  eligibilityGround: coded(eligibilityGrounds),
  identificationChannel: coded(outreachChannels),
  exitType: coded(exitTypes),
  followUpSituation: coded(followUpSituations),
  regime: record(regimes),
  ocAverageOver: record({ period: 'la période de contrôle', cpo: 'toute la CPO' }),
  basis: record(keyBasisLabels),
  axis: record(axisLabels),
  'action.type': coded(actionTypes),
  'frein.categorie': coded(barrierCategories),
  'partenaire.type': coded(partnerTypes),
  'coordination.kind': coded(coordinationKinds),
  'repérage.channel': coded(outreachChannels),
  'versement.kind': record(paymentKindLabels),
  'soutien public.kind': (code) => {
    const label = record(supportKindLabels)(code);
    return label ? label.charAt(0).toUpperCase() + label.slice(1) : undefined;
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function listText(entity: string, field: string, text: string): string | null {
  const items = parseJson(text);
  if (!Array.isArray(items)) return null;
  if (field === 'stateContributions') {
    return items
      .map((item) => {
        const { yearIndex, amountCents } = item as { yearIndex?: number; amountCents?: number };
        return typeof amountCents === 'number'
          ? `année ${yearIndex ?? '?'} : ${formatEuros(amountCents)}`
          : JSON.stringify(item);
      })
      .join(' ; ');
  }
  const label = field === 'situationFlags' ? coded(situationFlags) : undefined;
  return items
    .map((item) =>
      typeof item === 'string'
        ? (label?.(item) ?? item)
        : typeof item === 'number'
          ? String(item)
          : JSON.stringify(item),
    )
    .join(' ; ');
}

/** A deleted row (or an import summary) is logged as one JSON object: field by field. */
function objectText(entity: string, text: string): string | null {
  const object = parseJson(text);
  if (!object || typeof object !== 'object' || Array.isArray(object)) return null;
  return Object.entries(object as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => {
      const raw = typeof value === 'string' ? value : JSON.stringify(value);
      return `${auditFieldLabel(key)} : ${auditValueText(entity, key, raw)}`;
    })
    .join(' ; ');
}

/**
 * A logged value as a person reads it. `null` (no value) reads « — ». What cannot be read
 * as its field's type is shown as stored: the log never hides what it holds.
 */
export function auditValueText(entity: string, field: string | null, value: string | null): string {
  if (value === null) return '—';
  if (value === '') return '(vide)';
  if (field === null) return value.startsWith('{') ? (objectText(entity, value) ?? value) : value;
  if (MONEY_FIELDS.has(field) && /^-?\d+$/.test(value)) return formatEuros(Number(value));
  if (BASIS_POINT_FIELDS.has(field) && /^-?\d+$/.test(value)) {
    return formatPercent(Number(value) / 10_000, 2);
  }
  if (value === 'true') return 'Oui';
  if (value === 'false') return 'Non';
  const label = (codeLabels[`${entity}.${field}`] ?? codeLabels[field])?.(value);
  if (label) return label;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (value.startsWith('[')) return listText(entity, field, value) ?? value;
  if (value.startsWith('{')) return objectText(entity, value) ?? value;
  if (field === 'minutes' && /^\d+$/.test(value)) return formatNumber(Number(value));
  return value;
}

/**
 * The log entries a document's figures come from, by kind of document: its « Voir
 * l'historique » link shows these entities' changes up to the instant it was generated.
 */
const conventionEntities = ['convention', 'operateur', 'avenant', 'partie rédigée'];
const activityEntities = [
  'cible',
  'indicateur',
  'indicateurs',
  'personne',
  'parcours',
  'frein',
  'action',
  'repérage',
  'coordination',
  'partenaire',
  'import',
];
const financialEntities = [
  'budget',
  'import FEC',
  'réalisé saisi',
  'explication d’écart',
  'correspondance',
  'code analytique',
  'règle analytique',
  'clé de répartition',
  'soutien public',
  'versement',
  'aide de minimis',
];
export const reportAuditEntities: Record<'activity' | 'financial' | 'final', string[]> = {
  activity: [...conventionEntities, ...activityEntities],
  financial: [...conventionEntities, ...financialEntities],
  final: [...conventionEntities, ...activityEntities, ...financialEntities],
};
