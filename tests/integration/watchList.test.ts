/**
 * « À regarder » gathers the warnings other screens raise, each from the same call those
 * screens use; a warning shows while its condition holds and is gone once it is fixed on
 * its screen. Real SQLite, real migrations, the demo and a convention built here. The
 * conditions are set and fixed through the calls the screens use, and the expected
 * warnings follow from what the test did (counts of people it created, rows it left).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import type { WatchItem } from '../../shared/contract/dashboard';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { FIXTURE_SIRET, importFecFixtures } from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { pathwayVersion, personVersion } from './helpers/versions';
import { personInput, type PersonInput } from '../fixtures/personInput';

/** The e2e day: the demo's 2026 balance (due 30/09/2026) is late, the 2025 reports too. */
const TODAY = '2026-11-30';

let backend: TestBackend;
afterEach(() => backend?.dispose());

async function watch(conventionId: number) {
  return backend.call('dashboard.watchList', { conventionId, today: TODAY });
}
const keys = (items: WatchItem[]) => items.map((item) => item.key);

describe('« À regarder » on the demo', () => {
  test('lists what the screens flag, each linked to its place, and drops each one once fixed', async () => {
    backend = await testBackend({ demo: true });
    const [demo] = await backend.call('conventions.list', {});
    const conventionId = demo!.id;
    const first = await watch(conventionId);
    expect(keys(first)).toEqual(
      expect.arrayContaining([
        'report-1',
        'payments-late-0',
        'people-over_12_months',
        'people-over_9_months',
        'people-eligibility_not_shown',
        'people-followup_missing',
        'backup',
      ]),
    );
    // Red before orange.
    const levels = first.map((item) => item.level);
    expect(levels).toEqual([...levels].sort((a, b) => (a === b ? 0 : a === 'red' ? -1 : 1)));
    const byKey = new Map(first.map((item) => [item.key, item]));
    expect(byKey.get('report-1')!.link.section).toBe('rapports');
    expect(byKey.get('payments-late-0')!.link.section).toBe('compensation');
    expect(byKey.get('backup')!.link.page).toBe('sauvegardes');

    // The demo explains its SIEG gaps of 2025. A forecast changed far from the actual makes
    // one more gap to explain: the count is the budget screen's (SIEG scope, its default).
    expect(keys(first)).not.toContain('gaps-1');
    const before = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 1,
      scope: 'sieg',
    });
    const quiet = before.rows.find(
      (r) => r.side === 'charges' && !r.significant && !r.explanation && r.actualCents > 1_000_000,
    )!;
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [{ row: quiet.row as never, amountCents: quiet.actualCents * 3 }],
    });
    const gaps = await backend.call('budget.vsActual', {
      conventionId,
      yearIndex: 1,
      scope: 'sieg',
    });
    expect(gaps.unexplained).toBe(1);
    const gapWarning = (await watch(conventionId)).find((item) => item.key === 'gaps-1');
    expect(gapWarning).toMatchObject({
      text: 'Année 1 (2025) : 1 écart significatif non expliqué entre prévu et réalisé.',
      link: { section: 'budget', budgetPart: 'prevu-realise', yearIndex: 1, page: null },
    });
    await backend.call('budget.explainGap', {
      conventionId,
      yearIndex: 1,
      row: quiet.row as never,
      text: 'Recrutement décalé au second semestre.',
    });

    // A subsidy whose funder rule is removed goes back to « to assign »: the mapping warning.
    const mapping = await backend.call('mapping.get', { conventionId, yearIndex: 1 });
    expect(keys(await watch(conventionId))).not.toContain('mapping-1');
    await backend.call('mapping.set', {
      conventionId,
      chartVersion: mapping.chartVersion,
      prefix: '741000',
      auxiliary: 'VILLE',
      row: null,
    });
    const unmapped = (await watch(conventionId)).find((item) => item.key === 'mapping-1');
    expect(unmapped).toMatchObject({
      category: 'mapping',
      link: { section: 'budget', budgetPart: 'correspondance', yearIndex: 1 },
    });
    expect(unmapped!.text).toContain('741000');

    // The late balance, received; a backup copy made.
    const payments = await backend.call('payments.list', { conventionId, today: TODAY });
    const late = payments.payments.find((p) => p.status === 'late')!;
    await backend.call('payments.save', {
      conventionId,
      payment: {
        id: late.id,
        version: late.version,
        yearIndex: late.yearIndex,
        kind: late.kind,
        expectedOn: late.expectedOn,
        expectedCents: late.expectedCents,
        receivedOn: TODAY,
        receivedCents: late.expectedCents,
        note: late.note,
      },
    });
    await backend.call('backups.create', {});

    const after = keys(await watch(conventionId));
    expect(after).not.toContain('gaps-1');
    expect(after).not.toContain('payments-late-0');
    expect(after).not.toContain('backup');
    expect(after).toContain('mapping-1');
    // Untouched warnings stay.
    expect(after).toContain('report-1');
    expect(after).toContain('people-over_12_months');

    await backend.call('mapping.set', {
      conventionId,
      chartVersion: mapping.chartVersion,
      prefix: '741000',
      auxiliary: 'VILLE',
      row: '74_commune',
    });
    expect(keys(await watch(conventionId))).not.toContain('mapping-1');
  });

  test('the timeline puts the 2025 reports and the late balance first, the AMI as an estimate', async () => {
    backend = await testBackend({ demo: true });
    const [demo] = await backend.call('conventions.list', {});
    const items = await backend.call('dashboard.deadlines', {
      conventionId: demo!.id,
      today: TODAY,
    });
    expect(items.slice(0, 2).map((item) => [item.state, item.due, item.label])).toEqual([
      ['overdue', '2026-06-30', "Compte rendu financier et bilan d'activité 2025"],
      ['overdue', '2026-09-30', expect.stringMatching(/^Solde 2026 — 90\s000,00\s€$/)],
    ]);
    expect(items.find((item) => item.kind === 'ami')).toMatchObject({
      due: '2027-12-31',
      estimate: true,
      state: 'upcoming',
    });
    // The demo's 2026 and 2027 have no FEC: the final control says it is provisional.
    expect(items.find((item) => item.kind === 'siegControl')!.note).toContain('provisoire');
  });
});

describe('« À regarder » on a convention built here', () => {
  const person = (fileNumber: string, extra: Partial<PersonInput> = {}) =>
    personInput(fileNumber, { eligibilityGround: null, ...extra });

  test('targets, pathways, eligibility, follow-ups, purge and reports come and go with their data', async () => {
    backend = await testBackend();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());

    // Nothing recorded yet: targets missing for the years not closed, 2025 reports overdue.
    const empty = keys(await watch(conventionId));
    expect(empty).toEqual(expect.arrayContaining(['targets-2', 'targets-3', 'report-1', 'backup']));
    // Year 1 (2025) is closed on 30/11/2026: its targets are history, not a task.
    expect(empty).not.toContain('targets-1');
    expect(empty.filter((key) => key.startsWith('people-') || key === 'purge')).toEqual([]);

    // Targets for every active indicator of year 2: its warning goes, year 3's stays.
    const { definitions } = await backend.call('indicators.list', { conventionId });
    await backend.call('targets.set', {
      conventionId,
      targets: definitions
        .filter((d) => d.active)
        .map((d) => ({ indicatorId: d.id, yearIndex: 2, value: 10 })),
    });
    expect(keys(await watch(conventionId))).not.toContain('targets-2');
    expect(keys(await watch(conventionId))).toContain('targets-3');

    // Two people: one in accompaniment since 1 June 2025 with no eligibility ground (past 12
    // months on 30/11/2026), one who left on 15 January 2026 with no follow-up (past 6 months).
    const { id: long } = await backend.call('people.create', {
      conventionId,
      person: person('BR-001'),
      identity: { lastName: 'Kerjean', firstName: 'Anaïs', phone: '', email: '' },
      pathway: { identifiedOn: '2025-05-01', accompanimentStart: '2025-06-01' },
    });
    const { id: left } = await backend.call('people.create', {
      conventionId,
      person: person('BR-002', { eligibilityGround: 'not_registered' }),
      identity: { lastName: 'Le Goff', firstName: 'Yann', phone: '', email: '' },
      pathway: {
        identifiedOn: '2025-03-01',
        accompanimentStart: '2025-04-01',
        exitDate: '2026-01-15',
        exitType: 'employment_durable',
      },
    });
    const withPeople = await watch(conventionId);
    expect(withPeople.find((item) => item.key === 'people-over_12_months')?.text).toBe(
      '1 accompagnement de plus de 12 mois.',
    );
    expect(withPeople.find((item) => item.key === 'people-eligibility_not_shown')?.text).toBe(
      '1 personne dont l’éligibilité n’est pas démontrée.',
    );
    expect(withPeople.find((item) => item.key === 'people-followup_missing')?.text).toBe(
      '1 suivi à 6 mois à faire.',
    );
    expect(withPeople.find((item) => item.key === 'people-followup_missing')?.link.section).toBe(
      'personnes',
    );

    // Fixed on the person's page: eligibility given, exit recorded, follow-up done.
    const longDetail = await backend.call('people.get', { id: long, today: TODAY });
    await backend.call('people.update', {
      id: long,
      version: await personVersion(backend, long),
      person: { ...longDetail.person, eligibilityGround: 'not_registered' },
      identity: longDetail.identity ?? { lastName: '', firstName: '', phone: '', email: '' },
    });
    await backend.call('pathways.update', {
      personId: long,
      version: await pathwayVersion(backend, long),
      pathway: { ...longDetail.pathway, exitDate: '2026-06-01', exitType: 'training' },
    });
    const leftDetail = await backend.call('people.get', { id: left, today: TODAY });
    await backend.call('pathways.update', {
      personId: left,
      version: await pathwayVersion(backend, left),
      pathway: {
        ...leftDetail.pathway,
        followUpDate: '2026-07-20',
        followUpSituation: 'employment',
      },
    });
    const fixedPeople = keys(await watch(conventionId));
    expect(fixedPeople.filter((key) => key.startsWith('people-'))).toEqual([]);

    // Retention of 1 month: both exits (June 2026 and January 2026) are past it; the purge
    // anonymises people whose identity is still held.
    await backend.call('privacy.updateSettings', {
      conventionId,
      retentionMonths: 1,
      smallCellThreshold: 5,
    });
    const purge = (await watch(conventionId)).find((item) => item.key === 'purge');
    expect(purge?.text).toMatch(/^2 dossiers ont dépassé la durée de conservation/);
    expect(purge?.link.section).toBe('donnees-personnelles');
    await backend.call('privacy.purge', { conventionId, today: TODAY });
    expect(keys(await watch(conventionId))).not.toContain('purge');

    // A draft of the 2025 documents is not a final one: the reports stay overdue.
    await backend.call('reports.generate', {
      conventionId,
      kind: 'financial',
      yearIndex: 1,
      allowDraft: true,
    });
    const afterDraft = await watch(conventionId);
    expect(afterDraft.find((item) => item.key === 'report-1')?.text).toContain(
      'aucun document définitif généré',
    );
  });
});

describe('« À regarder » and a FEC imported before its year closed', () => {
  test('flagged once the year is closed, gone when the closed year’s file replaces it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-watch-'));
    // Imported on 23/11/2026 (testBackend's clock), before the close of 31/12/2026.
    backend = await testBackend({ dataDir });
    const { id: conventionId } = await backend.call(
      'conventions.create',
      validConvention({
        operator: { ...validConvention().operator, siret: FIXTURE_SIRET },
      }),
    );
    await importFecFixtures(backend, conventionId, ['123456789FEC20261231.txt']);
    // The year still running: a provisional FEC is all there can be, nothing to flag.
    expect(keys(await watch(conventionId))).not.toContain('fec-provisional-2');
    const closed = await backend.call('dashboard.watchList', {
      conventionId,
      today: '2027-01-10',
    });
    expect(closed.find((item) => item.key === 'fec-provisional-2')).toMatchObject({
      category: 'fec',
      link: { section: 'realisations', yearIndex: 2 },
    });
    backend.close();

    // February 2027: the accountant's file of the closed year (other bytes: not a duplicate).
    const later = createBackend({
      dataDir,
      mode: 'test',
      demo: false,
      now: () => new Date('2027-02-01T09:00:00.000Z'),
    });
    await later.call('session.setUser', { name: 'Camille Testeur' });
    const file = join(dataDir, '123456789FEC20261231.txt');
    writeFileSync(
      file,
      `${readFileSync(sharedFixture('fec', '123456789FEC20261231.txt'), 'utf8')}\n`,
    );
    await later.call('fec.import', {
      conventionId,
      fileName: '123456789FEC20261231.txt',
      source: { kind: 'path', path: file },
      replace: true,
    });
    const after = await later.call('dashboard.watchList', { conventionId, today: '2027-02-01' });
    expect(keys(after)).not.toContain('fec-provisional-2');
    later.close();
    rmSync(dataDir, { recursive: true, force: true });
    backend = undefined as unknown as TestBackend;
  });
});
