/**
 * One clock for everything that decides on "today": the backend's (ctx.now / ctx.today),
 * which tests and the e2e bridge pin (PILOTE_CPO_TODAY). The birth-year bound used to be
 * read from the system clock when the contract module loaded; it now follows this clock.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { clockFromEnvironment, fixedDayClock } from '../../electron/backend/clock';
import type { AppError } from '../../shared/errors';
import {
  emptyBase,
  guessMapping,
  parsePeopleTable,
  resolveRow,
} from '../../shared/import/peopleRows';
import { validConvention } from '../fixtures/conventionInput';
import { rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend | undefined;
afterEach(() => {
  backend?.dispose();
  backend = undefined;
});

const person = (birthYear: number | null) => ({
  fileNumber: `BR-${birthYear ?? 'x'}`,
  sex: 'F' as const,
  birthYear,
  commune: 'Brest',
  inseeCode: '29019',
  qpv: false,
  qpvName: '',
  zrr: false,
  eligibilityGround: 'not_registered' as const,
  lastReferentContact: null,
  situationFlags: [],
});

describe('fixed-day clock', () => {
  test('starts on the given day and moves with real time', () => {
    let real = 1_000;
    const clock = fixedDayClock('2026-11-30', () => real);
    expect(clock().toISOString()).toBe('2026-11-30T12:00:00.000Z');
    real += 90_000;
    expect(clock().toISOString()).toBe('2026-11-30T12:01:30.000Z');
  });

  test('refuses a malformed or impossible day in French', () => {
    for (const day of ['30/11/2026', '2026-02-30', '2026-13-01', 'demain']) {
      expect(() => fixedDayClock(day), day).toThrow(/PILOTE_CPO_TODAY : date invalide/);
    }
  });

  test('is read from PILOTE_CPO_TODAY, and absent means the system clock', () => {
    expect(clockFromEnvironment({ PILOTE_CPO_TODAY: '2027-01-02' })?.().toISOString()).toBe(
      '2027-01-02T12:00:00.000Z',
    );
    expect(clockFromEnvironment({})).toBeUndefined();
  });
});

describe('the backend decides on its own clock', () => {
  test('app.info gives the page the backend day', async () => {
    backend = await testBackend({ now: fixedDayClock('2027-01-02') });
    expect((await backend.call('app.info', {})).today).toBe('2027-01-02');
  });

  test('a birth year after the current year is refused, nothing written; the bound moves with the clock', async () => {
    backend = await testBackend({ now: fixedDayClock('2026-12-31') });
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    const error = (await backend
      .call('people.create', { conventionId, person: person(2027) })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual([
      { path: 'person.birthYear', message: 'Année de naissance invalide.' },
    ]);
    expect(rowCount(backend.dataDir, 'persons')).toBe(0);
    // The current year itself is accepted.
    await backend.call('people.create', { conventionId, person: person(2026) });
    backend.dispose();

    // The next day, on the backend's clock, 2027 is the current year.
    backend = await testBackend({ now: fixedDayClock('2027-01-01') });
    const { id: next } = await backend.call('conventions.create', validConvention());
    await backend.call('people.create', { conventionId: next, person: person(2027) });
    expect(rowCount(backend.dataDir, 'persons')).toBe(1);
  });

  test('the people import refuses a future birth year against the day it is given', () => {
    const headers = ['N° dossier', 'Année de naissance'];
    const mapping = guessMapping(headers);
    const parsed = parsePeopleTable(
      { headers, rows: [{ line: 2, cells: ['A-1', '2027'] }] },
      mapping,
    );
    const patch = parsed.rows[0]!;
    const resolve = (today: string) =>
      resolveRow(patch, emptyBase(patch.fileNumber), mapping, { today });
    expect(resolve('2026-11-30').issues).toEqual([
      {
        line: 2,
        column: 'Année de naissance',
        value: '2027',
        reason: 'Année de naissance invalide.',
      },
    ]);
    expect(resolve('2027-01-01').issues).toEqual([]);
  });
});
