/**
 * The DORA mapping (shared/domain/doraExport.ts). Every listed value it writes is checked
 * against the data·inclusion reference lists copied from the schema repository, so a
 * typo or a value the schema dropped fails here, not at DORA.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { doraExport, doraFileName, type DoraConventionInput } from '../../shared/domain/doraExport';

const listValues = (name: string) =>
  new Set(
    (
      JSON.parse(
        readFileSync(
          join(__dirname, '../../resources/data-inclusion/extra', `${name}.json`),
          'utf8',
        ),
      ) as { value: string }[]
    ).map((item) => item.value),
  );

function convention(overrides: Partial<DoraConventionInput> = {}): DoraConventionInput {
  return {
    reference: 'CPO O2R 2025/12',
    dreetsRegion: 'Bretagne',
    updatedAt: '2026-03-04T10:11:12.000Z',
    operator: {
      name: 'Association Tremplin',
      siret: '77567227200017',
      address: '',
      postalCode: '29200',
      city: 'Brest',
    },
    volets: [
      { number: 1, label: 'Repérage', covered: true },
      { number: 2, label: 'Remobilisation', covered: false },
      { number: 3, label: 'Accompagnement', covered: true },
      { number: 4, label: 'Coordination', covered: true },
    ],
    territories: [
      { inseeCode: '29019', qpv: false, zrr: false },
      { inseeCode: '29075', qpv: false, zrr: false },
    ],
    ...overrides,
  };
}

function exported(input: DoraConventionInput) {
  const result = doraExport(input);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.data;
}

describe('doraExport', () => {
  test('one structure, one service per covered public-facing volet', () => {
    const { structures, services } = exported(convention());
    expect(structures).toEqual([
      {
        source: 'pilote-cpo',
        id: 'pilote-cpo--77567227200017',
        nom: 'Association Tremplin',
        date_maj: '2026-03-04',
        siret: '77567227200017',
        code_postal: '29200',
        commune: 'Brest',
        description: expect.stringContaining('DREETS Bretagne'),
      },
    ]);
    // Volet 2 is not covered; volet 4 (coordination) is not an offer to the public.
    expect(services.map((s) => s.nom)).toEqual(['Repérage', 'Accompagnement']);
    expect(services.map((s) => s.id)).toEqual([
      'pilote-cpo--77567227200017--CPO-O2R-2025-12--volet-1',
      'pilote-cpo--77567227200017--CPO-O2R-2025-12--volet-3',
    ]);
    for (const service of services) {
      expect(service.zone_eligibilite).toEqual(['29019', '29075']);
      // An address left empty is absent, not "".
      expect(service).not.toHaveProperty('adresse');
    }
    expect(services[1]!.thematiques).toContain(
      'mobilite--etre-accompagne-dans-son-parcours-mobilite',
    );
    expect(services[1]!.thematiques).toContain(
      'numerique--maitriser-les-fondamentaux-du-numerique',
    );
  });

  test('every listed value is one of the schema lists', () => {
    const all = convention({
      volets: [1, 2, 3, 4].map((number) => ({ number, label: `Volet ${number}`, covered: true })),
      territories: [{ inseeCode: '29019', qpv: true, zrr: false }],
    });
    const { services } = exported(all);
    expect(services).toHaveLength(3);
    const lists = {
      thematiques: listValues('thematiques'),
      publics: listValues('publics'),
      modes_accueil: listValues('modes-accueil'),
      mobilisable_par: listValues('personnes-mobilisatrices'),
      type: listValues('types-de-services'),
    };
    for (const service of services) {
      for (const value of service.thematiques) expect(lists.thematiques).toContain(value);
      for (const value of service.publics) expect(lists.publics).toContain(value);
      for (const value of service.modes_accueil) expect(lists.modes_accueil).toContain(value);
      for (const value of service.mobilisable_par) expect(lists.mobilisable_par).toContain(value);
      expect(lists.type).toContain(service.type);
      expect(new Set(service.thematiques).size).toBe(service.thematiques.length);
    }
  });

  test('QPV or ZRR territories add the residents-qpv-frr public; none, no zone', () => {
    const plain = exported(convention()).services[0]!;
    expect(plain.publics).not.toContain('residents-qpv-frr');
    const zrr = exported(
      convention({ territories: [{ inseeCode: '29019', qpv: false, zrr: true }] }),
    ).services[0]!;
    expect(zrr.publics).toContain('residents-qpv-frr');
    // zone_eligibilite needs one code at least; « france » would claim what the CPO does not.
    const noZone = exported(convention({ territories: [] })).services[0]!;
    expect(noZone).not.toHaveProperty('zone_eligibilite');
  });

  test('holds no contact, hours or fees the app does not know', () => {
    const { structures, services } = exported(convention());
    for (const record of [...structures, ...services]) {
      for (const key of [
        'courriel',
        'telephone',
        'horaires_accueil',
        'frais',
        'contact_nom_prenom',
      ]) {
        expect(record).not.toHaveProperty(key);
      }
    }
  });

  test('a name DORA would refuse is reported with its field, never shortened', () => {
    const long = 'A'.repeat(151);
    const result = doraExport(
      convention({
        operator: { ...convention().operator, name: 'AB' },
        volets: [
          { number: 1, label: long, covered: true },
          // Not exported, so its label does not matter.
          { number: 4, label: 'X', covered: true },
        ],
      }),
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: 'operator.name', message: expect.stringContaining('il en compte 2') },
        { path: 'volets.1.label', message: expect.stringContaining('il en compte 151') },
      ],
    });
  });

  test('file name keeps the reference, without path characters', () => {
    expect(doraFileName('CPO O2R 2025/12')).toBe('offre-dora-CPO-O2R-2025-12.json');
  });
});
