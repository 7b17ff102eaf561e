import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { barrierVersion, pathwayVersion, personVersion } from './helpers/versions';

let backend: TestBackend;
afterEach(() => backend?.dispose());
const TODAY = '2026-11-23';

async function setup() {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  return id;
}

const person = (fileNumber: string, extra: Record<string, unknown> = {}) => ({
  fileNumber,
  sex: 'F' as const,
  birthYear: 1990,
  commune: 'Brest',
  inseeCode: '29019',
  qpv: true,
  qpvName: 'Bellevue',
  zrr: false,
  eligibilityGround: 'not_registered' as const,
  lastReferentContact: null,
  situationFlags: ['rsa' as const],
  ...extra,
});

describe('people and pathways', () => {
  test('a person is created with identity apart, read back, and listed with its stage and warnings', async () => {
    const conventionId = await setup();
    const { id } = await backend.call('people.create', {
      conventionId,
      person: person('BR-001'),
      identity: { lastName: 'Kerjean', firstName: 'Anaïs', phone: '06 12 34 56 78', email: '' },
      pathway: {
        identifiedOn: '2025-01-10',
        identificationChannel: 'street',
        accompanimentStart: '2025-02-01',
        referent: 'C. Le Gall',
      },
    });
    const detail = await backend.call('people.get', { id, today: TODAY });
    expect(detail.identity).toEqual({
      lastName: 'Kerjean',
      firstName: 'Anaïs',
      phone: '06 12 34 56 78',
      email: '',
    });
    expect(detail.person).toMatchObject({
      fileNumber: 'BR-001',
      qpv: true,
      situationFlags: ['rsa'],
    });
    expect(detail.pathway).toMatchObject({
      accompanimentStart: '2025-02-01',
      referent: 'C. Le Gall',
    });
    // In accompaniment since February 2025 with no extension: past 12 months by November 2026.
    expect(detail.warnings.map((w) => w.code)).toEqual(['over_12_months']);
    const list = await backend.call('people.list', { conventionId, today: TODAY });
    expect(list).toEqual([
      expect.objectContaining({
        fileNumber: 'BR-001',
        stage: 'accompaniment',
        warnings: ['over_12_months'],
        anonymised: false,
      }),
    ]);
    // The list carries no identity at all.
    expect(JSON.stringify(list)).not.toContain('Kerjean');
  });

  test('identity values never reach the audit log; changes to them are logged without values', async () => {
    const conventionId = await setup();
    const { id } = await backend.call('people.create', {
      conventionId,
      person: person('BR-002'),
      identity: { lastName: 'Kerjean', firstName: 'Anaïs', phone: '', email: 'anais@example.org' },
    });
    await backend.call('people.update', {
      id,
      version: await personVersion(backend, id),
      person: person('BR-002', { birthYear: 1991 }),
      identity: {
        lastName: 'Kerjean-Le Roux',
        firstName: 'Anaïs',
        phone: '',
        email: 'anais@example.org',
      },
    });
    const audit = await backend.call('audit.list', { conventionId, limit: 500 });
    const text = JSON.stringify(audit.rows);
    expect(text).not.toContain('Kerjean');
    expect(text).not.toContain('anais@example.org');
    expect(audit.rows).toContainEqual(
      expect.objectContaining({
        entity: 'identité',
        entityId: 'BR-002',
        newValue: 'lastName (valeurs non journalisées)',
      }),
    );
    expect(audit.rows).toContainEqual(
      expect.objectContaining({
        entity: 'personne',
        field: 'birthYear',
        oldValue: '1990',
        newValue: '1991',
      }),
    );
  });

  test('pathway rules: steps in order, exit needs its type, a duplicate file number is refused; nothing written', async () => {
    const conventionId = await setup();
    const { id } = await backend.call('people.create', { conventionId, person: person('BR-003') });
    const digest = databaseDigest(backend.dataDir);
    const refused = (await backend
      .call('pathways.update', {
        personId: id,
        version: await pathwayVersion(backend, id),
        pathway: {
          identifiedOn: '2025-03-01',
          accompanimentStart: '2025-02-01',
          exitDate: '2025-06-01',
        },
      })
      .catch((e: unknown) => e)) as AppError;
    expect(refused.fields).toEqual([
      {
        path: 'pathway.accompanimentStart',
        message: "La date de l'entrée en accompagnement ne peut pas précéder la date du repérage.",
      },
      { path: 'pathway.exitType', message: 'Indiquez le type de sortie.' },
    ]);
    const duplicate = (await backend
      .call('people.create', { conventionId, person: person('BR-003') })
      .catch((e: unknown) => e)) as AppError;
    expect(duplicate.fields).toEqual([
      {
        path: 'person.fileNumber',
        message: 'Le n° de dossier BR-003 existe déjà dans cette convention.',
      },
    ]);
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('barriers and actions are recorded, lifted, deleted and logged', async () => {
    const conventionId = await setup();
    const { id } = await backend.call('people.create', {
      conventionId,
      person: person('BR-004'),
      pathway: { accompanimentStart: '2026-09-01' },
    });
    const barrier = await backend.call('barriers.add', {
      personId: id,
      category: 'mobility',
      identifiedOn: '2026-09-01',
    });
    await backend.call('barriers.update', {
      id: barrier.id,
      version: await barrierVersion(backend, barrier.id),
      liftedOn: '2026-10-15',
    });
    const barrierNow = await barrierVersion(backend, barrier.id);
    const early = (await backend
      .call('barriers.update', { id: barrier.id, version: barrierNow, liftedOn: '2026-08-01' })
      .catch((e: unknown) => e)) as AppError;
    expect(early.fields[0]?.message).toMatch(/levé avant/);
    const action = await backend.call('actions.add', {
      personId: id,
      type: 'interview',
      date: '2026-09-02',
      minutes: 90,
      volet: 3,
      staff: 'S. Ouali',
    });
    let detail = await backend.call('people.get', { id, today: TODAY });
    expect(detail.barriers).toEqual([
      {
        id: barrier.id,
        version: 2,
        category: 'mobility',
        identifiedOn: '2026-09-01',
        liftedOn: '2026-10-15',
      },
    ]);
    expect(detail.actions).toEqual([
      {
        id: action.id,
        type: 'interview',
        date: '2026-09-02',
        minutes: 90,
        volet: 3,
        staff: 'S. Ouali',
      },
    ]);
    await backend.call('actions.delete', { id: action.id });
    await backend.call('barriers.delete', { id: barrier.id });
    detail = await backend.call('people.get', { id, today: TODAY });
    expect(detail.actions).toEqual([]);
    expect(detail.barriers).toEqual([]);
    const audit = await backend.call('audit.list', { conventionId, limit: 500 });
    expect(audit.rows.filter((r) => r.entity === 'frein').map((r) => r.action)).toEqual([
      'delete',
      'update',
      'create',
      'create',
    ]);
  });
});

describe('outreach and coordination', () => {
  test('an anonymous contact is logged, then becomes a person identified on the contact date', async () => {
    const conventionId = await setup();
    const contact = await backend.call('outreach.add', {
      conventionId,
      date: '2026-03-05',
      channel: 'street',
      commune: 'Brest',
      qpv: true,
      count: 4,
      staff: 'M. Tanguy',
    });
    const { personId } = await backend.call('outreach.toPerson', {
      contactId: contact.id,
      fileNumber: 'BR-100',
    });
    const detail = await backend.call('people.get', { id: personId, today: TODAY });
    expect(detail.pathway).toMatchObject({
      identifiedOn: '2026-03-05',
      identificationChannel: 'street',
      referent: 'M. Tanguy',
    });
    expect(detail.person).toMatchObject({ commune: 'Brest', qpv: true });
    const list = await backend.call('outreach.list', { conventionId });
    expect(list).toEqual([
      expect.objectContaining({ id: contact.id, count: 4, personFileNumber: 'BR-100' }),
    ]);
    const again = (await backend
      .call('outreach.toPerson', { contactId: contact.id, fileNumber: 'BR-101' })
      .catch((e: unknown) => e)) as AppError;
    expect(again.message).toMatch(/déjà un dossier/);
  });

  test('partners and coordination events; a foreign partner is refused', async () => {
    const conventionId = await setup();
    const other = await backend.call(
      'conventions.create',
      validConvention({ reference: 'OTHER', dreetsRegion: 'Normandie' }),
    );
    const ft = await backend.call('partners.save', {
      conventionId,
      partner: { name: 'France Travail Brest', type: 'france_travail', commune: 'Brest' },
    });
    const foreign = await backend.call('partners.save', {
      conventionId: other.id,
      partner: { name: 'Mission locale Caen', type: 'mission_locale' },
    });
    await backend.call('partners.save', {
      conventionId,
      partner: {
        id: ft.id,
        version: ft.version,
        name: 'France Travail Brest Europe',
        type: 'france_travail',
        commune: 'Brest',
      },
    });
    expect((await backend.call('partners.list', { conventionId }))[0]?.name).toBe(
      'France Travail Brest Europe',
    );
    await backend.call('coordination.add', {
      conventionId,
      date: '2026-04-02',
      kind: 'cte',
      title: 'CTE du pays de Brest',
      decisions: 'Priorité aux QPV',
      partnerIds: [ft.id],
    });
    const digest = databaseDigest(backend.dataDir);
    await expect(
      backend.call('coordination.add', {
        conventionId,
        date: '2026-04-03',
        kind: 'coordination',
        title: 'Réunion',
        partnerIds: [foreign.id],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    expect(await backend.call('coordination.list', { conventionId })).toEqual([
      expect.objectContaining({ kind: 'cte', partnerIds: [ft.id] }),
    ]);
  });
});

describe('indicators from the records', () => {
  test('realised values per year against the targets in force, and the records behind them', async () => {
    const conventionId = await setup();
    const { definitions } = await backend.call('indicators.list', { conventionId });
    const idOf = (code: string) => definitions.find((d) => d.code === code)!.id;
    await backend.call('targets.set', {
      conventionId,
      targets: [{ indicatorId: idOf('ACC_ENTRIES'), yearIndex: 1, value: 4 }],
    });
    for (const [n, start, exit] of [
      ['A1', '2025-02-01', null],
      ['A2', '2025-05-01', '2025-11-30'],
      ['A3', '2025-12-31', null],
      ['A4', '2026-01-01', null],
    ] as const) {
      await backend.call('people.create', {
        conventionId,
        person: person(n, { sex: n === 'A2' ? 'M' : 'F' }),
        identity: { lastName: `Nom${n}`, firstName: 'X', phone: '', email: '' },
        pathway: {
          accompanimentStart: start,
          exitDate: exit,
          exitType: exit ? 'employment_durable' : null,
        },
      });
    }
    await backend.call('outreach.add', {
      conventionId,
      date: '2025-06-01',
      channel: 'event',
      count: 12,
    });
    const realised = await backend.call('indicators.realised', { conventionId, date: TODAY });
    const cell = (code: string, year: number) =>
      realised.find((r) => r.code === code && r.yearIndex === year)!;
    expect(cell('ACC_ENTRIES', 1)).toMatchObject({
      source: 'records',
      value: 3,
      target: 4,
      achievement: 0.75,
    });
    expect(cell('ACC_ENTRIES', 2)).toMatchObject({ value: 1, target: null, achievement: null });
    expect(cell('EXIT_EMPLOYMENT', 1).value).toBe(1);
    expect(cell('EXIT_POSITIVE_RATE', 1)).toMatchObject({
      value: 100,
      numerator: 1,
      denominator: 1,
    });
    expect(cell('ACC_ACTIVE', 1).value).toBe(2);
    expect(cell('REP_CONTACTS', 1).value).toBe(12);
    expect(cell('COST_PER_PERSON', 1)).toMatchObject({ source: 'none', value: null });

    const drill = await backend.call('indicators.drilldown', {
      conventionId,
      code: 'ACC_ENTRIES',
      yearIndex: 1,
    });
    expect(drill.rows.map((r) => r.reference)).toEqual(['A1', 'A2', 'A3']);
    expect(JSON.stringify(drill)).not.toMatch(/NomA/);
  });

  test('a non-computed indicator takes a manual value with a comment; a computed one refuses it', async () => {
    const conventionId = await setup();
    const { definitions } = await backend.call('indicators.list', { conventionId });
    const cost = definitions.find((d) => d.code === 'COST_PER_PERSON')!.id;
    await backend.call('indicators.setManual', {
      conventionId,
      indicatorId: cost,
      yearIndex: 1,
      value: 412_500,
      comment: 'Coût net SIEG 2025 / 80 personnes',
    });
    const realised = await backend.call('indicators.realised', { conventionId, date: TODAY });
    expect(realised.find((r) => r.code === 'COST_PER_PERSON' && r.yearIndex === 1)).toMatchObject({
      source: 'manual',
      value: 412_500,
      comment: 'Coût net SIEG 2025 / 80 personnes',
    });
    const entries = definitions.find((d) => d.code === 'ACC_ENTRIES')!.id;
    await expect(
      backend.call('indicators.setManual', {
        conventionId,
        indicatorId: entries,
        yearIndex: 1,
        value: 3,
        comment: '',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('personal data', () => {
  async function withExits() {
    const conventionId = await setup();
    const ids: number[] = [];
    for (const [n, exit] of [
      ['P1', '2024-10-01'],
      ['P2', '2024-11-30'],
      ['P3', '2025-06-01'],
      ['P4', null],
    ] as const) {
      const created = await backend.call('people.create', {
        conventionId,
        person: person(n),
        identity: { lastName: `Secret${n}`, firstName: 'Y', phone: '', email: '' },
        pathway: {
          accompanimentStart: '2024-09-01',
          exitDate: exit,
          exitType: exit ? 'training' : null,
        },
      });
      ids.push(created.id);
    }
    return { conventionId, ids };
  }

  test('the purge is announced, then erases identity past the retention and keeps the pathway', async () => {
    const { conventionId } = await withExits();
    const before = await backend.call('indicators.realised', { conventionId, date: TODAY });
    const preview = await backend.call('privacy.purgePreview', { conventionId, today: TODAY });
    expect(preview).toEqual({ cutoff: '2024-11-23', count: 1, fileNumbers: ['P1'] });
    await backend.call('privacy.updateSettings', {
      conventionId,
      retentionMonths: 12,
      smallCellThreshold: 5,
    });
    const wider = await backend.call('privacy.purgePreview', { conventionId, today: TODAY });
    expect(wider.fileNumbers).toEqual(['P1', 'P2', 'P3']);
    expect(await backend.call('privacy.purge', { conventionId, today: TODAY })).toEqual({
      purged: 3,
    });
    expect(rowCount(backend.dataDir, 'person_identities')).toBe(1);
    expect(rowCount(backend.dataDir, 'persons')).toBe(4);
    // The indicators do not move: the anonymous pathways remain.
    expect(await backend.call('indicators.realised', { conventionId, date: TODAY })).toEqual(
      before,
    );
    const registerRows = await backend.call('privacy.register', { conventionId });
    expect(registerRows).toEqual([
      expect.objectContaining({ kind: 'purge', details: expect.stringMatching(/^3 identité/) }),
    ]);
    expect(await backend.call('privacy.purge', { conventionId, today: TODAY })).toEqual({
      purged: 0,
    });
  });

  test('access export holds everything on the person; erasure removes identity for good; both registered', async () => {
    const { conventionId, ids } = await withExits();
    const exported = await backend.call('privacy.exportPerson', { personId: ids[3]! });
    expect(exported.fileName).toBe('donnees-P4.json');
    const content = JSON.parse(exported.content);
    expect(content.dossier.identity.lastName).toBe('SecretP4');
    expect(content.historique.length).toBeGreaterThan(0);
    await backend.call('privacy.erasePerson', {
      personId: ids[3]!,
      reason: 'Demande écrite du 20/11/2026',
    });
    const detail = await backend.call('people.get', { id: ids[3]!, today: TODAY });
    expect(detail.identity).toBeNull();
    expect(detail.anonymisedAt).not.toBeNull();
    await expect(
      backend.call('people.update', {
        id: ids[3]!,
        version: await personVersion(backend, ids[3]!),
        person: person('P4'),
        identity: { lastName: 'SecretP4', firstName: '', phone: '', email: '' },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const registerRows = await backend.call('privacy.register', { conventionId });
    expect(registerRows.map((r) => [r.kind, r.fileNumber])).toEqual([
      ['erasure', 'P4'],
      ['access', 'P4'],
    ]);
    // Nothing left anywhere in the file but the register and the pseudonymous pathway.
    const everything = JSON.stringify(
      await backend.call('audit.list', { conventionId, limit: 500 }),
    );
    expect(everything).not.toContain('SecretP4');
  });
});
