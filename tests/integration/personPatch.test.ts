/**
 * After a change to one person, the backend's read cache patches every person's record
 * with that person read again instead of reading 10 000 people (readCache.ts,
 * personRecords.ts). Each call that names the person it changed is tried here on the
 * shared fixtures' people: the kept records, the people list, the indicators and the
 * dashboard's warnings must equal what a fresh read gives — the writable connection reads
 * without any cache — and the other persons' records must be the very objects kept before
 * (the patch path was taken). A change that names nobody, or moves a person in the list,
 * has everyone read again.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CallOutput } from '../../shared/contract';
import { computeConventionIndicators } from '../../electron/backend/services/indicators';
import {
  readPersonRecords,
  type PersonRecordRow,
} from '../../electron/backend/services/personRecords';
import { createFixtureConvention } from './helpers/fixtureConvention';
import { FIXED_NOW, testBackend, type TestBackend } from './helpers/testBackend';
import { validConvention } from '../fixtures/conventionInput';
import { personInput } from '../fixtures/personInput';

const TODAY = FIXED_NOW.toISOString().slice(0, 10);
let backend: TestBackend;
let conventionId: number;

beforeEach(async () => {
  backend = await testBackend();
  ({ conventionId } = await createFixtureConvention(backend));
});
afterEach(() => backend?.dispose());

const kept = () => readPersonRecords(backend.database.readDb, conventionId);
const fresh = () => readPersonRecords(backend.database.db, conventionId);

/** Every read the patch feeds, kept (read-only connection) and fresh (writable one). */
async function figures() {
  return {
    records: kept(),
    people: await backend.call('people.list', { conventionId, today: TODAY }),
    indicators: await backend.call('indicators.realised', { conventionId, date: TODAY }),
    results: computeConventionIndicators(backend.database.readDb, conventionId).results,
    watchList: await backend.call('dashboard.watchList', { conventionId, today: TODAY }),
  };
}

function expectFresh(now: Awaited<ReturnType<typeof figures>>) {
  expect(now.records).toEqual(fresh());
  expect(now.results).toEqual(
    computeConventionIndicators(backend.database.db, conventionId).results,
  );
}

/** How many records are the very objects of `before`: all but the changed when patched. */
function sameObjects(before: readonly PersonRecordRow[], after: readonly PersonRecordRow[]) {
  const old = new Set(before);
  return after.filter((record) => old.has(record)).length;
}

async function someone(stage: string) {
  const rows = await backend.call('people.list', { conventionId, today: TODAY });
  const row = rows.find((each) => each.stage === stage);
  if (!row) throw new Error(`no person at stage ${stage} in the fixtures`);
  return backend.call('people.get', { id: row.id, today: TODAY });
}

type Detail = CallOutput<'people.get'>;
const changes: [string, (person: Detail) => Promise<unknown>][] = [
  [
    'pathways.update (an exit recorded)',
    (person) =>
      backend.call('pathways.update', {
        personId: person.id,
        version: person.pathwayVersion,
        pathway: { ...person.pathway, exitDate: TODAY, exitType: 'employment_durable' },
      }),
  ],
  [
    'people.update (sex, QPV)',
    (person) =>
      backend.call('people.update', {
        id: person.id,
        version: person.version,
        person: {
          ...person.person,
          sex: person.person.sex === 'F' ? 'M' : 'F',
          qpv: !person.person.qpv,
        },
        identity: person.identity,
      }),
  ],
  [
    'barriers.add',
    (person) =>
      backend.call('barriers.add', {
        personId: person.id,
        category: 'housing',
        identifiedOn: person.pathway.accompanimentStart!,
        liftedOn: TODAY,
      }),
  ],
  [
    'barriers.update (lifted)',
    async (person) => {
      const { id } = await backend.call('barriers.add', {
        personId: person.id,
        category: 'mobility',
        identifiedOn: person.pathway.accompanimentStart!,
      });
      // Read again now, so that the change measured below is the lift alone.
      await figures();
      return backend.call('barriers.update', { id, version: 1, liftedOn: TODAY });
    },
  ],
  [
    'barriers.delete',
    async (person) => {
      const { id } = await backend.call('barriers.add', {
        personId: person.id,
        category: 'health',
        identifiedOn: person.pathway.accompanimentStart!,
      });
      await figures();
      return backend.call('barriers.delete', { id });
    },
  ],
  [
    'actions.add and actions.delete',
    async (person) => {
      const { id } = await backend.call('actions.add', {
        personId: person.id,
        type: 'interview',
        date: TODAY,
        minutes: 30,
        volet: 3,
        staff: 'Camille Testeur',
      });
      return backend.call('actions.delete', { id });
    },
  ],
];

describe('a change to one person patches the kept records', () => {
  test.each(changes)('%s: the figures read fresh, the others kept', async (name, change) => {
    const person = await someone('accompaniment');
    await figures();
    const before = kept();
    const indicatorsBefore = await backend.call('indicators.realised', {
      conventionId,
      date: TODAY,
    });
    await change(person);
    const beforeChange = before.length;
    const now = await figures();
    expectFresh(now);
    expect(now.records).toHaveLength(beforeChange);
    // Patched: every other person is the object kept before the change, theirs read again.
    expect(sameObjects(before, now.records)).toBe(beforeChange - 1);
    expect(before).not.toContain(now.records.find((record) => record.id === person.id));
    expect(now.people.find((row) => row.id === person.id)).toBeDefined();
    // The figures did follow the change where it shows in them.
    if (name.startsWith('pathways.update')) expect(now.indicators).not.toEqual(indicatorsBefore);
  });

  test('a change that names nobody (a person erased) has everyone read again', async () => {
    const person = await someone('exited');
    const before = (await figures()).records;
    await backend.call('privacy.erasePerson', {
      personId: person.id,
      reason: 'Demande de la personne',
    });
    const now = await figures();
    expectFresh(now);
    expect(sameObjects(before, now.records)).toBe(0);
  });

  test('a file number changed moves the person: everyone is read again, in order', async () => {
    const person = await someone('accompaniment');
    const before = (await figures()).records;
    await backend.call('people.update', {
      id: person.id,
      version: person.version,
      person: { ...person.person, fileNumber: `000-${person.person.fileNumber}` },
      identity: person.identity,
    });
    const now = await figures();
    expectFresh(now);
    expect(now.records[0]!.id).toBe(person.id);
    expect(sameObjects(before, now.records)).toBe(0);
  });

  test('a person added is listed at once', async () => {
    const before = (await figures()).records;
    const { id } = await backend.call('people.create', {
      conventionId,
      person: personInput('ZZZ-NOUVEAU', { qpv: true }),
      pathway: { identifiedOn: TODAY },
    });
    const now = await figures();
    expectFresh(now);
    expect(now.records).toHaveLength(before.length + 1);
    expect(now.people.at(-1)!.id).toBe(id);
  });

  test('a change to a person of another convention leaves this one as kept', async () => {
    const other = await backend.call('conventions.create', {
      ...validConvention(),
      reference: 'AUTRE-CPO',
    });
    const { id } = await backend.call('people.create', {
      conventionId: other.id,
      person: personInput('A-1'),
    });
    const before = (await figures()).records;
    await backend.call('barriers.add', { personId: id, category: 'health', identifiedOn: TODAY });
    const now = await figures();
    expectFresh(now);
    // Nobody of this convention changed: the very list kept before.
    expect(now.records).toBe(before);
  });
});
