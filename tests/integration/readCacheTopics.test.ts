/**
 * The backend's read cache (electron/backend/services/readCache.ts) drops a kept value when
 * a topic it reads changes, and only then: a change through a call, a bulk import (FEC in
 * steps, people), a restore and a write from another connection each show the new figure
 * at the next read. The backend runs without output checking so that a kept answer comes
 * back as the very same object (`toBe`), and one read again as a new one.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { computeConventionIndicators } from '../../electron/backend/services/indicators';
import { connectionOf } from '../../electron/backend/services/readCache';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import {
  createFixtureConvention,
  FEC_FILES,
  FIXTURE_SIRET,
  importFecFixtures,
  PEOPLE_FILE,
} from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';

const TODAY = '2026-11-23';
let backend: TestBackend;
afterEach(() => backend?.dispose());

/**
 * What the dashboard and the people screen read, once. `computed` only while the backend's
 * first database is open (the test backend's `database` is the one of its start).
 */
async function reads(conventionId: number, computed = true) {
  return {
    indicators: await backend.call('indicators.realised', { conventionId, date: TODAY }),
    // What indicators.realised is computed from, kept (the answer itself is cut per call).
    computed: computed ? computeConventionIndicators(backend.database.readDb, conventionId) : null,
    compensation: await backend.call('compensation.get', { conventionId }),
    payments: await backend.call('payments.list', { conventionId, today: TODAY }),
    budget: await backend.call('budget.vsActual', { conventionId, yearIndex: 1, scope: 'sieg' }),
    mapping: await backend.call('mapping.get', { conventionId, yearIndex: 1 }),
    dashboard: await backend.call('dashboard.get', { conventionId, today: TODAY }),
    deadlines: await backend.call('dashboard.deadlines', { conventionId, today: TODAY }),
    watchList: await backend.call('dashboard.watchList', { conventionId, today: TODAY }),
    people: await backend.call('people.list', { conventionId, today: TODAY }),
  };
}
type Reads = Awaited<ReturnType<typeof reads>>;

/** Which reads came back as the same object (kept) and which were read again. */
function kept(before: Reads, after: Reads) {
  return Object.fromEntries(
    Object.keys(before)
      // Cut afresh from kept values at each call: the indicators per date, the watch list
      // with its backup warning (copies are files, read each time).
      .filter(
        (key) => key !== 'indicators' && key !== 'watchList' && before[key as keyof Reads] !== null,
      )
      .map((key) => [key, before[key as keyof Reads] === after[key as keyof Reads]]),
  );
}

const firstOc = (reads: Reads) => reads.compensation.periods[0]!.oc;
const supportOf = (conventionId: number) => ({
  conventionId,
  support: {
    yearIndex: 1,
    kind: 'subsidy' as const,
    funder: 'Région Bretagne',
    amountCents: 3_000_000,
    evidence: 'Arrêté de subvention non comptabilisée sur l’exercice',
  },
});

describe('read cache, dropped by topic', () => {
  test('kept while nothing read changed; a name typed (session) keeps everything', async () => {
    backend = await testBackend({ checkOutputs: false });
    const { conventionId } = await createFixtureConvention(backend);
    const first = await reads(conventionId);
    const again = await reads(conventionId);
    expect(Object.values(kept(first, again)).every(Boolean)).toBe(true);
    await backend.call('session.setUser', { name: 'Dominique Autre' });
    const afterName = await reads(conventionId);
    expect(Object.values(kept(first, afterName)).every(Boolean)).toBe(true);
  });

  test('a change through a call drops what reads its topic, and only that', async () => {
    backend = await testBackend({ checkOutputs: false });
    const { conventionId } = await createFixtureConvention(backend);
    const before = await reads(conventionId);

    // Compensation topic: the SIEG control and what gathers it change, the rest is kept.
    await backend.call('supports.save', supportOf(conventionId));
    const afterSupport = await reads(conventionId);
    expect(firstOc(afterSupport)).toBe(firstOc(before) + 3_000_000);
    expect(kept(before, afterSupport)).toEqual({
      computed: true,
      compensation: false,
      payments: false,
      budget: false,
      mapping: true,
      dashboard: true,
      deadlines: false,
      people: true,
    });
    // Read again, the same figures where nothing they show changed.
    expect(afterSupport.budget).toEqual(before.budget);
    expect(afterSupport.payments).toEqual(before.payments);

    // People topic: one more action for a person; the money, which counts no person, is kept,
    // and so are the year cards and the deadlines.
    const person = before.people.find((row) => row.stage === 'accompaniment')!;
    await backend.call('actions.add', {
      personId: person.id,
      type: 'interview',
      date: '2026-03-02',
      minutes: 45,
      volet: 3,
      staff: 'Camille Testeur',
    });
    const afterAction = await reads(conventionId);
    expect(kept(afterSupport, afterAction)).toEqual({
      computed: false,
      compensation: true,
      payments: true,
      budget: true,
      mapping: true,
      dashboard: true,
      deadlines: true,
      people: false,
    });

    // Finance topic: a threshold changes the gaps' figures at once.
    await backend.call('budget.setThreshold', { conventionId, basisPoints: 100, cents: 1 });
    const afterThreshold = await reads(conventionId);
    expect(afterThreshold.budget.threshold).toEqual({ basisPoints: 100, cents: 1 });
    expect(afterThreshold.budget.threshold).not.toEqual(afterAction.budget.threshold);
    expect(afterThreshold.computed).toBe(afterAction.computed);
    expect(afterThreshold.people).toBe(afterAction.people);
  });

  test('bulk imports (a FEC in steps, a people file) show their figures at the next read', async () => {
    backend = await testBackend({ checkOutputs: false });
    const base = validConvention();
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({ operator: { ...base.operator, siret: FIXTURE_SIRET } }),
    );
    const before = await reads(conventionId);
    expect(before.budget.hasActuals).toBe(false);
    expect(before.people).toHaveLength(0);

    await importFecFixtures(backend, conventionId, [FEC_FILES[0]]);
    const afterFec = await reads(conventionId);
    expect(afterFec.budget.hasActuals).toBe(true);
    expect(afterFec.mapping.accounts.length).toBeGreaterThan(before.mapping.accounts.length);

    const people = readFileSync(sharedFixture('people', PEOPLE_FILE));
    const file = { conventionId, fileName: PEOPLE_FILE, contentBase64: people.toString('base64') };
    const preview = await backend.call('people.importPreview', file);
    await backend.call('people.importCommit', { ...file, mapping: preview.mapping });
    const afterPeople = await reads(conventionId);
    expect(afterPeople.people.length).toBeGreaterThan(0);
    expect(afterPeople.indicators).not.toEqual(afterFec.indicators);
  });

  test('a restore, and a write from another connection, drop everything', async () => {
    backend = await testBackend({ checkOutputs: false });
    const { conventionId } = await createFixtureConvention(backend);
    const copy = await backend.call('backups.create', {});
    const before = await reads(conventionId, false);
    await backend.call('supports.save', supportOf(conventionId));
    expect(firstOc(await reads(conventionId, false))).toBe(firstOc(before) + 3_000_000);
    await backend.call('backups.restore', { file: copy.file });
    const restored = await reads(conventionId, false);
    expect(firstOc(restored)).toBe(firstOc(before));
    expect(restored.compensation).toEqual(before.compensation);

    // Another process on the same file: not reported to the cache, seen by SQLite.
    const path = connectionOf(backend.database.readDb).name;
    const other = new Database(path);
    try {
      other.prepare('UPDATE conventions SET gap_threshold_bp = 123 WHERE id = ?').run(conventionId);
    } finally {
      other.close();
    }
    const afterOther = await reads(conventionId, false);
    expect(afterOther.budget.threshold.basisPoints).toBe(123);
    expect(Object.values(kept(restored, afterOther)).some(Boolean)).toBe(false);
  });
});
