/**
 * « Personnes » asks for windows of the list: read together they are the whole list, the
 * search and filters keep exactly the people the test's own filter keeps, and the counts
 * are over everyone. The lists and indicators are kept between calls (services/readCache):
 * any commit — a call, or a write on another connection — shows at the next read.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { generatePeople } from '../../bench/peopleData';
import { normaliseText } from '../../shared/domain/peopleLists';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { pathwayVersion } from './helpers/versions';

let backend: TestBackend;
afterEach(() => backend?.dispose());
const TODAY = '2026-11-23';

async function setup(people: number) {
  backend = await testBackend();
  const { id } = await backend.call('conventions.create', validConvention());
  generatePeople(backend.database.sqlite, id, people, people * 3);
  return id;
}

describe('people.page', () => {
  test('windows of the list, read one after the other, are the whole list in file-number order', async () => {
    const conventionId = await setup(730);
    const whole = await backend.call('people.list', { conventionId, today: TODAY });
    const seen = [];
    for (let offset = 0; offset < 800; offset += 100) {
      const page = await backend.call('people.page', {
        conventionId,
        today: TODAY,
        offset,
        limit: 100,
      });
      expect(page).toMatchObject({ total: 730, matching: 730, offset });
      seen.push(...page.rows);
    }
    expect(seen).toEqual(whole);
    expect(seen.map((row) => row.fileNumber)).toEqual(
      whole.map((row) => row.fileNumber).sort((a, b) => (a < b ? -1 : 1)),
    );
  });

  test('search, stage and warnings filter as the list would, the counts stay over everyone', async () => {
    const conventionId = await setup(500);
    const whole = await backend.call('people.list', { conventionId, today: TODAY });
    const ask = (filters: Record<string, unknown>) =>
      backend.call('people.page', { conventionId, today: TODAY, limit: 500, ...filters });

    // Accents and case ignored: « RÉFÉRENT » finds the generated « Référent ».
    const bn01 = await ask({ search: ' bn-0001 ' });
    expect(bn01.rows.map((row) => row.fileNumber)).toEqual(
      whole.filter((row) => row.fileNumber.startsWith('BN-0001')).map((row) => row.fileNumber),
    );
    expect(bn01.matching).toBe(100);
    expect((await ask({ search: 'RÉFÉRENT' })).matching).toBe(500);
    expect((await ask({ search: 'Brest' })).matching).toBe(0);

    const exited = await ask({ stage: 'exited' });
    expect(exited.rows).toEqual(whole.filter((row) => row.stage === 'exited'));
    const warned = await ask({ withWarnings: true, stage: 'accompaniment' });
    expect(warned.rows).toEqual(
      whole.filter((row) => row.stage === 'accompaniment' && row.warnings.length > 0),
    );
    expect(warned.matching).toBeGreaterThan(0);

    for (const page of [bn01, exited, warned]) {
      expect(page.total).toBe(500);
      expect(page.byStage).toEqual({
        identified: whole.filter((row) => row.stage === 'identified').length,
        remobilisation: whole.filter((row) => row.stage === 'remobilisation').length,
        accompaniment: whole.filter((row) => row.stage === 'accompaniment').length,
        exited: whole.filter((row) => row.stage === 'exited').length,
      });
      expect(page.withWarnings).toBe(whole.filter((row) => row.warnings.length > 0).length);
    }
    // What the search looks in, from the test's own reading of the rows.
    const wanted = normaliseText('rennes bn-00042');
    expect((await ask({ search: 'Rennes BN-00042' })).rows.map((row) => row.fileNumber)).toEqual(
      whole
        .filter((row) =>
          normaliseText(`${row.fileNumber} ${row.commune} ${row.referent}`).includes(wanted),
        )
        .map((row) => row.fileNumber),
    );
  });

  test('a change shows at the next read: through a call, or written on another connection', async () => {
    const conventionId = await setup(50);
    const first = await backend.call('people.page', { conventionId, today: TODAY });
    const target = first.rows.find((row) => row.stage !== 'exited')!;
    const realisedBefore = await backend.call('indicators.realised', { conventionId, date: TODAY });

    await backend.call('pathways.update', {
      personId: target.id,
      version: await pathwayVersion(backend, target.id),
      pathway: {
        identifiedOn: '2025-01-02',
        remobilisationStart: '2025-01-03',
        accompanimentStart: '2025-01-04',
        exitDate: '2025-06-30',
        exitType: 'employment_durable',
        referent: 'Référent',
      },
    });
    const afterCall = await backend.call('people.page', { conventionId, today: TODAY });
    expect(afterCall.rows.find((row) => row.id === target.id)).toMatchObject({
      stage: 'exited',
      exitDate: '2025-06-30',
    });
    expect(afterCall.byStage.exited).toBe(first.byStage.exited + 1);
    const exits = (rows: typeof realisedBefore) =>
      rows.find((row) => row.code === 'EXIT_EMPLOYMENT' && row.yearIndex === 1)?.value ?? 0;
    expect(exits(await backend.call('indicators.realised', { conventionId, date: TODAY }))).toBe(
      exits(realisedBefore) + 1,
    );

    // Straight into the file on the writer's connection, as an import's bulk writer does.
    backend.database.sqlite
      .prepare("UPDATE persons SET commune = 'Quimper' WHERE id = ?")
      .run(target.id);
    const afterWrite = await backend.call('people.page', {
      conventionId,
      today: TODAY,
      search: 'quimper',
    });
    expect(afterWrite.rows.map((row) => row.id)).toEqual([target.id]);
  });
});
