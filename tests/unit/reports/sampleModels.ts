/**
 * Sample models of the three reports (the fictional demo convention), for the tests and for
 * `reportSamples.test.ts`, which writes them as files to look at. Figures are chosen so the
 * tests can check them: a small count (3) that must be masked, a significant gap, a SIEG
 * period in carry-forward. `CANARY` sits in fields that no report prints.
 */
import type {
  ActivityReportModel,
  ConventionInfo,
  FinalReportModel,
  FinancialReportModel,
  OperatorInfo,
  SiegDecisionAnnex,
} from '../../../electron/backend/reports/model';

export const CANARY = 'CANARI-7f3a-ne-doit-pas-sortir';

const operator: OperatorInfo = {
  name: 'Association Horizons Emploi 35',
  siret: '123 456 789 00012',
  address: '12 rue de la Liberté, 35000 Rennes',
};

const convention: ConventionInfo = {
  reference: 'O2R-BRE-2025-014',
  title: 'Offre de repérage et de remobilisation — Rennes Métropole et Pays de Vitré',
  dreetsRegion: 'DREETS Bretagne',
  startDate: '2025-01-01',
  endDate: '2027-12-31',
  volets: [
    { number: 1, label: 'Repérage — aller vers' },
    { number: 2, label: 'Remobilisation' },
    { number: 3, label: 'Accompagnement socio-professionnel' },
    { number: 4, label: 'Coordination' },
  ],
  territories: [
    { name: 'Rennes — Maurepas', inseeCode: '35238', qpv: true },
    { name: 'Rennes — Le Blosne', inseeCode: '35238', qpv: true },
    { name: 'Vitré Communauté', inseeCode: '35360', zrr: true },
  ],
  coHolders: [
    { name: 'Association Horizons Emploi 35', siret: '123 456 789 00012', chefDeFile: true },
    { name: 'Régie de quartier Maurepas', siret: '987 654 321 00034', chefDeFile: false },
  ],
};

const base = {
  operator,
  convention,
  generatedOn: '2026-05-18',
  smallCellThreshold: 5,
};

export function sampleActivityModel(
  overrides: Partial<ActivityReportModel> = {},
): ActivityReportModel {
  return {
    ...base,
    draft: false,
    missingItems: [],
    source: { conventionId: 1, yearId: 1, snapshotTag: CANARY },
    year: { label: 'Année 1 (2025)', startDate: '2025-01-01', endDate: '2025-12-31' },
    indicators: [
      {
        code: 'REP_CONTACTS',
        label: 'Contacts établis en repérage',
        unit: 'count',
        realised: 1234,
        target: 1000,
        countsPeople: true,
      },
      {
        code: 'REP_PERSONS',
        label: 'Personnes repérées',
        unit: 'count',
        realised: 312,
        target: 350,
        countsPeople: true,
      },
      {
        code: 'ACC_ENTRIES',
        label: 'Entrées en accompagnement',
        unit: 'count',
        realised: 148,
        target: 160,
        countsPeople: true,
      },
      {
        code: 'WOMEN_SHARE',
        label: 'Part de femmes accompagnées',
        unit: 'percent',
        realised: 71 / 148,
        target: 0.5,
        base: { numerator: 71, denominator: 148 },
      },
      {
        code: 'DURATION_AVG',
        label: 'Durée moyenne d’accompagnement',
        unit: 'months',
        realised: 7.4,
        target: 9,
      },
      {
        code: 'EXIT_POSITIVE_RATE',
        label: 'Taux de sorties positives',
        unit: 'percent',
        realised: 38 / 64,
        target: 0.55,
        base: { numerator: 38, denominator: 64 },
      },
      { code: 'PARTNERS', label: 'Partenaires actifs', unit: 'count', realised: 27, target: 20 },
      {
        code: 'COST_PER_PERSON',
        label: 'Coût net SIEG par personne accompagnée',
        unit: 'euros',
        realised: 198_765,
        target: 210_000,
      },
    ],
    outreach: {
      totalContacts: 1234,
      personsIdentified: 312,
      byChannel: [
        { label: 'Maraude de rue', count: 512 },
        { label: 'Orientation par un partenaire', count: 398 },
        { label: 'Événement de quartier', count: 201 },
        { label: 'Maraude numérique', count: 120 },
        { label: 'Venue spontanée', count: 3 },
      ],
      byPlace: [
        { label: 'Espace public', count: 640 },
        { label: 'Locaux de partenaires', count: 410 },
        { label: 'Permanence de l’association', count: 184 },
      ],
    },
    remobilisation: { persons: 176, collectiveSessions: 58, individualSessions: 421 },
    accompaniment: {
      entries: 148,
      activeAtYearEnd: 92,
      averageLengthDays: 226,
      over9Months: 17,
      extensions: 12,
    },
    barriers: [
      { label: 'Mobilité', identified: 84, lifted: 51 },
      { label: 'Logement', identified: 62, lifted: 23 },
      { label: 'Santé', identified: 41, lifted: 15 },
      { label: 'Garde d’enfants', identified: 29, lifted: 18 },
      { label: 'Numérique', identified: 55, lifted: 40 },
      { label: 'Justice', identified: 4, lifted: 2 },
    ],
    exits: {
      byType: [
        {
          label: 'Emploi durable (CDI, CDD ≥ 6 mois)',
          count: 14,
          positive: true,
          group: 'employment',
        },
        { label: 'Autre emploi', count: 9, positive: true, group: 'employment' },
        { label: 'Formation qualifiante', count: 8, positive: true, group: 'training' },
        {
          label: 'Orientation vers le droit commun',
          count: 7,
          positive: true,
          group: 'droit_commun',
        },
        { label: 'Abandon ou perte de contact', count: 19, positive: false, group: 'drop_out' },
        { label: 'Déménagement', count: 3, positive: false, group: 'drop_out' },
        { label: 'Autre motif', count: 4, positive: false, group: 'other' },
      ],
      followUp6m: [
        { label: 'En emploi', count: 11 },
        { label: 'En formation', count: 6 },
        { label: 'Sans solution', count: 5 },
        { label: 'Situation inconnue', count: 9 },
      ],
    },
    coordination: {
      activePartners: 27,
      partnersByType: [
        { label: 'Réseau pour l’emploi (France Travail, mission locale, Cap emploi)', count: 6 },
        { label: 'Collectivités', count: 5 },
        { label: 'Structures de l’insertion par l’activité économique', count: 8 },
        { label: 'Associations du champ social et de la santé', count: 8 },
      ],
      committees: [
        { label: 'Comité de pilotage départemental', held: 2, attended: 2 },
        { label: 'Comité technique local', held: 6, attended: 6 },
        { label: 'Réunions des co-porteurs', held: 10, attended: 10 },
      ],
      actions: [
        { label: 'Réunions d’information partenaires', count: 14 },
        { label: 'Études de situation partagées', count: 37 },
      ],
    },
    profile: {
      persons: 148,
      sex: [
        { label: 'Femmes', count: 71 },
        { label: 'Hommes', count: 77 },
      ],
      ageBands: [
        { label: 'Moins de 26 ans', count: 52 },
        { label: '26 à 44 ans', count: 61 },
        { label: '45 à 54 ans', count: 24 },
        { label: '55 ans et plus', count: 11 },
      ],
      qpv: 83,
      zrr: 21,
      eligibility: [
        { label: 'Non inscrit au réseau pour l’emploi', count: 102 },
        { label: 'Inscrit sans contact depuis 5 mois', count: 39 },
        { label: 'Inscrit sans accompagnement adapté', count: 7 },
      ],
    },
    narratives: {
      highlights:
        'L’année a été celle du lancement : recrutement de l’équipe de quatre conseillers, ' +
        'ouverture d’une permanence au Blosne et premières maraudes à Vitré.\n\n' +
        'La coopération avec la mission locale a permis des orientations rapides des jeunes repérés.',
      difficulties:
        'La mobilité reste le premier frein en zone rurale ; l’accès au logement est difficile ' +
        'pour les personnes accompagnées à Rennes.',
      outlook: 'Ouvrir une seconde permanence à Vitré et renforcer la maraude numérique en 2026.',
    },
    ...overrides,
  };
}

/** A SIEG control where the first period ends in a carry-forward (finance.md worked example). */
export const sampleSieg: SiegDecisionAnnex = {
  regime: 'sieg_decision',
  readings: { netting: true, averageOver: 'period' },
  years: [
    { label: '2025', c: 12_000_000, r: 3_000_000, k: 14_500_000, rp: 0, balance: 500_000 },
    { label: '2026', c: 12_000_000, r: 3_200_000, k: 15_000_000, rp: 0, balance: 200_000 },
    { label: '2027', c: 12_000_000, r: 3_100_000, k: 14_900_000, rp: 0, balance: 200_000 },
  ],
  periods: [
    {
      label: 'Période 2025–2027',
      yearLabels: ['2025', '2026', '2027'],
      c: 36_000_000,
      r: 9_300_000,
      k: 44_400_000,
      rp: 0,
      oc: 900_000,
      cAvg: 12_000_000,
      threshold: 1_200_000,
      outcome: 'carry_forward',
      carriedIn: 0,
      amountDue: 0,
    },
  ],
};

export function sampleFinancialModel(
  overrides: Partial<FinancialReportModel> = {},
): FinancialReportModel {
  return {
    ...base,
    draft: false,
    missingItems: [],
    source: { conventionId: 1, yearId: 1, snapshotTag: CANARY },
    year: { label: 'Année 1 (2025)', startDate: '2025-01-01', endDate: '2025-12-31' },
    gapThreshold: { basisPoints: 1500, cents: 500_000 },
    rows: [
      { code: '60', forecast: 450_000, actual: 512_345 },
      { code: '61', forecast: 1_800_000, actual: 1_750_000 },
      {
        code: '62',
        forecast: 900_000,
        actual: 1_523_456,
        siegActual: 1_200_000,
        explanation:
          'Recours à un prestataire de mobilité (auto-école sociale) non prévu au budget, ' +
          'pour lever le premier frein identifié en zone rurale.',
      },
      { code: '63', forecast: 420_000, actual: 431_000 },
      { code: '64', forecast: 9_800_000, actual: 9_650_000, siegActual: 9_100_000 },
      { code: '65', forecast: 50_000, actual: 42_000 },
      { code: '66', forecast: 0, actual: 0 },
      { code: '67', forecast: 0, actual: 12_000 },
      { code: '68', forecast: 300_000, actual: 290_000 },
      { code: 'indirect', forecast: 1_200_000, actual: 1_223_456, siegActual: 1_100_000 },
      { code: '86', forecast: 600_000, actual: 640_000 },
      { code: '70', forecast: 200_000, actual: 150_000 },
      { code: '73', forecast: 0, actual: 0 },
      { code: '74_state_o2r', forecast: 12_000_000, actual: 12_000_000, siegActual: 12_000_000 },
      { code: '74_department', forecast: 1_500_000, actual: 1_500_000 },
      { code: '74_commune', forecast: 300_000, actual: 300_000 },
      {
        code: '74_eu',
        forecast: 900_000,
        actual: 0,
        explanation:
          'Dossier FSE+ déposé en 2025, décision attendue en 2026 : rien n’a été encaissé.',
      },
      { code: '75', forecast: 20_000, actual: 35_000 },
      { code: 'own', forecast: 0, actual: 1_149_257 },
      { code: '87', forecast: 600_000, actual: 640_000 },
    ],
    funders: [
      {
        rowCode: '74_department',
        funder: 'Conseil départemental d’Ille-et-Vilaine',
        forecast: 1_500_000,
        actual: 1_500_000,
      },
      { rowCode: '74_commune', funder: 'Ville de Rennes', forecast: 300_000, actual: 300_000 },
      { rowCode: '74_eu', funder: 'FSE+ (programme national)', forecast: 900_000, actual: 0 },
    ],
    inKind: [
      {
        side: 'charges',
        label: 'Mise à disposition gratuite de locaux',
        actual: 360_000,
        valuation: 'Loyer de marché de 300 € par mois, attestation de la Ville de Rennes',
      },
      {
        side: 'charges',
        label: 'Personnel bénévole',
        actual: 280_000,
        valuation: '200 heures au SMIC chargé',
      },
      {
        side: 'produits',
        label: 'Prestations en nature',
        actual: 360_000,
        valuation: 'Contrepartie des locaux mis à disposition',
      },
      {
        side: 'produits',
        label: 'Bénévolat',
        actual: 280_000,
        valuation: 'Contrepartie du personnel bénévole',
      },
    ],
    allocationKeys: [
      {
        label: 'Personnel de direction et administratif',
        basis: 'time',
        siegQuantity: 1_150,
        totalQuantity: 1_600,
        evidence: 'Relevés de temps mensuels signés, tenus par l’équipe de direction',
        rows: ['64'],
        sharedCents: 1_400_000,
        allocatedCents: 1_006_250,
      },
      {
        label: 'Locaux du siège',
        basis: 'floor_area',
        siegQuantity: 120,
        totalQuantity: 200,
        evidence: 'Plan des locaux au 1er janvier 2025 (bail du 3 mars 2019)',
        rows: ['61', '62'],
        sharedCents: 360_000,
        allocatedCents: 216_000,
      },
    ],
    sieg: sampleSieg,
    // The keys' shares spread over the rows 60 to 68 (the « dont » line under the total).
    allocatedInRows: 1_222_250,
    inKindDetail: [
      { prefix: '861', actual: 360_000, siegActual: null },
      { prefix: '864', actual: 280_000, siegActual: null },
      { prefix: '870', actual: 280_000, siegActual: null },
      { prefix: '871', actual: 360_000, siegActual: null },
    ],
    payments: [
      {
        label: 'Avance',
        expectedOn: '2025-03-15',
        expected: 6_000_000,
        receivedOn: '2025-04-02',
        received: 6_000_000,
      },
      {
        label: 'Solde',
        expectedOn: '2025-09-30',
        expected: 6_000_000,
        receivedOn: null,
        received: null,
      },
    ],
    observations:
      'Les comptes annuels 2025 ont été approuvés par l’assemblée générale du 14 avril 2026.',
    attestation: {
      name: 'Claire Martin',
      role: 'présidente',
      place: 'Rennes',
      date: '2026-05-20',
    },
    ...overrides,
  };
}

export function sampleFinalModel(overrides: Partial<FinalReportModel> = {}): FinalReportModel {
  const threeYears = (values: [number, number][]) =>
    values.map(([realised, target]) => ({ realised, target }));
  return {
    ...base,
    generatedOn: '2028-05-30',
    draft: false,
    missingItems: [],
    source: { conventionId: 1, yearId: null, snapshotTag: CANARY },
    years: [
      { label: '2025', startDate: '2025-01-01', endDate: '2025-12-31' },
      { label: '2026', startDate: '2026-01-01', endDate: '2026-12-31' },
      { label: '2027', startDate: '2027-01-01', endDate: '2027-12-31' },
    ],
    indicators: [
      {
        code: 'REP_CONTACTS',
        label: 'Contacts établis en repérage',
        unit: 'count',
        countsPeople: true,
        byYear: threeYears([
          [1234, 1000],
          [1410, 1200],
          [1502, 1300],
        ]),
        total: { realised: 4146, target: 3500 },
      },
      {
        code: 'ACC_ENTRIES',
        label: 'Entrées en accompagnement',
        unit: 'count',
        countsPeople: true,
        byYear: threeYears([
          [148, 160],
          [171, 170],
          [3, 170],
        ]),
        total: { realised: 322, target: 500 },
      },
      {
        code: 'EXIT_POSITIVE_RATE',
        label: 'Taux de sorties positives',
        unit: 'percent',
        byYear: threeYears([
          [0.59, 0.55],
          [0.61, 0.55],
          [0.64, 0.6],
        ]),
        total: { realised: 0.62, target: 0.57 },
      },
      {
        code: 'DURATION_AVG',
        label: 'Durée moyenne d’accompagnement',
        unit: 'months',
        byYear: threeYears([
          [7.4, 9],
          [8.1, 9],
          [8.3, 9],
        ]),
        total: { realised: 7.9, target: 9 },
      },
    ],
    finances: [
      {
        code: '64',
        byYear: [
          { forecast: 9_800_000, actual: 9_650_000 },
          { forecast: 10_100_000, actual: 10_050_000 },
          { forecast: 10_300_000, actual: 10_280_000 },
        ],
      },
      {
        code: '62',
        byYear: [
          { forecast: 900_000, actual: 1_523_456 },
          { forecast: 1_000_000, actual: 1_100_000 },
          { forecast: 1_000_000, actual: 980_000 },
        ],
      },
      {
        code: 'indirect',
        byYear: [
          { forecast: 1_200_000, actual: 1_223_456 },
          { forecast: 1_250_000, actual: 1_260_000 },
          { forecast: 1_280_000, actual: 1_275_000 },
        ],
      },
      {
        code: '74_state_o2r',
        byYear: [
          { forecast: 12_000_000, actual: 12_000_000 },
          { forecast: 12_000_000, actual: 12_000_000 },
          { forecast: 12_000_000, actual: 12_000_000 },
        ],
      },
      {
        code: '74_department',
        byYear: [
          { forecast: 1_500_000, actual: 1_500_000 },
          { forecast: 1_500_000, actual: 1_500_000 },
          { forecast: 1_500_000, actual: 1_400_000 },
        ],
      },
    ],
    sieg: sampleSieg,
    narratives: {
      assessment:
        'En trois ans, l’offre a atteint ses objectifs de repérage et dépassé la cible de sorties positives.',
      lessons: 'Les maraudes numériques ont touché un public jeune que la rue ne touchait pas.',
      outlook: 'L’association se porte candidate au prochain appel à manifestation d’intérêt.',
    },
    attestation: { name: 'Claire Martin', role: 'présidente', place: 'Rennes', date: '2028-06-02' },
    ...overrides,
  };
}
