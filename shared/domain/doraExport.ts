/**
 * The operator's offer as DORA and data·inclusion read it: the operator becomes one
 * `structure`, each public-facing volet it covers one `service`, in the data·inclusion
 * schema v1 (resources/data-inclusion, version in its README). Pure: the convention in,
 * the records out, so the unit test and the backend call share one mapping.
 *
 * Only what the app holds is exported. Fields it does not hold (public e-mail, phone,
 * opening hours, fees, geolocation) are left out, never guessed; the schema makes them
 * all optional. Nothing about the persons supported is read or written: the input type
 * below has no room for them, and the legal representative's name is not exported either.
 */

/** The producer id data·inclusion prefixes every record id with. */
export const DORA_SOURCE = 'pilote-cpo';
/** The schema the export follows (resources/data-inclusion/README.md). */
export const DORA_SCHEMA_VERSION = '1.0.8';

/** What the mapping reads from a convention: a subset of ConventionDetail. */
export interface DoraConventionInput {
  reference: string;
  dreetsRegion: string;
  updatedAt: string;
  operator: {
    name: string;
    siret: string;
    address: string;
    postalCode: string;
    city: string;
  };
  volets: { number: number; label: string; covered: boolean }[];
  territories: { inseeCode: string; qpv: boolean; zrr: boolean }[];
}

export interface DoraStructure {
  source: string;
  id: string;
  nom: string;
  date_maj: string;
  siret?: string;
  adresse?: string;
  code_postal?: string;
  commune?: string;
  description?: string;
}

export interface DoraService {
  source: string;
  id: string;
  structure_id: string;
  nom: string;
  description: string;
  date_maj: string;
  type: string;
  thematiques: string[];
  publics: string[];
  publics_precisions: string;
  modes_accueil: string[];
  mobilisable_par: string[];
  zone_eligibilite?: string[];
  adresse?: string;
  code_postal?: string;
  commune?: string;
}

export interface DoraExport {
  structures: DoraStructure[];
  services: DoraService[];
}

export interface DoraProblem {
  path: string;
  message: string;
}

/**
 * The three volets that are an offer to the public (o2r-cpo.md « Activities »), by their
 * number (labels are editable, numbers are not). Volet 4, coordination, is work between
 * partners, not a service a person can be directed to: it is not exported.
 * Values are from the schema's lists (extra/thematiques.json, types-de-services.json,
 * modes-accueil.json); the unit test checks each against them.
 */
const voletServices: Record<
  number,
  { description: string; thematiques: string[]; modesAccueil: string[] }
> = {
  1: {
    description:
      'Repérage et « aller vers » : aller à la rencontre des personnes éloignées de l’emploi qui ne sont accompagnées par aucun organisme (maraudes, permanences, événements, orientations par les partenaires, maraudes numériques), établir un premier contact et proposer une suite adaptée.',
    thematiques: ['remobilisation--lien-social'],
    // Maraudes and events in person, maraudes numériques at a distance (o2r-cpo.md).
    modesAccueil: ['en-presentiel', 'a-distance'],
  },
  2: {
    description:
      'Remobilisation : actions courtes, collectives ou individuelles, pour reprendre confiance en soi, renouer des liens et se préparer à un parcours vers l’emploi ou la formation.',
    thematiques: [
      'remobilisation--bien-etre-confiance-en-soi',
      'remobilisation--lien-social',
      'choisir-un-metier--identifier-ses-points-forts-et-ses-competences',
    ],
    modesAccueil: ['en-presentiel'],
  },
  3: {
    description:
      'Accompagnement socio-professionnel renforcé de 6 à 9 mois (jusqu’à 12 mois) pour lever les freins sociaux — santé, logement, mobilité, garde d’enfants, numérique, langue, accès aux droits, budget, justice — vers l’emploi, la formation ou l’accompagnement de droit commun.',
    // One thematique per barrier named by the cahier des charges (o2r-cpo.md), then the way out.
    thematiques: [
      'sante--acces-aux-soins',
      'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement',
      'mobilite--etre-accompagne-dans-son-parcours-mobilite',
      'famille--garde-denfants',
      'numerique--maitriser-les-fondamentaux-du-numerique',
      'lecture-ecriture-calcul--maitriser-le-francais',
      'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
      'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
      'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire',
      'preparer-sa-candidature--valoriser-ses-competences',
      'se-former--trouver-sa-formation',
    ],
    modesAccueil: ['en-presentiel'],
  },
};

/** The programme's public (o2r-cpo.md « Public »), in the words of the schema's list. */
const PUBLICS_PRECISIONS =
  'En priorité les personnes éloignées de l’emploi qui ne sont pas inscrites comme demandeurs d’emploi ; aussi les demandeurs d’emploi sans accompagnement adapté ou sans contact régulier avec leur organisme référent (France Travail, mission locale, Cap emploi, conseil départemental) depuis 5 mois. Attention particulière aux jeunes en rupture, aux femmes et aux habitants des QPV et des ZRR.';

const NAME_MIN = 3;
const NAME_MAX = 150;

/** A record id part: the reference as given, spaces and separators (`/`…) made `-`. */
const idPart = (text: string) => text.trim().replace(/[^\p{L}\p{N}._:-]+/gu, '-');

/** Empty texts are fields the operator did not fill: absent, not an empty string. */
function present<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  const trimmed = value.trim();
  return trimmed === '' ? {} : ({ [key]: trimmed } as Record<K, string>);
}

function checkName(path: string, label: string, value: string, problems: DoraProblem[]) {
  const length = value.trim().length;
  if (length < NAME_MIN || length > NAME_MAX) {
    problems.push({
      path,
      message: `${label} : DORA attend entre ${NAME_MIN} et ${NAME_MAX} caractères (il en compte ${length}).`,
    });
  }
}

/**
 * The export, or the list of what must be corrected first: a name DORA would refuse is
 * reported (in French, naming the field), never shortened.
 */
export function doraExport(
  convention: DoraConventionInput,
): { ok: true; data: DoraExport } | { ok: false; problems: DoraProblem[] } {
  const problems: DoraProblem[] = [];
  const { operator } = convention;
  checkName('operator.name', "Nom de l'opérateur", operator.name, problems);
  const offered = convention.volets.filter(
    (volet) => volet.covered && voletServices[volet.number] !== undefined,
  );
  for (const volet of offered) {
    checkName(
      `volets.${volet.number}.label`,
      `Intitulé du volet ${volet.number}`,
      volet.label,
      problems,
    );
  }
  if (problems.length > 0) return { ok: false, problems };

  const dateMaj = convention.updatedAt.slice(0, 10);
  const structureId = `${DORA_SOURCE}--${operator.siret}`;
  const place = {
    ...present('adresse', operator.address),
    ...present('code_postal', operator.postalCode),
    ...present('commune', operator.city),
  };
  const structure: DoraStructure = {
    source: DORA_SOURCE,
    id: structureId,
    nom: operator.name.trim(),
    date_maj: dateMaj,
    ...present('siret', operator.siret),
    ...place,
    description: `Opérateur de l’offre de repérage et de remobilisation (O2R), conventionné par l’État (DREETS ${convention.dreetsRegion}).`,
  };

  const zone = convention.territories.map((territory) => territory.inseeCode);
  const priorityAreas = convention.territories.some((t) => t.qpv || t.zrr);
  const publics = ['demandeurs-emploi', 'jeunes', 'femmes'];
  if (priorityAreas) publics.push('residents-qpv-frr');

  const services = offered.map((volet): DoraService => {
    const offer = voletServices[volet.number]!;
    return {
      source: DORA_SOURCE,
      id: `${structureId}--${idPart(convention.reference)}--volet-${volet.number}`,
      structure_id: structureId,
      nom: volet.label.trim(),
      description: offer.description,
      date_maj: dateMaj,
      type: 'accompagnement',
      thematiques: offer.thematiques,
      publics,
      publics_precisions: PUBLICS_PRECISIONS,
      modes_accueil: offer.modesAccueil,
      // Persons come by themselves or are directed by a partner (o2r-cpo.md, repérage).
      mobilisable_par: ['usagers', 'professionnels'],
      // zone_eligibilite needs at least one code: no territory, no zone (not « france »).
      ...(zone.length > 0 ? { zone_eligibilite: zone } : {}),
      ...place,
    };
  });
  return { ok: true, data: { structures: [structure], services } };
}

/** The file name of the download: the convention's reference as given, made file-safe. */
export function doraFileName(reference: string) {
  const safe = reference.trim().replace(/[^\p{L}\p{N}._-]+/gu, '-');
  return `offre-dora-${safe || 'convention'}.json`;
}
