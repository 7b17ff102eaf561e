/**
 * The demo's compte rendu financier 2025, generated through the real backend, read back
 * from the Word file and from the CSV export — never from the service that built it — and
 * checked cell by cell, in its row and its column, against figures worked out here from the
 * team's FEC fixture (expected.json and the FEC file itself) and the demo's own data file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import demoFinances from '../../resources/demo/horizons-emploi-35-finances.json';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { openDocx, paragraphs, tableRows } from '../unit/reports/docxXml';
import { testBackend, type TestBackend } from './helpers/testBackend';

const FEC = '123456789FEC20251231.txt';
const expected = JSON.parse(readFileSync(sharedFixture('fec', 'expected.json'), 'utf8'))[FEC] as {
  charges_cents: number;
  produits_cents: number;
  net_debit_by_class2_cents: Record<string, number>;
};

/** Credit − debit of the 741 lines per auxiliary account, read from the FEC file itself. */
function subsidiesByFunder(): Map<string, number> {
  const [header, ...lines] = readFileSync(sharedFixture('fec', FEC), 'utf8').trim().split(/\r?\n/);
  const columns = header!.split('\t');
  const at = (name: string) => columns.indexOf(name);
  const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);
  const byFunder = new Map<string, number>();
  for (const line of lines) {
    const cells = line.split('\t');
    if (!cells[at('CompteNum')]!.startsWith('741')) continue;
    const funder = cells[at('CompAuxNum')]!;
    const amount = cents(cells[at('Credit')]!) - cents(cells[at('Debit')]!);
    byFunder.set(funder, (byFunder.get(funder) ?? 0) + amount);
  }
  return byFunder;
}

/** "−1 234,56 €" → −123456: read from the printed text, whatever spaces it uses. */
function cents(text: string): number {
  const clean = text.replace(/[^\d,+\-−]/g, '').replace('−', '-');
  const match = /^([+-]?)(\d+),(\d{2})$/.exec(clean);
  if (!match) throw new Error(`Not an amount: « ${text} »`);
  const value = Number(match[2]) * 100 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}

/** "98,5 %" → 0.985. */
function ratio(text: string): number {
  return (
    Number(
      text
        .replace(/[^\d,\-−]/g, '')
        .replace(',', '.')
        .replace('−', '-'),
    ) / 100
  );
}

type Table = string[][];

/** Cells with their no-break spaces made plain: labels are compared as words. */
const plainCells = (table: Table): Table =>
  table.map((row) => row.map((text) => text.replace(/[\u00a0\u202f]/g, ' ')));

/** Every table of the Word document, each as its rows of cell texts. */
function docxTables(xml: string): Table[] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((match) =>
    plainCells(tableRows(match[0])),
  );
}

/** The CSV export's tables: a title line, a header line, the rows, separated by blank lines. */
function csvTables(text: string): Map<string, Table> {
  const parseLine = (line: string) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const char = line[i]!;
      if (quoted) {
        if (char === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (char === '"') quoted = false;
        else cell += char;
      } else if (char === '"') quoted = true;
      else if (char === ';') {
        cells.push(cell);
        cell = '';
      } else cell += char;
    }
    cells.push(cell);
    return cells;
  };
  const tables = new Map<string, Table>();
  for (const block of text.replace(/^\uFEFF/, '').split(/\r?\n\r?\n/)) {
    const [title, ...rows] = block.split(/\r?\n/).filter((line) => line.length > 0);
    if (title) tables.set(title, plainCells(rows.map(parseLine)));
  }
  return tables;
}

/** The table which has a row `label` (and whose header starts with `firstHeader`). */
function tableWith(tables: readonly Table[], label: string, firstHeader?: string): Table {
  const found = tables.find(
    (table) =>
      (firstHeader === undefined || table[0]?.[0] === firstHeader) &&
      table.some((row) => row[0] === label),
  );
  if (!found) throw new Error(`No table with a row « ${label} »`);
  return found;
}

function cell(table: Table, rowLabel: string, column: string): string {
  const header = table[0]!;
  const index = header.indexOf(column);
  const row = table.find((cells) => cells[0] === rowLabel);
  if (index < 0) throw new Error(`No column « ${column} » in ${header.join(' | ')}`);
  if (!row) throw new Error(`No row « ${rowLabel} »`);
  return row[index]!;
}

const ORGANISATION = 'Comptes de l’organisme (FEC)';

let backend: TestBackend;
let docxXml: string;
let docxText: string;
let csv: Map<string, Table>;

beforeAll(async () => {
  backend = await testBackend({ demo: true });
  const [demo] = await backend.call('conventions.list', {});
  const entry = await backend.call('reports.generate', {
    conventionId: demo!.id,
    kind: 'financial',
    yearIndex: 1,
    allowDraft: true,
  });
  const file = await backend.call('reports.file', { id: entry.id });
  const docx = await openDocx(Buffer.from(file.contentBase64, 'base64'));
  docxXml = docx.document;
  docxText = paragraphs(docx.document).join('\n');
  const tables = await backend.call('reports.tables', { id: entry.id, format: 'csv' });
  csv = csvTables(Buffer.from(tables.contentBase64, 'base64').toString('utf8'));
});
afterAll(() => backend?.dispose());

/** The same checks on both outputs: the Word tables and the CSV export. */
function outputs(): [string, () => Table[]][] {
  return [
    ['Word', () => docxTables(docxXml)],
    ['CSV', () => [...csv.values()]],
  ];
}

describe('compte rendu financier 2025 of the demo', () => {
  for (const [name, tables] of outputs()) {
    test(`${name}: the organisation's column totals are the FEC's classes 6, 7, 86, 87`, () => {
      const charges = tableWith(tables(), 'Total des charges');
      const products = tableWith(tables(), 'Total des produits');
      const byClass = expected.net_debit_by_class2_cents;
      // 364 480,07 € and 320 210,00 €: every amount of the FEC lands in some row.
      expect(cents(cell(charges, 'Total des charges', ORGANISATION))).toBe(expected.charges_cents);
      expect(cents(cell(products, 'Total des produits', ORGANISATION))).toBe(
        expected.produits_cents,
      );
      expect(
        cents(cell(charges, '86 — Emplois des contributions volontaires en nature', ORGANISATION)),
      ).toBe(byClass['86']);
      expect(cents(cell(products, '87 — Contributions volontaires en nature', ORGANISATION))).toBe(
        -byClass['87']!,
      );
      // The city's subsidy to the other activity stays in the organisation's column.
      expect(cents(cell(products, '74 — Commune(s)', ORGANISATION))).toBe(
        subsidiesByFunder().get('VILLE'),
      );
      // The action's column is the SIEG's share: 75 % of the staff costs by the time key.
      expect(cents(cell(charges, '64 — Charges de personnel', 'Réalisation'))).toBe(
        Math.round(byClass['64']! * 0.75),
      );
    });

    test(`${name}: every part adds up to its total, in each column, and each % is réalisation / prévision`, () => {
      for (const label of ['Total des charges', 'Total des produits']) {
        const table = tableWith(tables(), label);
        const header = table[0]!;
        const totalAt = table.findIndex((row) => row[0] === label);
        // The rows of the form above the total: not the « dont » details, not the 74 subtotal.
        const parts = table
          .slice(1, totalAt)
          .filter((row) => !row[0]!.startsWith('dont ') && !row[0]!.includes('Total'));
        const subsidies = parts.filter((row) => row[0]!.startsWith('74 — '));
        for (const column of ['Prévision', 'Réalisation', ORGANISATION]) {
          const at = header.indexOf(column);
          const total = (rows: Table) => rows.reduce((sum, row) => sum + cents(row[at]!), 0);
          expect(total(parts), `${label} / ${column}`).toBe(cents(table[totalAt]![at]!));
          const inKind = table[totalAt + (label === 'Total des charges' ? 2 : 1)]!;
          expect(cents(cell(table, 'TOTAL', column))).toBe(
            cents(table[totalAt]![at]!) + cents(inKind[at]!),
          );
          if (subsidies.length > 0)
            expect(total(subsidies)).toBe(
              cents(cell(table, '74 — Total des subventions d’exploitation', column)),
            );
        }
        const forecastAt = header.indexOf('Prévision');
        const actualAt = header.indexOf('Réalisation');
        const percentAt = header.indexOf('%');
        const figureRows = table
          .slice(1)
          .filter((r) => r.length === header.length && !r[0]!.startsWith('dont '));
        for (const row of figureRows) {
          const forecast = cents(row[forecastAt]!);
          if (forecast === 0) {
            expect(row[percentAt]).toBe('—');
            continue;
          }
          const printed = ratio(row[percentAt]!);
          expect(Math.abs(printed - cents(row[actualAt]!) / forecast), row[0]).toBeLessThan(0.0006);
        }
      }
    });

    test(`${name}: C is the sum of its printed parts, and those parts are the FEC's and the demo's`, () => {
      const parts = tableWith(tables(), 'Compensation publique C (annexe SIEG)');
      const totalAt = parts.findIndex((row) => row[0] === 'Compensation publique C (annexe SIEG)');
      const printedParts = parts.slice(1, totalAt).map((row) => cents(row[1]!));
      const c = cents(parts[totalAt]![1]!);
      expect(printedParts.reduce((sum, part) => sum + part, 0)).toBe(c);
      // Worked out here: the SIEG's funders in the FEC (DREETS, CD35, FSE: the city's subsidy
      // goes to the other activity) and the valued free premises of the demo.
      const funders = subsidiesByFunder();
      const premises = demoFinances.supports.find((support) => support.yearIndex === 1)!;
      expect(c).toBe(
        funders.get('DREETS')! + funders.get('CD35')! + funders.get('FSE')! + premises.amountCents,
      );
      expect(printedParts).toContain(premises.amountCents);
      // The SIEG annex prints the same C for the year.
      const annex = tableWith(tables(), 'Compensation publique (C)');
      expect(cents(cell(annex, 'Compensation publique (C)', 'Année 1 (2025)'))).toBe(c);
    });

    test(`${name}: the action's result is taken to the SIEG balance line by line, K to its parts`, () => {
      const steps = tableWith(tables(), 'Résultat de l’action (produits − charges)', 'Élément');
      const totalAt = steps.findIndex((row) => row[0]!.startsWith('Solde SIEG de l’année'));
      const sum = steps.slice(1, totalAt).reduce((total, row) => total + cents(row[1]!), 0);
      expect(sum).toBe(cents(steps[totalAt]![1]!));
      const charges = tableWith(tables(), 'Total des charges');
      const products = tableWith(tables(), 'Total des produits');
      expect(cents(cell(steps, 'Résultat de l’action (produits − charges)', 'Montant'))).toBe(
        cents(cell(products, 'Total des produits', 'Réalisation')) -
          cents(cell(charges, 'Total des charges', 'Réalisation')),
      );
      const annex = tableWith(tables(), 'Compensation publique (C)');
      expect(cents(steps[totalAt]![1]!)).toBe(
        cents(cell(annex, 'Solde de l’année C + R − K − BR', 'Année 1 (2025)')),
      );
      const k = tableWith(tables(), 'Coût du service K (annexe SIEG)');
      const kAt = k.findIndex((row) => row[0] === 'Coût du service K (annexe SIEG)');
      expect(k.slice(1, kAt).reduce((total, row) => total + cents(row[1]!), 0)).toBe(
        cents(k[kAt]![1]!),
      );
      expect(cents(k[kAt]![1]!)).toBe(cents(cell(annex, 'Coût du service (K)', 'Année 1 (2025)')));
      // Every 2025 cost is shared by the keys: the CERFA's indirect charges are all of K but
      // the free premises, counted in K as in C (the same value on both sides).
      const indirect = charges.find((row) => row[0]!.startsWith('dont charges indirectes'))!;
      const inKind = cents(k.find((row) => row[0]!.startsWith('Soutiens en nature'))![1]!);
      // The same value as C's parts given in kind (premises, staff made available).
      const cParts = tableWith(tables(), 'Compensation publique C (annexe SIEG)');
      const inKindInC = cParts
        .filter((row) => /^Mise à disposition de (locaux|personnel)/.test(row[0]!))
        .reduce((total, row) => total + cents(row[1]!), 0);
      expect(inKind).toBeGreaterThan(0);
      expect(inKind).toBe(inKindInC);
      expect(cents(indirect[charges[0]!.indexOf('Réalisation')]!)).toBe(
        cents(k[kAt]![1]!) - inKind,
      );
      expect(k.find((row) => row[0] === 'Charges directes du SIEG')![1]).toMatch(/^0,00/);
    });

    test(`${name}: the key figures are the table's, the payments add up to the State contribution`, () => {
      const charges = tableWith(tables(), 'Total des charges');
      const products = tableWith(tables(), 'Total des produits');
      const keyFigures = tableWith(tables(), 'Total des charges de l’action (réalisation)');
      const value = (label: string) => cents(keyFigures.find((row) => row[0] === label)![1]!);
      expect(value('Total des charges de l’action (réalisation)')).toBe(
        cents(cell(charges, 'Total des charges', 'Réalisation')),
      );
      expect(value('Résultat de l’action (produits − charges)')).toBe(
        cents(cell(products, 'Total des produits', 'Réalisation')) -
          cents(cell(charges, 'Total des charges', 'Réalisation')),
      );
      const payments = tableWith(tables(), 'Avance', 'Versement');
      const totalAt = payments.findIndex((row) => row[0] === 'Total');
      const received = payments.slice(1, totalAt).reduce((sum, row) => sum + cents(row[4]!), 0);
      expect(cents(payments[totalAt]![4]!)).toBe(received);
      // The demo's 2025 schedule: both halves received, the State line of the FEC.
      expect(received).toBe(subsidiesByFunder().get('DREETS'));
    });

    test(`${name}: every reconciliation check holds`, () => {
      const checks = tableWith(
        tables(),
        'Classe 7 du FEC = total des produits de l’organisme',
      ).slice(1);
      expect(checks.length).toBeGreaterThanOrEqual(9);
      for (const row of checks) expect(row.at(-1), row[0]).toBe('vérifié');
    });
  }

  test('the SIEG annex: perimeter, how common revenue is shared, special rights, dedicated funds', () => {
    const text = docxText.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain(
      'Droits spéciaux ou exclusifs accordés avec le SIEG : aucun droit spécial ou exclusif.',
    );
    // The demo's 2025 common revenue (dues 75, financial income 76) goes by the share of the
    // common costs its two keys give the SIEG: 3/4 of 338 680,06 € (every row but 61) and
    // 70 % of 25 800,01 € (61, floor area), over 364 480,07 € = 74,6 %.
    const share = (33_868_006 * 0.75 + 2_580_001 * 0.7) / expected.charges_cents;
    expect(share.toFixed(3)).toBe('0.746');
    expect(text).toMatch(
      /Année 1 \(2025\) — 75 — Autres produits de gestion courante \(cotisations, dons\), 76 — Produits financiers : part des frais communs imputée au SIEG par les clés \(74,6 %\)\./,
    );
    // No 689/789 in the demo's accounts: the dedicated funds net to zero over the CPO.
    const funds = docxTables(docxXml).find((table) => table[0]?.includes('Utilisations (789)'))!;
    expect(funds[0]).toEqual([
      'Année',
      'Reports en fonds dédiés (689)',
      'Utilisations (789)',
      'Net (689 − 789)',
    ]);
    expect(cents(cell(funds, 'Total de la convention', 'Net (689 − 789)'))).toBe(0);
  });

  test('the text: explanations under the threshold, the auditor, the provisional control', () => {
    // The operator's explanation of the rent gap (−9,7 %, under 15 %) is printed, not dropped.
    expect(docxText).toContain('la prévision reposait sur 160');
    // 310 000 € of public subsidies in the organisation's 2025 accounts (741, credit) ≥ 153 000 €.
    const publicSubsidies = -expected.net_debit_by_class2_cents['74']!;
    expect(publicSubsidies).toBeGreaterThanOrEqual(15_300_000);
    expect(docxText).toMatch(/Rapport du commissaire aux comptes\s*:\s*requis/);
    expect(docxText).toMatch(/L612-4/);
    // The whole-CPO control mixes 2025 actuals and forecasts: provisional, said so.
    expect(docxText).toMatch(/Conclusion provisoire/);
    expect(docxText).toMatch(/Bilan qualitatif de l’action/);
    // The demo's 2025 forecast balances (272 500 € on each side): no warning is printed. The
    // warning itself is tested on an unbalanced model in tests/unit/reports/financialContent.
    expect(docxText).not.toMatch(/budget prévisionnel n’est pas équilibré/);
  });
});
