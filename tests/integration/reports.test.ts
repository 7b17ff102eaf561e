/**
 * The three documents generated from a real database — the demo convention, loaded through
 * the same services as a user's data — opened as Word packages and read back: each figure in
 * its row and column against values worked out from the fixtures, a canary identity that
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
import { cellAt, readDocx, rowLabelled, tableTitled } from '../helpers/docxTables';
import { euros } from '../helpers/frenchNumbers';
import demoConvention from '../../resources/demo/horizons-emploi-35.json';
import demoFinances from '../../resources/demo/horizons-emploi-35-finances.json';
import { convertToPdf, missingPdfTools, pageCount, pdfText } from '../unit/reports/pdf';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { personInput } from '../fixtures/personInput';

const CANARY = 'Zzcanaryxq';
const expected2025 = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8'))[
  '123456789FEC20251231.txt'
] as { charges_cents: number; net_debit_by_class2_cents: Record<string, number> };

/**
 * The demo's SIEG control worked out from the fixtures (its FEC is the 2025 fixture, its
 * keys, supports and forecast are resources/demo/*.json), not from compensation.get.
 */
function demoSieg() {
  const groups = expected2025.net_debit_by_class2_cents;
  const charges = ['60', '61', '62', '63', '64', '65', '66', '67', '68'];
  // 2025: every cost is general; each charge group goes to the SIEG by its key's share.
  const keys = demoFinances.keys['1'];
  const k1 = charges.reduce((sum, group) => {
    const key = keys.find((k) => k.rows.includes(group));
    if (!key) return sum;
    return sum + Math.round(((groups[group] ?? 0) * key.siegQuantity) / key.totalQuantity);
  }, 0);
  const supports = demoFinances.supports.reduce((sum, s) => sum + s.amountCents, 0);
  const state = demoConvention.convention.stateContributions[0]!.amountCents;
  // The Département's and FSE+'s subsidies of the fixture (741000 CD35, FSE: 40 000 €, 30 000 €).
  const c1 = state + 4_000_000 + 3_000_000 + supports;
  // K counts the valued supports of C at the same value (finance.md §1).
  const k1WithSupports = k1 + supports;
  // 2026 and 2027 have no FEC: the forecast stands in (C = the public 74 rows, R = 75, K = 60–68).
  const forecast = (year: '2' | '3') => {
    const lines = demoFinances.budget[year] as Record<string, number>;
    return {
      c: lines['74_state_o2r']! + lines['74_department']! + lines['74_eu']!,
      r: lines['75'] ?? 0,
      k: charges.reduce((sum, row) => sum + (lines[row] ?? 0), 0),
    };
  };
  // R: the common revenue (dues 75, financial income 76; the demo rules its sales 70 onto the
  // other activity) goes to the SIEG by the keys' share of the common costs, weighted by them.
  const covered = charges.filter(
    (g) => (groups[g] ?? 0) > 0 && keys.some((k) => k.rows.includes(g)),
  );
  const share =
    covered.reduce((sum, g) => {
      const key = keys.find((k) => k.rows.includes(g))!;
      return sum + (groups[g]! * key.siegQuantity) / key.totalQuantity;
    }, 0) / covered.reduce((sum, g) => sum + groups[g]!, 0);
  const r1 = ['75', '76'].reduce((sum, g) => sum + Math.round(-groups[g]! * share), 0);
  const years = [{ c: c1, r: r1, k: k1WithSupports }, forecast('2'), forecast('3')];
  const c = years.reduce((sum, y) => sum + y.c, 0);
  const r = years.reduce((sum, y) => sum + y.r, 0);
  const k = years.reduce((sum, y) => sum + y.k, 0);
  return {
    c1,
    k1: k1WithSupports,
    // The keys' share of the common costs in rows 60–68 (no flat rate in the demo).
    indirect1: k1,
    c,
    r,
    k,
    oc: c + r - k,
    threshold: Math.round(c / 3 / 10),
  };
}

let backend: TestBackend;
let conventionId: number;

beforeAll(async () => {
  backend = await testBackend({ demo: true });
  const list = await backend.call('conventions.list', {});
  conventionId = list.find((c) => c.reference === 'DEMO-O2R-BRE-2025-035')!.id;
  await backend.call('people.create', {
    conventionId,
    person: personInput('CANARY-1', { commune: 'Rennes', inseeCode: '35238' }),
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
    // Each figure in its row and column, read by the independent reader.
    const doc = await readDocx(buffer);
    const charges = tableTitled(doc, /^charges$/i);
    const produits = tableTitled(doc, /^produits$/i);
    // The action's actual is the SIEG's (every 2025 cost is general, 75 % by the time key);
    // the organisation's whole account is printed beside it.
    const staff = expected2025.net_debit_by_class2_cents['64']!;
    expect(euros(cellAt(charges, /^64\b/, /^réalisation$/i))).toBe(Math.round(staff * 0.75));
    expect(euros(cellAt(charges, /^64\b/, /organisme/i))).toBe(staff);
    expect(euros(cellAt(produits, /^74\b.*contribution O2R/i, /^réalisation$/i))).toBe(18_000_000);
    expect(euros(cellAt(produits, /^74\b.*département/i, /^réalisation$/i))).toBe(4_000_000);
    expect(euros(cellAt(charges, /^dont charges indirectes/i, /^réalisation$/i))).toBe(
      demoSieg().indirect1,
    );

    // The SIEG annex: the year's C and K, and the control over the whole CPO.
    const sieg = demoSieg();
    const years = tableTitled(doc, /compensation et coûts par année/i);
    expect(euros(cellAt(years, /\(C\)/, /^année 1\b/i))).toBe(sieg.c1);
    expect(euros(cellAt(years, /\(K\)/, /^année 1\b/i))).toBe(sieg.k1);
    const control = tableTitled(doc, /contrôle par période/i);
    const whole = (row: RegExp) => euros(rowLabelled(control, row)!.cells[1]!);
    expect(whole(/\(C\)/)).toBe(sieg.c);
    expect(whole(/\(R\)/)).toBe(sieg.r);
    expect(whole(/\(K\)/)).toBe(sieg.k);
    expect(whole(/surcompensation/i)).toBe(sieg.oc);
    expect(whole(/seuil/i)).toBe(sieg.threshold);
    const text = paragraphs(docx.document).join('\n');
    expect(text).toMatch(/compens/i);
    // The organisation's public subsidies (310 000 €) are above the L612-4 threshold.
    expect(text).toMatch(/dépassant le seuil de 153\s000\s€/);
    expect(text).toContain('(article 7 de la convention)');
    // A negative balance is a sous-compensation, said in words.
    expect(sieg.oc).toBeLessThan(0);
    expect(text).toMatch(/pas de surcompensation\s*;\s*sous-compensation de/);
    expect(text).toMatch(/agissant en qualité de représentant\(e\) légal\(e\) de l’organisme/);
    expect(text).not.toContain('refuse de les supprimer');
    expect(docx.all).not.toContain(CANARY);
  });

  test('rapport d’activité 2025: realised figures, masked small cells, no identity', async () => {
    const { docx, entry } = await generated('activity', 1);
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
    // The demo's 2025 narratives are written and every indicator has its target: the
    // document is final, not a draft.
    expect(entry.missing).toEqual([]);
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
    const { entry, buffer, docx } = await generated('final', null);
    for (const year of ['2025', '2026', '2027']) expect(docx.document).toContain(year);
    // The finances as in the compte rendu: the same « dont charges indirectes réparties »
    // line, the 74 subtotal, and the forecast of the years with a réalisation beside it.
    const doc = await readDocx(buffer);
    const charges = tableTitled(doc, /^charges par année/i);
    const produits = tableTitled(doc, /^produits par année/i);
    const sieg = demoSieg();
    const year1Actual = /^année 1\b.*réalisation$/i;
    expect(euros(cellAt(charges, /^dont charges indirectes/i, year1Actual))).toBe(sieg.indirect1);
    expect(euros(cellAt(charges, /^dont charges indirectes/i, /^total réalisation$/i))).toBe(
      sieg.indirect1,
    );
    const staff = expected2025.net_debit_by_class2_cents['64']!;
    expect(euros(cellAt(charges, /^64\b/, /^total réalisation$/i))).toBe(Math.round(staff * 0.75));
    // Only 2025 has its FEC: the réalisation compares with 2025's forecast, not the three years'.
    expect(euros(cellAt(charges, /^64\b/, /^prévision des années réalisées$/i))).toBe(
      demoFinances.budget['1']['64'],
    );
    expect(euros(cellAt(charges, /^64\b/, /^total prévision$/i))).toBe(
      demoFinances.budget['1']['64'] +
        demoFinances.budget['2']['64'] +
        demoFinances.budget['3']['64'],
    );
    // 2026 has begun without its FEC; 2027 prints « — » until it begins.
    expect(cellAt(charges, /^64\b/, /^année 2\b.*réalisation$/i)).toBe('FEC non importé');
    const today = new Date().toISOString().slice(0, 10);
    expect(cellAt(charges, /^64\b/, /^année 3\b.*réalisation$/i)).toBe(
      today >= '2027-01-01' ? 'FEC non importé' : '—',
    );
    // The 74 block: its subtotal is the three public funders of the fixture (180 000 + 40 000
    // + 30 000 €), then the total of the produits and the TOTAL with 87.
    expect(euros(cellAt(produits, /^74 — total des subventions/i, year1Actual))).toBe(25_000_000);
    expect(rowLabelled(produits, /^total des produits$/i)).toBeDefined();
    expect(rowLabelled(produits, /^87\b/)).toBeDefined();
    expect(rowLabelled(produits, /^total$/i)).toBeDefined();
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
      const sieg = demoSieg();
      const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
      const expected: Record<string, string[]> = {
        activite: ['Rapport d’activité annuel', 'DEMO-O2R-BRE-2025-035', 'Page 2 sur'],
        financier: [
          plain(formatEuros(Math.round(expected2025.net_debit_by_class2_cents['64']! * 0.75))),
          plain(formatEuros(18_000_000)),
          // A negative amount is printed with the minus sign (U+2212).
          plain(formatEuros(sieg.oc)).replace(/^-/, '\u2212'),
          'Attestation du représentant légal',
        ],
        bilan: ['Bilan final de la convention', plain(formatEuros(sieg.k))],
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
