/**
 * The SIEG annex blocks (siegBlocks, shared by the compte rendu and the bilan final) for the
 * rules of the end of the entrustment, repayments counted once, de minimis at the grant
 * date and records kept ten years. The model is written here by hand from the worked case
 * (yearly periods, 20 000 € in year 1), not from the service that feeds the report.
 */
import { describe, expect, it } from 'vitest';
import type { Block, TableBlock } from '../../../electron/backend/reports/content';
import { siegBlocks } from '../../../electron/backend/reports/financialContent';
import type { SiegAnnex, SiegPeriodFigures } from '../../../electron/backend/reports/model';

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const euro = (cents: number) =>
  plain(new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100));

function tableOf(blocks: readonly Block[], id: string): TableBlock {
  const found = blocks.find(
    (block): block is TableBlock => block.kind === 'table' && block.id === id,
  );
  if (!found) throw new Error(`No table ${id}`);
  return found;
}
function rowOf(block: TableBlock, label: string): string[] {
  const found = block.rows.find((entry) => entry.cells[0] === label);
  if (!found) throw new Error(`No row « ${label} » in ${block.id}`);
  return found.cells.map(plain);
}
const textOf = (blocks: readonly Block[]) =>
  plain(
    blocks
      .flatMap((block) =>
        block.kind === 'paragraph' ? [block.text] : block.kind === 'bullets' ? block.items : [],
      )
      .join('\n'),
  );
/** "20 000,00 €" → 2_000_000 cents. */
const cents = (text: string) =>
  Math.round(Number(text.replace(/[ €]/g, '').replace(',', '.')) * 100);

// Yearly periods, C = 100 000 € a year; year 1: K = 80 000 € → OC 20 000 € > 10 000 €.
const period = (overrides: Partial<SiegPeriodFigures>): SiegPeriodFigures => ({
  label: 'Période',
  yearLabels: [],
  c: 10_000_000,
  r: 0,
  k: 10_000_000,
  rp: 0,
  oc: 0,
  cAvg: 10_000_000,
  threshold: 1_000_000,
  outcome: 'none',
  carriedIn: 0,
  repaid: 0,
  disposedBefore: 0,
  amountDue: 0,
  carriedOut: 0,
  carriedTo: null,
  ...overrides,
});

const decision: SiegAnnex = {
  regime: 'sieg_decision',
  readings: { netting: true, averageOver: 'period', periodYears: 1 },
  parameters: {
    reasonableProfitBp: 0,
    clause: 'article 6 de la convention',
    source: 'convention signée',
  },
  years: [
    { label: 'Année 1', c: 10_000_000, r: 0, k: 8_000_000, rp: 0, balance: 2_000_000 },
    { label: 'Année 2', c: 10_000_000, r: 0, k: 10_000_000, rp: 0, balance: 0 },
    { label: 'Année 3', c: 10_000_000, r: 0, k: 10_000_000, rp: 0, balance: 0 },
  ],
  periods: [
    period({
      label: 'Année 1',
      k: 8_000_000,
      oc: 2_000_000,
      outcome: 'repay',
      amountDue: 2_000_000,
    }),
    period({ label: 'Année 2' }),
    period({ label: 'Année 3', last: true }),
    period({
      label: 'Toute la CPO (contrôle final)',
      c: 30_000_000,
      k: 28_000_000,
      oc: 2_000_000,
      outcome: 'repay',
      disposedBefore: 2_000_000,
      amountDue: 0,
      last: true,
    }),
  ],
  payments: [
    { label: 'Année 1', granted: 10_000_000, received: 10_000_000, repaid: 0 },
    { label: 'Année 2', granted: 10_000_000, received: 5_000_000, repaid: 0 },
    { label: 'Année 3', granted: 10_000_000, received: 0, repaid: 0 },
  ],
  endOfEntrustment: { endDate: '2027-12-31', followingConvention: '' },
  totalDue: 2_000_000,
  retention: 'Les pièces du contrôle sont conservées jusqu’au 31/12/2037 au moins.',
};

describe('SIEG annex', () => {
  const blocks = siegBlocks(decision);

  it('prints « Montant à reverser » once per euro: 20 000 € in all, not 40 000 €', () => {
    const due = rowOf(tableOf(blocks, 'sieg-periodes'), 'Montant à reverser').slice(1);
    expect(due).toEqual([euro(2_000_000), euro(0), euro(0), euro(0)]);
    expect(due.reduce((sum, cell) => sum + cents(cell), 0)).toBe(2_000_000);
    expect(
      rowOf(
        tableOf(blocks, 'sieg-periodes'),
        'Déjà réglé par les périodes (reversé, dû ou reporté)',
      ).at(-1),
    ).toBe(euro(2_000_000));
    expect(textOf(blocks)).toContain(
      `Montant total restant à reverser sur la convention : ${euro(2_000_000)}`,
    );
  });

  it('prints granted, received and repaid per year, with totals that add up', () => {
    const table = tableOf(blocks, 'sieg-versements');
    expect(rowOf(table, 'Total de la convention')).toEqual([
      'Total de la convention',
      euro(30_000_000),
      euro(15_000_000),
      euro(0),
    ]);
  });

  it('says the end of the entrustment makes a carry due, and cites the clause and retention', () => {
    const text = textOf(blocks);
    expect(text).toContain('Aucune convention suivante ne prévoit de déduire');
    expect(text).toContain('(article 6 de la convention)');
    expect(text).toContain('conservées jusqu’au 31/12/2037');
  });

  it('words a carry at the end as going to the following convention', () => {
    const carried = siegBlocks({
      ...decision,
      periods: [
        period({
          label: 'Toute la CPO',
          oc: 900_000,
          outcome: 'carry_forward',
          carriedOut: 900_000,
          carriedTo: 'next_convention',
          last: true,
        }),
      ],
      endOfEntrustment: { endDate: '2027-12-31', followingConvention: 'CPO-2028' },
    });
    const text = textOf(carried);
    expect(text).toContain('elle est reportée sur la convention suivante, qui la déduira');
    expect(text).toContain('Une convention suivante est enregistrée (CPO-2028)');
  });

  it('de minimis: any period of three years, granted not received, never « exercices »', () => {
    const deMinimis = siegBlocks({
      regime: 'sieg_de_minimis',
      ceiling: 75_000_000,
      grantedRolling3Years: 84_000_000,
      remaining: 0,
      undertaking: ['CPO-A', 'CPO-B'],
      peak: { date: '2025-01-15', total: 84_000_000 },
      crossesOn: '2025-01-15',
    });
    const table = tableOf(deMinimis, 'sieg-de-minimis');
    expect(rowOf(table, 'Aides de minimis accordées sur les trois dernières années')[1]).toBe(
      euro(84_000_000),
    );
    expect(rowOf(table, 'Montant encore disponible')[1]).toBe(euro(0));
    const text = textOf(deMinimis) + table.rows.map((entry) => entry.cells[0]).join('\n');
    expect(text).toContain('toute période de trois ans');
    expect(text).toContain('dépassé à compter du 15/01/2025');
    expect(text).toContain('CPO-A, CPO-B');
    expect(text).not.toMatch(/exercices/);
  });
});
