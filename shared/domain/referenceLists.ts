/** Fixed lists the forms offer. Labels are French; codes are stable English identifiers. */

/** DREETS (and the overseas DEETS) that sign O2R conventions. */
export const dreetsRegions = [
  'Auvergne-Rhône-Alpes',
  'Bourgogne-Franche-Comté',
  'Bretagne',
  'Centre-Val de Loire',
  'Corse',
  'Grand Est',
  'Hauts-de-France',
  'Île-de-France',
  'Normandie',
  'Nouvelle-Aquitaine',
  'Occitanie',
  'Pays de la Loire',
  "Provence-Alpes-Côte d'Azur",
  'Guadeloupe',
  'Guyane',
  'Martinique',
  'La Réunion',
  'Mayotte',
] as const;

export const legalForms = [
  'Association loi 1901',
  'Association de droit local (Alsace-Moselle)',
  'Fondation',
  'Groupement de coopération sociale ou médico-sociale',
  "Société coopérative d'intérêt collectif",
  'Entreprise sociale (ESUS)',
  'Établissement public',
  'Collectivité territoriale',
  'Autre',
] as const;

export const regimes = {
  sieg_2012_21: 'SIEG — décision 2012/21/UE (compensation de service public)',
  sieg_de_minimis: 'SIEG de minimis — règlement (UE) 2023/2832',
} as const;
export type Regime = keyof typeof regimes;

export const indicatorUnits = {
  count: 'nombre',
  percent: '%',
  months: 'mois',
  euros: '€',
} as const;
export type IndicatorUnit = keyof typeof indicatorUnits;

export const defaultVoletLabels: Record<number, string> = {
  1: 'Repérage — aller vers',
  2: 'Remobilisation',
  3: 'Accompagnement socio-professionnel',
  4: 'Coordination',
};
