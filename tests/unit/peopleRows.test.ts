import { describe, expect, test } from 'vitest';
import {
  ambiguousHeaderWords,
  emptyBase,
  guessMapping,
  headerWords,
  issueMessage,
  issuesToCsv,
  mappingIssues,
  normaliseHeader,
  parsePeopleTable,
  parseZone,
  peopleImportFields,
  resolveRow,
  unmappedHeaders,
  type ImportMapping,
  type RecordBase,
} from '../../shared/import/peopleRows';

const FIXTURE_HEADERS = [
  'N° dossier',
  'Nom',
  'Prénom',
  'Sexe',
  'Année de naissance',
  'Commune',
  'Code INSEE',
  'Quartier / zone',
  "Situation à l'entrée",
  'Canal de repérage',
  'Date de repérage',
  'Date remobilisation',
  'Date entrée accompagnement',
  'Freins',
  'Référent',
  'Date de sortie',
  'Type de sortie',
];

/** A table from header names and rows given as objects of header → cell. */
function table(headers: string[], rows: Record<string, string>[]) {
  return {
    headers,
    rows: rows.map((row, index) => ({
      line: index + 2,
      cells: headers.map((header) => row[header] ?? ''),
    })),
  };
}

const fullMapping = guessMapping(FIXTURE_HEADERS);

function parseOne(row: Record<string, string>, mapping: ImportMapping = fullMapping) {
  const parsed = parsePeopleTable(
    table(FIXTURE_HEADERS, [{ 'N° dossier': 'A-1', ...row }]),
    mapping,
  );
  return { patch: parsed.rows[0]!, issues: parsed.issues };
}

function resolveOne(
  row: Record<string, string>,
  base?: RecordBase,
  mapping: ImportMapping = fullMapping,
) {
  const { patch } = parseOne(row, mapping);
  return resolveRow(patch, base ?? emptyBase(patch.fileNumber), mapping);
}

describe('fields and header guessing', () => {
  test('the field list names every target in French, only the file number is required', () => {
    expect(peopleImportFields.map((f) => f.key)).toEqual([
      'fileNumber',
      'lastName',
      'firstName',
      'phone',
      'email',
      'sex',
      'birthYear',
      'commune',
      'inseeCode',
      'zone',
      'eligibility',
      'lastReferentContact',
      'channel',
      'identifiedOn',
      'remobilisationStart',
      'accompanimentStart',
      'barriers',
      'referent',
      'exitDate',
      'exitType',
      'followUpDate',
      'followUpSituation',
    ]);
    expect(peopleImportFields.filter((f) => f.required).map((f) => f.label)).toEqual([
      'N° dossier',
    ]);
    expect(peopleImportFields.find((f) => f.key === 'eligibility')!.label).toBe(
      "Situation à l'entrée",
    );
    expect(peopleImportFields.find((f) => f.key === 'channel')!.label).toBe('Canal de repérage');
  });

  test('headers are compared without accents, case or punctuation', () => {
    expect(normaliseHeader('N° dossier')).toBe('n dossier');
    expect(normaliseHeader("  Situation à l'ENTRÉE ")).toBe('situation a l entree');
    expect(normaliseHeader('Quartier / zone')).toBe('quartier zone');
  });

  test('every header of the fixture is recognised', () => {
    expect(Object.entries(fullMapping)).toHaveLength(17);
    expect(fullMapping).toMatchObject({
      fileNumber: 'N° dossier',
      zone: 'Quartier / zone',
      eligibility: "Situation à l'entrée",
      accompanimentStart: 'Date entrée accompagnement',
      exitDate: 'Date de sortie',
      exitType: 'Type de sortie',
    });
  });

  test('synonyms, and one column for one field only', () => {
    expect(
      guessMapping([
        'Numéro de dossier',
        'Genre',
        'Ville',
        'Courriel',
        'Tél.',
        'Motif de sortie',
        'Date sortie',
      ]),
    ).toEqual({
      fileNumber: 'Numéro de dossier',
      sex: 'Genre',
      commune: 'Ville',
      email: 'Courriel',
      phone: 'Tél.',
      exitType: 'Motif de sortie',
      exitDate: 'Date sortie',
    });
    expect(guessMapping(['Inconnu'])).toEqual({});
  });

  test('the outreach channel column is found whatever its wording', () => {
    for (const header of [
      'Comment la personne a été repérée',
      '  COMMENT la personne a-t-elle été repérée ?  ',
      'comment  la  personne   a ete reperee',
      'Repéré(e) par',
      'Mode de repérage',
      'Source du repérage',
      'Canal de repérage utilisé',
      'Comment nous a-t-elle connus ?',
    ]) {
      // Beside the date column whose words are close: each keeps its own field.
      const mapping = guessMapping(['N° dossier', header, 'Date de repérage', 'Repérée le']);
      expect(mapping.channel, header).toBe(header);
      expect(mapping.identifiedOn, header).toBe('Date de repérage');
    }
    // A date is never taken for the channel, nor a header that only says « repérage ».
    expect(guessMapping(['Date à laquelle la personne a été repérée']).channel).toBeUndefined();
    expect(guessMapping(['Repérage']).channel).toBeUndefined();
  });

  test('little words and spacing do not matter, and no two fields share a spelling', () => {
    expect(headerWords("Date d'entrée en accompagnement")).toBe('date entree accompagnement');
    expect(
      guessMapping([
        'N° de dossier',
        "Date d'entrée en accompagnement",
        'Date  de  la  remobilisation',
        'Situation à la sortie',
      ]),
    ).toEqual({
      fileNumber: 'N° de dossier',
      accompanimentStart: "Date d'entrée en accompagnement",
      remobilisationStart: 'Date  de  la  remobilisation',
      exitType: 'Situation à la sortie',
    });
    // Each field's spellings, reduced to their words, name that field only.
    expect(ambiguousHeaderWords()).toEqual([]);
    expect(guessMapping(['Repéré(e) le', 'Repéré(e) par'])).toEqual({
      channel: 'Repéré(e) par',
      identifiedOn: 'Repéré(e) le',
    });
  });

  test('columns no field reads are listed, in file order', () => {
    const headers = ['N° dossier', 'Observations', 'Sexe', 'Colonne 4'];
    expect(unmappedHeaders(headers, guessMapping(headers))).toEqual(['Observations', 'Colonne 4']);
    // A field cleared in the form (empty entry) frees its column.
    expect(unmappedHeaders(headers, { fileNumber: 'N° dossier', sex: '' })).toEqual([
      'Observations',
      'Sexe',
      'Colonne 4',
    ]);
  });

  test('a saved mapping is used as it is when its columns exist, in part otherwise', () => {
    const saved = { fileNumber: 'Dossier interne', sex: 'Sexe' };
    // All its columns exist: taken as it is, even if other headers could be guessed.
    expect(guessMapping(['Dossier interne', 'Sexe', 'Commune'], saved)).toEqual(saved);
    // Some columns are missing: those that exist are kept, the others guessed.
    expect(guessMapping(['N° dossier', 'Sexe', 'Commune'], saved)).toEqual({
      sex: 'Sexe',
      fileNumber: 'N° dossier',
      commune: 'Commune',
    });
  });

  test('mapping problems are reported on the header line', () => {
    expect(mappingIssues(['A', 'B'], { sex: 'A', zone: 'A', commune: 'Z', foo: 'B' })).toEqual([
      {
        line: 1,
        column: 'Z',
        value: '',
        reason: "Cette colonne, choisie pour « Commune », n'existe pas dans le fichier.",
      },
      {
        line: 1,
        column: 'B',
        value: 'foo',
        reason: 'Champ inconnu « foo » dans la correspondance des colonnes.',
      },
      {
        line: 1,
        column: 'A',
        value: '',
        reason:
          "Cette colonne est associée à plusieurs champs (Sexe, Quartier / zone) : une colonne ne remplit qu'un champ.",
      },
      {
        line: 1,
        column: '',
        value: '',
        reason: "Aucune colonne n'est associée au champ obligatoire « N° dossier ».",
      },
    ]);
  });
});

describe('cell values', () => {
  test('zone: QPV with its name, ZRR, both, or neither', () => {
    expect(parseZone('QPV Maurepas')).toEqual({ qpv: true, qpvName: 'Maurepas', zrr: false });
    expect(parseZone('qpv : Le  Blosne')).toEqual({ qpv: true, qpvName: 'Le Blosne', zrr: false });
    expect(parseZone('QPV')).toEqual({ qpv: true, qpvName: '', zrr: false });
    expect(parseZone('ZRR')).toEqual({ qpv: false, qpvName: '', zrr: true });
    expect(parseZone('QPV Les Cotterêts, ZRR')).toEqual({
      qpv: true,
      qpvName: 'Les Cotterêts',
      zrr: true,
    });
    for (const none of ['', '  ', 'Hors QPV', '-', 'non']) {
      expect(parseZone(none)).toEqual({ qpv: false, qpvName: '', zrr: false });
    }
    expect(parseZone('Centre-ville')).toEqual({
      error: 'Zone non reconnue : attendu « QPV <nom du quartier> », « ZRR » ou une cellule vide.',
    });
    expect(parseZone('QPVX')).toHaveProperty('error');
  });
});

describe('rows', () => {
  test('values typed by hand are read tolerantly', () => {
    for (const [typed, code] of [
      ['F', 'F'],
      ['Femme', 'F'],
      ['femme ', 'F'],
      ['H', 'M'],
      ['Homme', 'M'],
      ['M', 'M'],
      ['x', 'X'],
    ] as const) {
      expect(parseOne({ Sexe: typed }).patch.person.sex).toBe(code);
    }
    const { patch, issues } = parseOne({
      "Situation à l'entrée": 'Inscrit FT sans contact depuis 5 mois',
      'Canal de repérage': 'Évènement',
      'Type de sortie': 'Emploi durable (CDI/CDD 6 mois et +)',
      Freins: "Garde d'enfants, Accès aux droits,  mobilite , Garde d'enfants",
      'Code INSEE': '1053',
      'Année de naissance': '1988',
    });
    expect(issues).toEqual([]);
    expect(patch.person).toMatchObject({
      eligibilityGround: 'no_contact_5_months',
      inseeCode: '01053',
      birthYear: 1988,
    });
    expect(patch.pathway).toMatchObject({
      identificationChannel: 'event',
      exitType: 'employment_durable',
    });
    expect(patch.barriers).toEqual(['childcare', 'rights', 'mobility']);
    expect(patch.display).toMatchObject({
      barriers: "Garde d'enfants, Accès aux droits, Mobilité",
      channel: 'Évènement',
    });
  });

  test('each unreadable cell is an issue with its line, column, value and a French reason', () => {
    const parsed = parsePeopleTable(
      table(FIXTURE_HEADERS, [
        {
          'N° dossier': 'A-1',
          Sexe: 'Z',
          'Année de naissance': '88',
          'Date de repérage': '32/01/2025',
        },
        { 'N° dossier': '', Commune: 'Rennes' },
        { 'N° dossier': 'A-1', Freins: 'Logement, Chance', 'Canal de repérage': 'Pigeon voyageur' },
        { 'N° dossier': 'A-4', "Situation à l'entrée": 'Touriste', 'Type de sortie': 'Lune' },
      ]),
      fullMapping,
    );
    expect(parsed.issues.map((i) => [i.line, i.column, i.value])).toEqual([
      [2, 'Sexe', 'Z'],
      [2, 'Année de naissance', '88'],
      [2, 'Date de repérage', '32/01/2025'],
      [3, 'N° dossier', ''],
      [4, 'Canal de repérage', 'Pigeon voyageur'],
      [4, 'Freins', 'Logement, Chance'],
      [4, 'N° dossier', 'A-1'],
      [5, "Situation à l'entrée", 'Touriste'],
      [5, 'Type de sortie', 'Lune'],
    ]);
    const reasons = parsed.issues.map((i) => i.reason);
    expect(reasons[0]).toBe(
      'Sexe non reconnu : attendu F ou Femme, H, M ou Homme, X (non précisé).',
    );
    expect(reasons[3]).toMatch(/^N° de dossier obligatoire/);
    expect(reasons[4]).toBe(
      'Canal de repérage non reconnu : attendu Maraude, Maraude numérique, Orientation partenaire, Évènement, Permanence, Bouche-à-oreille, Autre canal.',
    );
    expect(reasons[5]).toMatch(/« Chance »\.$/);
    expect(reasons[6]).toBe(
      'N° de dossier en double : déjà présent ligne 2. Une personne par ligne.',
    );
    expect(reasons[8]).toMatch(
      /^Type de sortie non reconnu : attendu Emploi durable, Emploi de transition, Formation qualifiante/,
    );
  });

  test('a value beyond the header columns is flagged', () => {
    const parsed = parsePeopleTable(
      { headers: ['N° dossier'], rows: [{ line: 2, cells: ['A-1', '', 'oups'] }] },
      { fileNumber: 'N° dossier' },
    );
    expect(parsed.issues).toEqual([
      {
        line: 2,
        column: 'Colonne 3',
        value: 'oups',
        reason: "Valeur au-delà des colonnes de l'en-tête (séparateur en trop dans la ligne ?).",
      },
    ]);
  });

  test('a wrong mapping stops before the rows: the problem is said once', () => {
    const parsed = parsePeopleTable(table(['Sexe'], [{ Sexe: 'F' }, { Sexe: 'F' }]), {
      sex: 'Sexe',
    });
    expect(parsed.rows).toEqual([]);
    expect(parsed.issues).toHaveLength(1);
  });

  test('identity values are masked in the preview and in issues', () => {
    const headers = ['N° dossier', 'Nom', 'E-mail'];
    const parsed = parsePeopleTable(
      table(headers, [{ 'N° dossier': 'A-1', Nom: 'Durand', 'E-mail': '' }]),
      guessMapping(headers),
    );
    expect(parsed.rows[0]!.display).toEqual({
      line: '2',
      fileNumber: 'A-1',
      lastName: '•••',
      email: '',
    });
    const bad = parsePeopleTable(
      table(headers, [{ 'N° dossier': 'A-1', 'E-mail': 'durand@' }]),
      guessMapping(headers),
    );
    const resolved = resolveRow(bad.rows[0]!, emptyBase('A-1'), guessMapping(headers));
    expect(resolved.issues).toEqual([
      { line: 2, column: 'E-mail', value: '•••', reason: 'Adresse e-mail invalide.' },
    ]);
  });
});

describe('the contract’s rules, on the spreadsheet’s columns', () => {
  test('a valid row resolves to the values to record; barriers dated at the furthest step', () => {
    const resolved = resolveOne({
      Sexe: 'F',
      'Quartier / zone': 'QPV Maurepas',
      'Date de repérage': '21/03/2025',
      'Date remobilisation': '10/04/2025',
      'Date entrée accompagnement': '02/05/2025',
      Freins: 'Santé',
      Nom: 'Durand',
    });
    expect(resolved).toMatchObject({
      person: { fileNumber: 'A-1', sex: 'F', qpv: true, qpvName: 'Maurepas', zrr: false },
      identity: { lastName: 'Durand', firstName: '', phone: '', email: '' },
      pathway: {
        identifiedOn: '2025-03-21',
        remobilisationStart: '2025-04-10',
        accompanimentStart: '2025-05-02',
      },
      barriers: ['health'],
      barrierDate: '2025-05-02',
      issues: [],
    });
    expect(
      resolveOne({
        'Date de repérage': '21/03/2025',
        'Date remobilisation': '10/04/2025',
        Freins: 'Santé',
      }),
    ).toMatchObject({ barrierDate: '2025-04-10' });
    expect(resolveOne({ 'Date de repérage': '21/03/2025', Freins: 'Santé' })).toMatchObject({
      barrierDate: '2025-03-21',
    });
  });

  test('steps out of order, exit date without type and vice versa, year out of range', () => {
    expect(
      resolveOne({ 'Date de repérage': '21/03/2025', 'Date entrée accompagnement': '01/03/2025' })
        .issues,
    ).toEqual([
      {
        line: 2,
        column: 'Date entrée accompagnement',
        value: '01/03/2025',
        reason: expect.stringMatching(/ne peut pas précéder/),
      },
    ]);
    expect(
      resolveOne({ 'Date de repérage': '21/03/2025', 'Date de sortie': '01/06/2025' }).issues,
    ).toEqual([
      { line: 2, column: 'Type de sortie', value: '', reason: 'Indiquez le type de sortie.' },
    ]);
    expect(resolveOne({ 'Type de sortie': 'Abandon' }).issues).toEqual([
      { line: 2, column: 'Date de sortie', value: '', reason: 'Indiquez la date de sortie.' },
    ]);
    expect(resolveOne({ 'Année de naissance': '1850' }).issues).toEqual([
      {
        line: 2,
        column: 'Année de naissance',
        value: '1850',
        reason: 'Année de naissance invalide.',
      },
    ]);
    expect(resolveOne({ 'N° dossier': 'Jean Dupont' }).issues).toEqual([
      {
        line: 2,
        column: 'N° dossier',
        value: 'Jean Dupont',
        reason: expect.stringMatching(/pas de nom/),
      },
    ]);
  });

  test('barriers need a date of the pathway', () => {
    expect(resolveOne({ Freins: 'Santé' }).issues).toEqual([
      {
        line: 2,
        column: 'Freins',
        value: 'Santé',
        reason: expect.stringMatching(/^Des freins sont indiqués sans aucune date de parcours/),
      },
    ]);
  });

  test('a refused cell is said once, not echoed by the schema', () => {
    // The exit type is unreadable: the schema would add "Indiquez le type de sortie" on the same column.
    const { patch, issues } = parseOne({
      'Date de repérage': '21/03/2025',
      'Date de sortie': '01/06/2025',
      'Type de sortie': 'Lune',
    });
    expect(issues).toHaveLength(1);
    expect(resolveRow(patch, emptyBase('A-1'), fullMapping).issues).toEqual([]);
  });

  test('what the file does not map is kept from the record; an erased identity is left alone', () => {
    const base = emptyBase('A-1');
    base.person = { ...base.person, commune: 'Rennes', situationFlags: ['rsa'] };
    base.pathway = {
      ...base.pathway,
      identifiedOn: '2025-01-10',
      plannedEnd: '2025-12-31',
      referent: 'M. Tanguy',
    };
    base.identity = { lastName: 'Durand', firstName: 'Léa', phone: '0600000000', email: '' };
    const mapping = { fileNumber: 'N° dossier', sex: 'Sexe', lastName: 'Nom' };
    const resolved = resolveOne({ Sexe: 'F', Nom: 'Durand-Martin' }, base, mapping);
    expect(resolved).toMatchObject({
      person: { sex: 'F', commune: 'Rennes', situationFlags: ['rsa'] },
      pathway: { identifiedOn: '2025-01-10', plannedEnd: '2025-12-31', referent: 'M. Tanguy' },
      identity: { lastName: 'Durand-Martin', firstName: 'Léa', phone: '0600000000' },
    });
    const { patch } = parseOne({ Nom: 'Durand' }, mapping);
    expect(resolveRow(patch, base, mapping, { ignoreIdentity: true })).toMatchObject({
      identity: null,
    });
    // Nothing about identity at all when no identity column is mapped.
    expect(
      resolveOne({ Sexe: 'F' }, base, { fileNumber: 'N° dossier', sex: 'Sexe' }),
    ).toMatchObject({ identity: null });
  });
});

describe('issues as text', () => {
  const issue = { line: 12, column: 'Sexe', value: 'Z', reason: 'Sexe non reconnu.' };

  test('one sentence naming the line, the column and the value', () => {
    expect(issueMessage(issue)).toBe(
      'Ligne 12, colonne « Sexe », valeur « Z » : Sexe non reconnu.',
    );
    expect(issueMessage({ ...issue, value: ' ' })).toBe(
      'Ligne 12, colonne « Sexe », valeur vide : Sexe non reconnu.',
    );
    expect(issueMessage({ ...issue, column: '' })).toBe(
      'Ligne 12, valeur « Z » : Sexe non reconnu.',
    );
  });

  test('a CSV a French Excel opens: BOM, `;`, CRLF, quoted when needed, no formula', () => {
    const csv = issuesToCsv([
      issue,
      { line: 3, column: 'Freins', value: 'Santé; "Lune"', reason: 'Frein non reconnu.' },
      { line: 4, column: 'Nom', value: '=CMD()', reason: 'x' },
    ]);
    expect(csv).toBe(
      '\uFEFFLigne;Colonne;Valeur;Motif\r\n' +
        '12;Sexe;Z;Sexe non reconnu.\r\n' +
        '3;Freins;"Santé; ""Lune""";Frein non reconnu.\r\n' +
        "4;Nom;'=CMD();x\r\n",
    );
  });
});
