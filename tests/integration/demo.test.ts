import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import {
  cellAt,
  readDocx,
  rowLabelled,
  tableTitled,
  type DocxDocument,
} from '../helpers/docxTables';
import { count, euros } from '../helpers/frenchNumbers';
import { rowCount } from './helpers/dbSnapshot';
import { createFixtureConvention, FIXTURE_SIREN } from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';

describe('demo convention', () => {
  test('is loaded on first start, marked as a demo, with targets and an avenant', async () => {
    const backend = await testBackend({ demo: true });
    const [demo] = await backend.call('conventions.list', {});
    expect(demo).toMatchObject({
      reference: 'DEMO-O2R-BRE-2025-035',
      operatorName: 'Horizons Emploi 35',
      isDemo: true,
      yearCount: 3,
    });
    const detail = await backend.call('conventions.get', { id: demo!.id });
    expect(detail.stateContributions.map((c) => c.amountCents)).toEqual([
      18_000_000, 18_000_000, 18_000_000,
    ]);
    expect(detail.territories.map((t) => t.inseeCode)).toContain('35238');
    const avenants = await backend.call('avenants.list', { conventionId: demo!.id });
    expect(avenants).toHaveLength(1);
    const inForce = await backend.call('terms.inForce', {
      conventionId: demo!.id,
      date: '2026-06-01',
    });
    expect(inForce.applied).toEqual([1]);
    // Its history is signed by the app, not by the user.
    const audit = await backend.call('audit.list', { conventionId: demo!.id, limit: 5 });
    expect(audit.rows[0]?.user).toBe('Pilote CPO (démonstration)');
    backend.dispose();
  });

  test('is removed in one action with its operator, and does not come back at the next start', async () => {
    const first = await testBackend({ demo: true });
    expect(await first.call('demo.remove', {})).toEqual({ removed: 1 });
    expect(rowCount(first.dataDir, 'conventions')).toBe(0);
    expect(rowCount(first.dataDir, 'operators')).toBe(0);
    expect(rowCount(first.dataDir, 'avenants')).toBe(0);
    first.close();

    const second = createBackend({ dataDir: first.dataDir, mode: 'test', demo: true });
    expect(await second.call('conventions.list', {})).toEqual([]);
    // …until the user asks for it again.
    const { id } = await second.call('demo.restore', {});
    expect((await second.call('conventions.get', { id })).isDemo).toBe(true);
    expect(await second.call('demo.restore', {})).toEqual({ id });
    second.close();
    first.dispose();
  });

  test("removing the demo leaves the user's own conventions alone", async () => {
    const backend = await testBackend({ demo: true });
    await backend.call('conventions.create', validConvention());
    await backend.call('demo.remove', {});
    expect((await backend.call('conventions.list', {})).map((c) => c.reference)).toEqual([
      'CPO-O2R-TEST-001',
    ]);
    backend.dispose();
  });
});

async function document(
  backend: TestBackend,
  conventionId: number,
  kind: 'activity' | 'financial',
  yearIndex: number,
): Promise<{ doc: DocxDocument; missing: string[] }> {
  const entry = await backend.call('reports.generate', {
    conventionId,
    kind,
    yearIndex,
    allowDraft: true,
  });
  const file = await backend.call('reports.file', { id: entry.id });
  return { doc: await readDocx(Buffer.from(file.contentBase64, 'base64')), missing: entry.missing };
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

describe('the demo: consistent with itself, and out of the way of the fixtures', () => {
  test('its operator is not the fixtures’ (SIREN 123456789): a convention from the shared fixtures can be built beside it', async () => {
    const backend = await testBackend({ demo: true });
    const [demo] = await backend.call('conventions.list', {});
    const detail = await backend.call('conventions.get', { id: demo!.id });
    expect(detail.operator.siret.slice(0, 9)).not.toBe(FIXTURE_SIREN);
    // Its FEC carries the same entries as the fixture (expected.json holds for it) under
    // the demo operator's own SIREN, as a FEC is named.
    const [fec] = await backend.call('fec.history', { conventionId: demo!.id });
    expect(fec!.fileName).toBe(`${detail.operator.siret.slice(0, 9)}FEC20251231.txt`);
    const expected = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8'))[
      '123456789FEC20251231.txt'
    ] as { lines: number; entries: number; total_debit_cents: number };
    expect(fec).toMatchObject({
      entries: expected.entries,
      totalDebitCents: expected.total_debit_cents,
    });
    // Creating the fixture convention with the demo loaded meets no conflict (SIRET,
    // overlapping period with the same DREETS, FEC or people already imported).
    const { conventionId } = await createFixtureConvention(backend);
    expect((await backend.call('conventions.list', {})).map((c) => c.id)).toContain(conventionId);
    backend.dispose();
  }, 60_000);

  test('its 2025 narratives are written and agree with the tables', async () => {
    const backend = await testBackend({ demo: true });
    const [demo] = await backend.call('conventions.list', {});
    const activity = await document(backend, demo!.id, 'activity', 1);
    const financial = await document(backend, demo!.id, 'financial', 1);
    // Its 2025 narratives are written (what it still lacks on purpose — three targets, a
    // balanced forecast — is reportCheck.test.ts's subject).
    expect(activity.missing.join(' ')).not.toMatch(/Partie rédigée vide/);
    // What the reader reads: paragraphs and table cells (the gap explanations are cells).
    const text = (doc: DocxDocument) =>
      [
        ...doc.paragraphs.map((p) => p.text),
        ...doc.tables.flatMap((t) => t.rows.flatMap((r) => r.cells)),
      ].join('\n');

    // « 79 entrées pour un objectif de 80 » (gap explanation) = the indicators table.
    const indicators = tableTitled(activity.doc, /^indicateurs/i);
    const entries = count(cellAt(indicators, /^entrées en accompagnement/i, /^réalisé$/i));
    const target = count(cellAt(indicators, /^entrées en accompagnement/i, /^cible$/i));
    const claims = [
      ...(text(financial.doc) + text(activity.doc)).matchAll(
        /(\d+) entrées pour un objectif de (\d+)/g,
      ),
    ];
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims)
      expect([Number(claim[1]), Number(claim[2])]).toEqual([entries, target]);

    // The difficulties quote the biggest shortfalls as the indicators table prints them.
    const plain = (cell: string) => cell.replace(/[\u00a0\u202f]/g, ' ');
    const printed = (label: RegExp) =>
      [cellAt(indicators, label, /^réalisé$/i), cellAt(indicators, label, /^cible$/i)].map(plain);
    const activityText = plain(text(activity.doc));
    const [youth, youthTarget] = printed(/^part des moins de 26 ans/i);
    expect(activityText).toContain(
      `${youth} des personnes accompagnées pour une cible de ${youthTarget}`,
    );
    const [length, lengthTarget] = printed(/^durée moyenne d’accompagnement/i);
    expect(activityText).toContain(`durée moyenne de ${length} pour une cible de ${lengthTarget}`);
    const [partners, partnersTarget] = printed(/^partenaires actifs/i);
    expect(activityText).toContain(
      `${partners} partenaires actifs pour une cible de ${partnersTarget}`,
    );
    // The same duration in the accompaniment table as in the indicators table.
    const accompaniment = tableTitled(activity.doc, /^accompagnement$/i);
    expect(plain(cellAt(accompaniment, /^durée moyenne/i, /^valeur$/i))).toBe(length);

    // A committee named with its date in the highlights was held that day.
    const committees = await backend.call('coordination.list', { conventionId: demo!.id });
    const named = [...text(activity.doc).matchAll(/comité de pilotage du (\d{1,2}) ([a-zéû]+)/g)];
    expect(named.length).toBeGreaterThan(0);
    for (const [, day, month] of named) {
      const date = `2025-${String(MONTHS.indexOf(month!) + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`;
      expect(committees.find((c) => c.date === date)?.kind, date).toBe('copil');
    }

    // The cost per person typed by hand is K − R of the SIEG annex over the year's entries.
    const sieg = tableTitled(financial.doc, /compensation et coûts par année/i);
    const k = euros(cellAt(sieg, /\(K\)/, /^Année 1\b/));
    const r = euros(cellAt(sieg, /\(R\)/, /^Année 1\b/));
    const cost = euros(cellAt(indicators, /coût net sieg par personne/i, /^réalisé$/i));
    expect(cost).toBe(Math.round((k - r) / entries));

    // The attestation is signed and placed; the operator's address is printed.
    expect(text(financial.doc)).toMatch(/Fait à Rennes, le /);
    expect(text(financial.doc)).toContain('Claire Le Bihan, Présidente');
    const address = rowLabelled(tableTitled(financial.doc, /^identification$/i), /^adresse$/i);
    expect(address?.cells[1]).toBe('12 rue de la Parcheminerie, 35000 Rennes');
    backend.dispose();
  }, 60_000);
});
