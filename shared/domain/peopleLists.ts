/**
 * The coded lists of the people and pathway records (o2r-cpo.md: public, volets,
 * indicators). Codes are stable English identifiers stored in the database; labels are
 * what users read; `aliases` are the spellings found in operators' spreadsheets, matched
 * case- and accent-insensitively by the importer.
 */

export interface CodedItem<C extends string = string> {
  code: C;
  label: string;
  aliases?: readonly string[];
}

function list<const T extends readonly CodedItem[]>(items: T) {
  return items;
}

export const sexes = list([
  { code: 'F', label: 'Femme', aliases: ['f', 'femme', 'feminin', 'fille', 'mme'] },
  {
    code: 'M',
    label: 'Homme',
    aliases: ['h', 'm', 'homme', 'masculin', 'garcon', 'mr', 'monsieur'],
  },
  { code: 'X', label: 'Non précisé', aliases: ['x', 'autre', 'nsp', 'non precise'] },
] as const);
export type Sex = (typeof sexes)[number]['code'];

export const eligibilityGrounds = list([
  {
    code: 'not_registered',
    label: "Non inscrit auprès du réseau pour l'emploi",
    aliases: ['aucune inscription', 'non inscrit', 'pas inscrit', 'invisible', 'non inscrite'],
  },
  {
    code: 'registered_no_support',
    label: 'Inscrit sans accompagnement adapté',
    aliases: [
      'inscrit ft sans accompagnement adapte',
      'sans accompagnement adapte',
      'inscrit sans accompagnement',
    ],
  },
  {
    code: 'no_contact_5_months',
    label: "Inscrit sans contact avec l'organisme référent depuis 5 mois",
    aliases: [
      'inscrit ft sans contact depuis 5 mois',
      'sans contact depuis 5 mois',
      'sans contact 5 mois',
    ],
  },
] as const);
export type EligibilityGround = (typeof eligibilityGrounds)[number]['code'];

export const situationFlags = list([
  { code: 'rsa', label: 'Bénéficiaire du RSA', aliases: ['rsa'] },
  { code: 'aah', label: "Bénéficiaire de l'AAH", aliases: ['aah'] },
  { code: 'rqth', label: 'Reconnaissance travailleur handicapé (RQTH)', aliases: ['rqth'] },
  { code: 'no_income', label: 'Sans ressources', aliases: ['sans ressources'] },
  {
    code: 'young_neet',
    label: 'Jeune sans emploi ni formation',
    aliases: ['neet', 'jeune en rupture'],
  },
  {
    code: 'single_parent',
    label: 'Parent isolé',
    aliases: ['parent isole', 'famille monoparentale'],
  },
  { code: 'homeless', label: 'Sans domicile stable', aliases: ['sans domicile', 'sdf'] },
  { code: 'justice', label: 'Sous main de justice', aliases: ['sous main de justice'] },
] as const);
export type SituationFlag = (typeof situationFlags)[number]['code'];

export const outreachChannels = list([
  { code: 'street', label: 'Maraude', aliases: ['maraude', 'aller vers', 'rue'] },
  {
    code: 'digital',
    label: 'Maraude numérique',
    aliases: ['maraude numerique', 'reseaux sociaux', 'numerique'],
  },
  {
    code: 'partner',
    label: 'Orientation partenaire',
    aliases: ['orientation partenaire', 'partenaire', 'prescripteur'],
  },
  { code: 'event', label: 'Évènement', aliases: ['evenement', 'evenement local', 'forum'] },
  { code: 'drop_in', label: 'Permanence', aliases: ['permanence', 'accueil'] },
  {
    code: 'word_of_mouth',
    label: 'Bouche-à-oreille',
    aliases: ['bouche-a-oreille', 'bouche a oreille'],
  },
  { code: 'other', label: 'Autre canal', aliases: ['autre'] },
] as const);
export type OutreachChannel = (typeof outreachChannels)[number]['code'];

export const barrierCategories = list([
  { code: 'health', label: 'Santé', aliases: ['sante', 'sante mentale'] },
  { code: 'housing', label: 'Logement', aliases: ['logement', 'hebergement'] },
  { code: 'mobility', label: 'Mobilité', aliases: ['mobilite', 'transport', 'permis'] },
  {
    code: 'childcare',
    label: "Garde d'enfants",
    aliases: ["garde d'enfants", 'garde enfants', 'garde'],
  },
  { code: 'digital', label: 'Numérique', aliases: ['numerique', 'illectronisme'] },
  { code: 'language', label: 'Langue', aliases: ['langue', 'francais', 'fle'] },
  {
    code: 'rights',
    label: 'Accès aux droits',
    aliases: ['acces aux droits', 'droits', 'administratif', 'demarches administratives'],
  },
  { code: 'money', label: 'Finances', aliases: ['finances', 'budget', 'dettes', 'ressources'] },
  { code: 'justice', label: 'Justice', aliases: ['justice'] },
] as const);
export type BarrierCategory = (typeof barrierCategories)[number]['code'];

/** How an exit counts: the groups of the indicator catalogue. */
export type ExitGroup = 'employment' | 'training' | 'droit_commun' | 'drop_out' | 'other';

export interface ExitType extends CodedItem {
  group: ExitGroup;
  positive: boolean;
  /** Only for employment: a CDI or a CDD of six months or more. */
  durable?: boolean;
}

export const exitTypes = [
  {
    code: 'employment_durable',
    label: 'Emploi durable (CDI, CDD de 6 mois et plus)',
    group: 'employment',
    positive: true,
    durable: true,
    aliases: ['emploi durable (cdi/cdd 6 mois et +)', 'emploi durable', 'cdi', 'cdd 6 mois et +'],
  },
  {
    code: 'employment_other',
    label: 'Emploi de transition (CDD < 6 mois, intérim, contrat aidé)',
    group: 'employment',
    positive: true,
    durable: false,
    aliases: ['emploi de transition', 'emploi', 'interim', 'cdd', 'contrat aide'],
  },
  {
    code: 'training',
    label: 'Formation qualifiante',
    group: 'training',
    positive: true,
    aliases: ['formation qualifiante', 'formation'],
  },
  {
    code: 'orientation_france_travail',
    label: 'Orientation France Travail',
    group: 'droit_commun',
    positive: true,
    aliases: ['orientation france travail', 'france travail', 'pole emploi'],
  },
  {
    code: 'orientation_mission_locale',
    label: 'Orientation mission locale',
    group: 'droit_commun',
    positive: true,
    aliases: ['orientation mission locale', 'mission locale'],
  },
  {
    code: 'orientation_cap_emploi',
    label: 'Orientation Cap emploi',
    group: 'droit_commun',
    positive: true,
    aliases: ['orientation cap emploi', 'cap emploi'],
  },
  {
    code: 'orientation_plie',
    label: 'Orientation PLIE',
    group: 'droit_commun',
    positive: true,
    aliases: ['orientation plie', 'plie'],
  },
  {
    code: 'orientation_siae',
    label: 'Orientation SIAE',
    group: 'droit_commun',
    positive: true,
    aliases: ['orientation siae', 'siae', 'iae'],
  },
  { code: 'abandon', label: 'Abandon', group: 'drop_out', positive: false, aliases: ['abandon'] },
  {
    code: 'lost_contact',
    label: 'Perte de contact',
    group: 'drop_out',
    positive: false,
    aliases: ['perte de contact', 'perdu de vue'],
  },
  {
    code: 'moved',
    label: 'Déménagement',
    group: 'drop_out',
    positive: false,
    aliases: ['demenagement'],
  },
  {
    code: 'other',
    label: 'Autre sortie (santé, incarcération, décès…)',
    group: 'other',
    positive: false,
    aliases: ['autre', 'autre sortie'],
  },
] as const satisfies readonly ExitType[];
export type ExitTypeCode = (typeof exitTypes)[number]['code'];

export const followUpSituations = list([
  { code: 'employment', label: 'En emploi' },
  { code: 'training', label: 'En formation' },
  { code: 'job_seeking', label: "En recherche d'emploi accompagnée" },
  { code: 'inactive', label: 'Sans activité' },
  { code: 'unknown', label: 'Situation inconnue' },
] as const);
export type FollowUpSituation = (typeof followUpSituations)[number]['code'];

export const actionTypes = list([
  { code: 'interview', label: 'Entretien individuel' },
  { code: 'workshop', label: 'Atelier collectif' },
  { code: 'immersion', label: 'Immersion en entreprise (PMSMP)' },
  { code: 'accompanied_step', label: 'Démarche accompagnée' },
  { code: 'home_visit', label: 'Visite à domicile' },
  { code: 'phone', label: 'Contact téléphonique' },
  { code: 'other', label: 'Autre action' },
] as const);
export type ActionType = (typeof actionTypes)[number]['code'];

export const partnerTypes = list([
  { code: 'france_travail', label: 'France Travail' },
  { code: 'mission_locale', label: 'Mission locale' },
  { code: 'cap_emploi', label: 'Cap emploi' },
  { code: 'departement', label: 'Conseil départemental' },
  { code: 'siae', label: 'SIAE' },
  { code: 'plie', label: 'PLIE' },
  { code: 'health', label: 'Santé' },
  { code: 'housing', label: 'Logement' },
  { code: 'municipality', label: 'Commune, CCAS' },
  { code: 'association', label: 'Association' },
  { code: 'employer', label: 'Employeur' },
  { code: 'other', label: 'Autre partenaire' },
] as const);
export type PartnerType = (typeof partnerTypes)[number]['code'];

export const coordinationKinds = list([
  { code: 'coordination', label: 'Action de coordination' },
  { code: 'cte', label: "Comité territorial pour l'emploi" },
  { code: 'copil', label: 'Comité de pilotage (COPIL)' },
  { code: 'other_committee', label: 'Autre instance' },
] as const);
export type CoordinationKind = (typeof coordinationKinds)[number]['code'];

export function codes<T extends readonly CodedItem[]>(items: T) {
  return items.map((item) => item.code) as unknown as [T[number]['code'], ...T[number]['code'][]];
}

export function labelOf(items: readonly CodedItem[], code: string | null | undefined): string {
  if (!code) return '—';
  return items.find((item) => item.code === code)?.label ?? code;
}

/** Lower case, no accents, single spaces: how spreadsheet values are compared. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The code whose label or alias matches `text`, or null. */
export function matchCoded<T extends readonly CodedItem[]>(
  items: T,
  text: string,
): T[number]['code'] | null {
  const wanted = normaliseText(text);
  if (!wanted) return null;
  for (const item of items) {
    if (normaliseText(item.code) === wanted || normaliseText(item.label) === wanted)
      return item.code;
    if (item.aliases?.some((alias) => normaliseText(alias) === wanted)) return item.code;
  }
  return null;
}
