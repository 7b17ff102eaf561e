/**
 * The three documents generated from a real database — the demo convention, loaded through
 * the same services as a user's data — opened as Word packages and read back: the figures
 * against the fixtures and the compensation computed by the app, a canary identity that
 * must never appear, the small-cell mask, the draft mark, and the archive.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatEuros } from '../../shared/format';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { openDocx, paragraphs, rowOf } from '../unit/reports/docxXml';
import { convertToPdf, missingPdfTools, pageCount, pdfText } from '../unit/reports/pdf';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

const CANARY = 'Zzcanaryxq';
const expected2025 = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8'))[
  '123456789FEC20251231.txt'
] as { charges_cents: number; net_debit_by_class2_cents: Record<string, number> };

let backend: TestBackend;
let conventionId: number;

beforeAll(async () => {
  backend = await testBackend({ demo: true });
  const list = await backend.call('conventions.list', {});
  conventionId = list.find((c) => c.reference === 'DEMO-O2R-BRE-2025-035')!.id;
  await backend.call('people.create', {
    conventionId,
    person: {
      fileNumber: 'CANARY-1',
      sex: 'F',
      birthYear: 1990,
      commune: 'Rennes',
      inseeCode: '35238',
      qpv: false,
      qpvName: '',
      zrr: false,
      eligibilityGround: 'not_registered',
      lastReferentContact: null,
      situationFlags: [],
    },
    identity: { lastName: CANARY, firstName: CANARY, phone: '0612345678', email: 'zz@canary.test' },
    pathway: { identifiedOn: '2025-03-10', identificationChannel: 'street' },
  });
});
afterAll(() => backend?.dispose());

async function generated(kind: 'activity' | 'financial' | 'final', yearIndex: number | null) {
  const entry = await backend.call('reports.generate', {
    conventionId,
    kind,
    yearIndex,
    allowDraft: true,
  });
  const file = await backend.call('reports.file', { id: entry.id });
  const buffer = Buffer.from(file.contentBase64, 'base64');
  return { entry, buffer, docx: await openDocx(buffer) };
}

describe('documents generated from the database', () => {
  test('compte rendu financier 2025: the CERFA rows are the FEC fixture, the SIEG annex the control', async () => {
    const { entry, buffer, docx } = await generated('financial', 1);
    expect(entry.sha256).toBe(createHash('sha256').update(buffer).digest('hex'));
    const staff = rowOf(docx.document, '64 — Charges de personnel');
    expect(staff).toBeDefined();
    // The action's actual is the SIEG's (every 2025 cost is general, 75 % by the time key);
    // the organisation's whole account is printed beside it.
    expect(staff).toContain(
      formatEuros(Math.round(expected2025.net_debit_by_class2_cents['64']! * 0.75)),
    );
    expect(staff).toContain(formatEuros(expected2025.net_debit_by_class2_cents['64']!));
    const o2r = rowOf(docx.document, '74 — État : contribution O2R (DREETS)');
    expect(o2r).toContain(formatEuros(18_000_000));
    const department = rowOf(docx.document, '74 — Département(s)');
    expect(department).toContain(formatEuros(4_000_000));

    const compensation = await backend.call('compensation.get', { conventionId });
    const text = paragraphs(docx.document).join('\n');
    const control = compensation.periods[0]!;
    for (const figure of [control.c, control.k, control.oc, control.threshold])
      expect(docx.document).toContain(formatEuros(figure));
    expect(text).toMatch(/compens/i);
    expect(docx.all).not.toContain(CANARY);
  });

  test('rapport d’activité 2025: realised figures, masked small cells, no identity', async () => {
    const { docx } = await generated('activity', 1);
    const realised = await backend.call('indicators.realised', {
      conventionId,
      date: '2026-11-23',
    });
    const entries = realised.find((cell) => cell.code === 'ACC_ENTRIES' && cell.yearIndex === 1);
    // The people fixture behind the demo: 79 entries in 2025 (expected.json), target 80.
    expect(entries).toMatchObject({ value: 79, target: 80 });
    expect(rowOf(docx.document, 'Entrées en accompagnement')).toEqual([
      'Entrées en accompagnement',
      '79',
      '80',
      '99\u00a0%',
    ]);
    // Small counts of people never print as such.
    expect(docx.document).toMatch(/&lt; 5|< 5/);
    expect(docx.all).not.toContain(CANARY);
    expect(docx.all).not.toContain('zz@canary.test');
    // The demo's 2025 narratives are written: the report is complete, with them in it.
    expect(docx.headers.join('')).not.toMatch(/PROJET/);
    expect(paragraphs(docx.document).join('\n')).toMatch(/permanence hebdomadaire/);
  });

  test('rapport d’activité 2026: empty narratives make a marked draft', async () => {
    const { docx, entry } = await generated('activity', 2);
    expect(entry.draft).toBe(true);
    expect(entry.fileName).toMatch(/_PROJET\.docx$/);
    expect(entry.missing.join(' ')).toMatch(/Faits marquants/);
    expect(docx.headers.join('')).toMatch(/PROJET/);
  });

  test('bilan final: the three years side by side; tables exported as CSV', async () => {
    const { entry, docx } = await generated('final', null);
    for (const year of ['2025', '2026', '2027']) expect(docx.document).toContain(year);
    expect(docx.all).not.toContain(CANARY);
    const csv = await backend.call('reports.tables', { id: entry.id, format: 'csv' });
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).not.toContain(CANARY);
    const xlsx = await backend.call('reports.tables', { id: entry.id, format: 'xlsx' });
    expect(Buffer.from(xlsx.contentBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  test('narratives fill the document; an incomplete one is refused unless a draft is asked for', async () => {
    await backend.call('narratives.set', {
      conventionId,
      yearIndex: 2,
      section: 'highlights',
      text: 'Ouverture d’une permanence à Redon en septembre.',
    });
    const check = await backend.call('reports.check', {
      conventionId,
      kind: 'activity',
      yearIndex: 2,
    });
    expect(check.missing.join(' ')).not.toMatch(/Faits marquants/);
    expect(check.missing.join(' ')).toMatch(/Difficultés rencontrées/);
    const digest = databaseDigest(backend.dataDir);
    await expect(
      backend.call('reports.generate', { conventionId, kind: 'activity', yearIndex: 2 }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: expect.arrayContaining([
        { path: 'allowDraft', message: 'Partie rédigée vide : « Difficultés rencontrées ».' },
      ]),
    });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    const { docx } = await generated('activity', 2);
    expect(paragraphs(docx.document).join('\n')).toContain(
      'Ouverture d’une permanence à Redon en septembre.',
    );
    const archive = await backend.call('reports.list', { conventionId });
    // One per document generated above; the refused one left nothing.
    expect(archive).toHaveLength(5);
    expect(archive[0]).toMatchObject({
      kind: 'activity',
      yearIndex: 2,
      generatedBy: 'Camille Testeur',
    });
  });
});

describe.skipIf(missingPdfTools.length > 0)('the demo’s documents opened by LibreOffice', () => {
  test('each converts to a PDF of a sane length that shows its key figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-rapports-demo-'));
    try {
      const documents = {
        activite: { kind: 'activity', yearIndex: 1 },
        financier: { kind: 'financial', yearIndex: 1 },
        bilan: { kind: 'final', yearIndex: null },
      } as const;
      for (const [name, target] of Object.entries(documents)) {
        const { buffer } = await generated(target.kind, target.yearIndex);
        writeFileSync(join(dir, `${name}.docx`), buffer);
      }
      convertToPdf(dir, Object.keys(documents));
      const compensation = await backend.call('compensation.get', { conventionId });
      const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
      const expected: Record<string, string[]> = {
        activite: ['Rapport d’activité annuel', 'DEMO-O2R-BRE-2025-035', 'Page 2 sur'],
        financier: [
          plain(formatEuros(Math.round(expected2025.net_debit_by_class2_cents['64']! * 0.75))),
          plain(formatEuros(18_000_000)),
          plain(formatEuros(compensation.periods[0]!.oc)),
          'Attestation du représentant légal',
        ],
        bilan: ['Bilan final de la convention', plain(formatEuros(compensation.periods[0]!.k))],
      };
      for (const [name, figures] of Object.entries(expected)) {
        const pdf = join(dir, `${name}.pdf`);
        expect(pageCount(pdf), name).toBeGreaterThanOrEqual(3);
        expect(pageCount(pdf), name).toBeLessThanOrEqual(40);
        const text = pdfText(pdf);
        for (const figure of figures) expect(text, `${name}: ${figure}`).toContain(figure);
        expect(text).not.toContain(CANARY);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
