/**
 * Two people editing the same record (issue 15, « Working at the same time »): every update
 * call carries the version its form was loaded from. For each one, A and B load the record,
 * A saves, B saves with the old version: refused (CONFLICT, HTTP 409 on the bridge) naming
 * A's account and the time, with the current values, and nothing of B's written — not even
 * an audit row. Saving with the current version works and moves the version on.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Actor } from '../../shared/contract/roles';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import {
  barrierVersion,
  conventionVersion,
  coordinationVersion,
  pathwayVersion,
  personVersion,
} from './helpers/versions';
import { personInput } from '../fixtures/personInput';

const TODAY = '2026-11-23';
/** The injected clock: A saves at 10:04 Paris time (09:04 UTC in November). */
let clock = new Date('2026-11-23T09:04:00.000Z');
let backend: TestBackend;
afterEach(() => backend?.dispose());

const person = (commune: string) => personInput('VR-001', { commune, inseeCode: '' });
const identity = { lastName: 'Le Gall', firstName: 'Nolwenn', phone: '', email: '' };

interface EditedRecord {
  /** The version a form loads the record at. */
  load(): Promise<number>;
  /** The update call's input for that version, with `value` in the edited field. */
  input(version: number, value: string): unknown;
  /** The edited field as the database holds it now. */
  stored(): Promise<string | null>;
  /** The edited field in a conflict's current values. */
  currentValue(current: Record<string, unknown>): unknown;
}

interface Case {
  call: string;
  role: Actor['role'];
  /** Two values A and B type in the edited field. */
  values: [string, string];
  prepare(conventionId: number, personId: number): Promise<EditedRecord>;
}

const cases: Case[] = [
  {
    call: 'conventions.update',
    role: 'direction',
    values: ['Titre de A', 'Titre de B'],
    prepare: async (conventionId) => ({
      load: () => conventionVersion(backend, conventionId),
      input: (version, title) => ({
        id: conventionId,
        version,
        values: validConvention({ title }),
      }),
      stored: async () => (await backend.call('conventions.get', { id: conventionId })).title,
      currentValue: (current) => (current.values as { title: string }).title,
    }),
  },
  {
    call: 'people.update',
    role: 'accompagnement',
    values: ['Quimper', 'Morlaix'],
    prepare: async (_conventionId, personId) => ({
      load: () => personVersion(backend, personId),
      input: (version, commune) => ({ id: personId, version, person: person(commune), identity }),
      stored: async () =>
        (await backend.call('people.get', { id: personId, today: TODAY })).person.commune,
      currentValue: (current) => (current.person as { commune: string }).commune,
    }),
  },
  {
    call: 'pathways.update',
    role: 'accompagnement',
    values: ['Référente A', 'Référent B'],
    prepare: async (_conventionId, personId) => ({
      load: () => pathwayVersion(backend, personId),
      input: (version, referent) => ({
        personId,
        version,
        pathway: { accompanimentStart: '2026-09-01', referent },
      }),
      stored: async () =>
        (await backend.call('people.get', { id: personId, today: TODAY })).pathway.referent,
      currentValue: (current) => (current.pathway as { referent: string }).referent,
    }),
  },
  {
    call: 'barriers.update',
    role: 'accompagnement',
    values: ['2026-10-01', '2026-10-15'],
    prepare: async (_conventionId, personId) => {
      const { id } = await backend.call('barriers.add', {
        personId,
        category: 'mobility',
        identifiedOn: '2026-09-01',
      });
      return {
        load: () => barrierVersion(backend, id),
        input: (version, liftedOn) => ({ id, version, liftedOn }),
        stored: async () =>
          (await backend.call('people.get', { id: personId, today: TODAY })).barriers[0]!.liftedOn,
        currentValue: (current) => current.liftedOn,
      };
    },
  },
  {
    call: 'coordination.update',
    role: 'accompagnement',
    values: ['CTE (A)', 'CTE (B)'],
    prepare: async (conventionId) => {
      const { id } = await backend.call('coordination.add', {
        conventionId,
        date: '2026-04-02',
        kind: 'cte',
        title: 'CTE du pays de Brest',
      });
      return {
        load: () => coordinationVersion(backend, conventionId, id),
        input: (version, title) => ({
          id,
          version,
          conventionId,
          date: '2026-04-02',
          kind: 'cte',
          title,
        }),
        stored: async () =>
          (await backend.call('coordination.list', { conventionId })).find((row) => row.id === id)!
            .title,
        currentValue: (current) => current.title,
      };
    },
  },
  // The `save` upserts (migration 0013): a create needs no version, an edit requires it.
  {
    call: 'payments.save',
    role: 'finance',
    values: ['Relance faite par A', 'Relance faite par B'],
    prepare: async (conventionId) => {
      const payment = (note: string) => ({
        yearIndex: 1,
        kind: 'advance' as const,
        expectedOn: '2025-03-01',
        expectedCents: 1_500_000,
        note,
      });
      const { id } = await backend.call('payments.save', {
        conventionId,
        payment: payment(''),
      });
      const row = async () =>
        (await backend.call('payments.list', { conventionId, today: TODAY })).payments.find(
          (candidate) => candidate.id === id,
        )!;
      return {
        load: async () => (await row()).version,
        input: (version, note) => ({ conventionId, payment: { id, version, ...payment(note) } }),
        stored: async () => (await row()).note,
        currentValue: (current) => current.note,
      };
    },
  },
  {
    call: 'supports.save',
    role: 'finance',
    values: ['Commune de Brest (A)', 'Commune de Brest (B)'],
    prepare: async (conventionId) => {
      const support = (funder: string) => ({
        yearIndex: 1,
        kind: 'premises' as const,
        funder,
        amountCents: 240_000,
      });
      const { id } = await backend.call('supports.save', {
        conventionId,
        support: support('Commune de Brest'),
      });
      const row = async () =>
        (await backend.call('compensation.get', { conventionId })).years
          .flatMap((year) => year.detail.supports)
          .find((candidate) => candidate.id === id)!;
      return {
        load: async () => (await row()).version,
        input: (version, funder) => ({
          conventionId,
          support: { id, version, ...support(funder) },
        }),
        stored: async () => (await row()).funder,
        currentValue: (current) => current.funder,
      };
    },
  },
  {
    call: 'deMinimis.saveAid',
    role: 'finance',
    values: ['Région Bretagne (A)', 'Région Bretagne (B)'],
    prepare: async (conventionId) => {
      const aid = (grantor: string) => ({
        grantor,
        grantedOn: '2025-06-01',
        amountCents: 1_000_000,
        regulation: 'general' as const,
      });
      const { id } = await backend.call('deMinimis.saveAid', {
        conventionId,
        aid: aid('Région Bretagne'),
      });
      const row = async () =>
        (await backend.call('deMinimis.get', { conventionId, today: TODAY })).aids.find(
          (candidate) => candidate.id === id,
        )!;
      return {
        load: async () => (await row()).version!,
        input: (version, grantor) => ({ conventionId, aid: { id, version, ...aid(grantor) } }),
        stored: async () => (await row()).grantor,
        currentValue: (current) => current.grantor,
      };
    },
  },
  {
    call: 'partners.save',
    role: 'accompagnement',
    values: ['Quimper', 'Morlaix'],
    prepare: async (conventionId) => {
      // The commune is edited, not the name: the audit log names a partner by its name.
      const partner = (commune: string) => ({
        name: 'Mission locale du pays de Brest',
        type: 'mission_locale' as const,
        commune,
      });
      const { id } = await backend.call('partners.save', {
        conventionId,
        partner: partner('Brest'),
      });
      const row = async () =>
        (await backend.call('partners.list', { conventionId })).find(
          (candidate) => candidate.id === id,
        )!;
      return {
        load: async () => (await row()).version,
        input: (version, commune) => ({
          conventionId,
          partner: { id, version, ...partner(commune) },
        }),
        stored: async () => (await row()).commune,
        currentValue: (current) => current.commune,
      };
    },
  },
];

async function setup() {
  clock = new Date('2026-11-23T09:04:00.000Z');
  backend = await testBackend({ now: () => clock });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const { id: personId } = await backend.call('people.create', {
    conventionId,
    person: person('Brest'),
    identity,
    pathway: { accompanimentStart: '2026-09-01' },
  });
  return { conventionId, personId };
}

const auditTotal = async (conventionId: number) =>
  (await backend.call('audit.list', { conventionId, limit: 1 })).total;

describe.each(cases)('$call', ({ call, role, values: [valueA, valueB], prepare }) => {
  const alice: Actor = { account: 'a.kerleau', role };
  const bruno: Actor = { account: 'b.tanguy', role };

  test('saving over a newer version is refused, naming who and when; nothing of B written', async () => {
    const { conventionId, personId } = await setup();
    const record = await prepare(conventionId, personId);
    // Both load the form at the same version.
    const loadedByA = await record.load();
    const loadedByB = await record.load();
    expect(loadedByB).toBe(loadedByA);

    await backend.callRaw(call, record.input(loadedByA, valueA), alice);
    expect(await record.load()).toBe(loadedByA + 1);

    clock = new Date('2026-11-23T09:20:00.000Z');
    const digest = databaseDigest(backend.dataDir);
    const audited = await auditTotal(conventionId);
    const refusal = (await backend
      .callRaw(call, record.input(loadedByB, valueB), bruno)
      .catch((error: unknown) => error)) as AppError;
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toBe(
      "Cette fiche a été modifiée par a.kerleau à 10:04 : vos changements n'ont pas été " +
        'enregistrés. Voici les valeurs actuelles.',
    );
    // The current values are A's, at the version B must now load from.
    expect(record.currentValue(refusal.current!)).toBe(valueA);
    expect(refusal.current!.version).toBe(loadedByA + 1);
    expect(await record.stored()).toBe(valueA);
    expect(await auditTotal(conventionId)).toBe(audited);
    expect(databaseDigest(backend.dataDir)).toBe(digest);

    // Reloaded at the current version, B's save goes through and moves the version on.
    const { version } = (await backend.callRaw(
      call,
      record.input(await record.load(), valueB),
      bruno,
    )) as { version: number };
    expect(version).toBe(loadedByA + 2);
    expect(await record.load()).toBe(loadedByA + 2);
    expect(await record.stored()).toBe(valueB);
  });

  test('a change made another day gives its date too', async () => {
    const { conventionId, personId } = await setup();
    const record = await prepare(conventionId, personId);
    const loaded = await record.load();
    clock = new Date('2026-11-20T16:45:00.000Z');
    await backend.callRaw(call, record.input(loaded, valueA), alice);
    clock = new Date('2026-11-23T08:00:00.000Z');
    await expect(backend.callRaw(call, record.input(loaded, valueB), bruno)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(
        /^Cette fiche a été modifiée par a\.kerleau à 17:45 \(le 20\/11\/2026\) :/,
      ),
    });
  });
});

test('local mode, two windows: the second save names the local user and leaves the first', async () => {
  const { personId } = await setup();
  const loaded = await personVersion(backend, personId);
  const save = (commune: string) =>
    backend.call('people.update', {
      id: personId,
      version: loaded,
      person: person(commune),
      identity,
    });
  expect(await save('Quimper')).toEqual({ ok: true, version: loaded + 1 });
  await expect(save('Morlaix')).rejects.toMatchObject({
    code: 'CONFLICT',
    message: expect.stringContaining('modifiée par Camille Testeur à 10:04'),
    current: { person: { commune: 'Quimper' }, identity, version: loaded + 1 },
  });
});

test('a partner renamed by a colleague: the refusal still names who renamed it', async () => {
  const { conventionId } = await setup();
  const alice: Actor = { account: 'a.kerleau', role: 'accompagnement' };
  const bruno: Actor = { account: 'b.tanguy', role: 'accompagnement' };
  const partner = { name: 'Mission locale du pays de Brest', type: 'mission_locale' as const };
  const { id, version } = await backend.call('partners.save', {
    conventionId,
    partner: { ...partner, commune: 'Brest' },
  });
  // A renames it (the log keeps the change under the former name); B saves from the old form.
  await backend.callRaw(
    'partners.save',
    {
      conventionId,
      partner: { id, version, ...partner, name: 'Mission locale Brest', commune: 'Brest' },
    },
    alice,
  );
  clock = new Date('2026-11-23T09:20:00.000Z');
  await expect(
    backend.callRaw(
      'partners.save',
      { conventionId, partner: { id, version, ...partner, commune: 'Morlaix' } },
      bruno,
    ),
  ).rejects.toMatchObject({
    code: 'CONFLICT',
    message: expect.stringMatching(/^Cette fiche a été modifiée par a\.kerleau à 10:04 :/),
    current: { name: 'Mission locale Brest', commune: 'Brest', version: version + 1 },
  });
});

test('a save that changes nothing keeps the version (an unchanged form is not a newer one)', async () => {
  const { personId } = await setup();
  const loaded = await personVersion(backend, personId);
  const result = await backend.call('people.update', {
    id: personId,
    version: loaded,
    person: person('Brest'),
    identity,
  });
  expect(result).toEqual({ ok: true, version: loaded });
});

test('an update without its version is refused by the contract, in French', async () => {
  const { personId } = await setup();
  await expect(
    backend.call('people.update', { id: personId, person: person('Quimper'), identity }),
  ).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ path: 'version' }] });
});

test('the save upserts: a create needs no version, an edit without it is refused in French', async () => {
  const { conventionId } = await setup();
  const payment = {
    yearIndex: 1,
    kind: 'advance' as const,
    expectedOn: '2025-03-01',
    expectedCents: 1_500_000,
  };
  const created = await backend.call('payments.save', { conventionId, payment });
  expect(created.version).toBe(1);
  const digest = databaseDigest(backend.dataDir);
  await expect(
    backend.call('payments.save', { conventionId, payment: { id: created.id, ...payment } }),
  ).rejects.toMatchObject({
    code: 'VALIDATION',
    fields: [{ path: 'payment.version', message: 'Version de la fiche manquante.' }],
  });
  expect(databaseDigest(backend.dataDir)).toBe(digest);
});
