/**
 * People and indicators at scale: 10 000 people, 100 000 actions, 3 years. Baseline: the
 * same rows read with a bare better-sqlite3 query in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';
import { generatePeople } from './peopleData';
import { medianMs, report } from './report';

const PEOPLE = 10_000;
const ACTIONS = 100_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false, checkOutputs: true });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('people at 10 000 people / 100 000 actions', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  generatePeople(backend.database.sqlite, conventionId, PEOPLE, ACTIONS);
  const today = '2026-11-23';

  const bare = await medianMs(5, () =>
    backend.database.readSqlite
      .prepare(
        `SELECT p.*, w.* FROM persons p LEFT JOIN pathways w ON w.person_id = p.id
         WHERE p.convention_id = ? ORDER BY p.file_number`,
      )
      .all(conventionId),
  );
  const list = await medianMs(5, () => backend.call('people.list', { conventionId, today }));
  report({
    case: 'people-list-10k',
    value: list,
    unit: 'ms',
    target: 400,
    better: 'max',
    baseline: { label: 'bare better-sqlite3 select of the same rows', value: bare },
    extra: { people: PEOPLE, actions: ACTIONS },
  });

  const realised = await medianMs(5, () =>
    backend.call('indicators.realised', { conventionId, date: today }),
  );
  report({
    case: 'people-indicators-10k',
    value: realised,
    unit: 'ms',
    target: 500,
    better: 'max',
    baseline: { label: 'bare better-sqlite3 select of the same rows', value: bare },
    extra: { people: PEOPLE, years: 3 },
  });

  // The same after a change to one person's record (a barrier noted), as in a day's work:
  // the figures are computed again, the other persons' records and facts kept.
  const firstRow = backend.database.readSqlite
    .prepare('SELECT id FROM persons WHERE convention_id = ? LIMIT 1')
    .get(conventionId) as { id: number };
  const afterChange = await medianMs(
    5,
    () => backend.call('indicators.realised', { conventionId, date: today }),
    () =>
      backend.call('barriers.add', {
        personId: firstRow.id,
        category: 'housing',
        identifiedOn: today,
      }),
  );
  report({
    case: 'people-indicators-10k-after-change',
    value: afterChange,
    unit: 'ms',
    target: 500,
    better: 'max',
    baseline: { label: 'bare better-sqlite3 select of the same rows', value: bare },
    extra: { people: PEOPLE, years: 3, change: 'barriers.add before each run' },
  });

  const drill = await medianMs(5, () =>
    backend.call('indicators.drilldown', { conventionId, code: 'ACC_ACTIVE', yearIndex: 2 }),
  );
  report({
    case: 'people-drilldown-10k',
    value: drill,
    unit: 'ms',
    target: 500,
    better: 'max',
    extra: { people: PEOPLE },
  });

  const firstPerson = backend.database.readSqlite
    .prepare('SELECT id FROM persons LIMIT 1')
    .get() as { id: number };
  const person = await medianMs(20, () =>
    backend.call('people.get', { id: firstPerson.id, today }),
  );
  report({
    case: 'people-person-page-10k',
    value: person,
    unit: 'ms',
    target: 50,
    better: 'max',
    extra: { people: PEOPLE },
  });
});
