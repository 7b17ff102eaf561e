/** How indicator values and audit entries read on screen (formatting itself is shared/format). */
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';
import { formatEuros, formatNumber } from '../../../shared/format';

export function formatIndicatorValue(
  value: number | null | undefined,
  unit: IndicatorUnit,
): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'euros':
      return formatEuros(value, { whole: true });
    case 'percent':
      return `${formatNumber(value, { decimals: true })}\u00a0%`;
    case 'months':
      return `${formatNumber(value, { decimals: true })}\u00a0mois`;
    default:
      return formatNumber(value, { decimals: true });
  }
}

const fieldLabels: Record<string, string> = {
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
  reasonableProfitBp: 'bénéfice raisonnable, taux de marge sur coûts (points de base)',
  volets: 'volets',
  territories: 'territoires',
  coHolders: 'co-porteurs',
  stateContributions: "contribution de l'État (centimes)",
  label: 'intitulé',
  unit: 'unité',
  source: 'source',
  active: 'actif',
  position: 'ordre',
  code: 'code',
  valeur: 'valeur',
  utilisateur: 'utilisateur',
  numero: 'numéro',
  signeLe: 'signé le',
  effetLe: 'effet au',
  objet: 'objet',
  modifications: 'modifications',
  catalogue: 'catalogue',
  gapThresholdBp: "seuil d'écart (points de base)",
  gapThresholdCents: "seuil d'écart (centimes)",
  ocNetting: 'années compensées entre elles',
  ocAverageOver: 'compensation moyenne calculée sur',
  controlPeriodYears: 'durée de la période de contrôle (ans)',
  compensationClause: 'clause fixant les paramètres de la compensation',
  followingConvention: 'convention suivante',
  clause: 'clause',
  yearIndex: 'année',
  kind: 'nature',
  expectedOn: 'attendu le',
  expectedCents: 'montant attendu (centimes)',
  receivedOn: 'reçu le',
  receivedCents: 'montant reçu (centimes)',
  note: 'note',
  funder: 'financeur',
  amountCents: 'montant (centimes)',
  evidence: 'justificatif',
  grantor: 'organisme',
  grantedOn: 'octroyée le',
  regulation: 'règlement',
  ligne: 'ligne du compte rendu',
  texte: 'texte',
  montantCentimes: 'montant (centimes)',
  fichier: 'fichier',
  sha256: 'empreinte SHA-256',
  projet: 'projet',
};

export const fieldLabel = (field: string | null) => (field ? (fieldLabels[field] ?? field) : '—');

const actionLabels = { create: 'Création', update: 'Modification', delete: 'Suppression' } as const;
export const actionLabel = (action: keyof typeof actionLabels) => actionLabels[action];

/** Minutes as people say them: `45 min`, `1 h`, `1 h 30`. */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${formatNumber(rest)}\u00a0min`;
  if (rest === 0) return `${formatNumber(hours)}\u00a0h`;
  return `${formatNumber(hours)}\u00a0h\u00a0${String(rest).padStart(2, '0')}`;
}

export const stageLabels = {
  identified: 'Repéré',
  remobilisation: 'En remobilisation',
  accompaniment: 'En accompagnement',
  exited: 'Sorti',
} as const;
export type Stage = keyof typeof stageLabels;
export const stageColors: Record<Stage, string> = {
  identified: 'gray',
  remobilisation: 'cyan',
  accompaniment: 'indigo',
  exited: 'teal',
};

const separatorNames: Record<string, string> = {
  TAB: 'tabulation',
  '\t': 'tabulation',
  '|': 'barre verticale',
  ';': 'point-virgule',
  ',': 'virgule',
};

/** A file's column separator in words (`point-virgule`), or quoted when it has no name. */
export function separatorName(separator: string): string {
  return separatorNames[separator] ?? (separator ? `« ${separator} »` : '—');
}

/** Agrees the noun with the count: `plural(1, 'personne')` → `1 personne`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)}\u00a0${count > 1 ? pluralForm : singular}`;
}
