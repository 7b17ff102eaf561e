/**
 * Report generation at 10 000 people, 100 000 actions, 3 years, with the demo's 2025 FEC:
 * each document generated through the backend (figures gathered, checked, built, written
 * and archived). Baseline: writing the same document's content to Word alone, in the same
 * run, so the ratio shows what gathering the figures costs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { renderDocx, type ReportContent } from '../electron/backend/reports';
import { reportArchive } from '../electron/backend/db/schema';
import { validConvention } from '../tests/fixtures/conventionInput';
import { generatePeople } from './peopleData';
import { medianMs, report } from './report';

const PEOPLE = 10_000;
const ACTIONS = 100_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-reports-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('reports at 10 000 people / 100 000 actions / 3 years', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call(
    'conventions.create',
    validConvention({
      stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 18_000_000 })),
    }),
  );
  generatePeople(backend.database.sqlite, conventionId, PEOPLE, ACTIONS);
  const fec = join(dataDir, '123456789FEC20251231.txt');
  writeFileSync(fec, readFileSync(resolve('resources/demo/horizons-emploi-35-FEC20251231.txt')));
  await backend.call('fec.import', {
    conventionId,
    fileName: '123456789FEC20251231.txt',
    source: { kind: 'path', path: fec },
  });

  for (const [name, kind, yearIndex, target] of [
    ['report-activity-10k', 'activity', 1, 2000],
    ['report-financial-10k', 'financial', 1, 2000],
    ['report-final-10k', 'final', null, 4000],
  ] as const) {
    const generate = () =>
      backend.call('reports.generate', { conventionId, kind, yearIndex, allowDraft: true });
    // The first chart loads vega: once per process, not per document.
    const first = await generate();
    const value = await medianMs(3, generate);
    const row = backend.database.readDb
      .select({ figures: reportArchive.figures, size: reportArchive.sizeBytes })
      .from(reportArchive)
      .where(eq(reportArchive.id, first.id))
      .get()!;
    const content = JSON.parse(row.figures) as ReportContent;
    const wordOnly = await medianMs(3, () => renderDocx(content));
    report({
      case: name,
      value,
      unit: 'ms',
      target,
      better: 'max',
      baseline: { label: 'writing the same content to Word alone', value: wordOnly },
      extra: { people: PEOPLE, actions: ACTIONS, years: 3, bytes: row.size },
    });
  }
}, 300_000);
