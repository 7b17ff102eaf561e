/**
 * The compte rendu financier's content (what the Word file and the CSV export lay out),
 * built from the sample model: the CERFA layout (« dont » lines, 86/87 detail), the
 * reconciliation block, explanations under the threshold, the provisional SIEG control,
 * payments and attachments. Expected values are worked out here from the model.
 */
import { describe, expect, it } from 'vitest';
import { buildFinancialContent } from '../../../electron/backend/reports';
import { tablesOf, type Block, type TableBlock } from '../../../electron/backend/reports/content';
import type { FinancialReportModel } from '../../../electron/backend/reports/model';
import { sampleFinancialModel, sampleSieg } from './sampleModels';

const euro = (cents: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
    .format(cents / 100)
    .replace(/[\u202f\u00a0]/g, ' ');
/** Cell text with its spaces made plain, to compare with `euro`. */
const plain = (text: string | undefined) => text?.replace(/[\u202f\u00a0]/g, ' ');

function table(model: FinancialReportModel, id: string): TableBlock {
  const found = tablesOf(buildFinancialContent(model)).find((block) => block.id === id);
  if (!found) throw new Error(`No table ${id}`);
  return found;
}

function row(block: TableBlock, label: string): string[] {
  const found = block.rows.find((entry) => entry.cells[0] === label);
  if (!found) throw new Error(`No row « ${label} » in ${block.id}`);
  return found.cells.map((cell) => plain(cell)!);
}

function texts(model: FinancialReportModel): string {
  const blocks: Block[] = buildFinancialContent(model).sections.flatMap((s) => [...s.blocks]);
  return blocks
    .flatMap((block) =>
      block.kind === 'paragraph' ? [block.text] : block.kind === 'bullets' ? block.items : [],
    )
    .map((text) => plain(text)!)
    .join('\n');
}

describe('compte rendu financier: content', () => {
  const model = sampleFinancialModel();
  const actual = (code: string) => model.rows.find((r) => r.code === code)?.actual ?? 0;

  it('prints the CERFA indirect charges as a « dont » line: the keys’ shares plus the flat rate', () => {
    const charges = table(model, 'cerfa-charges');
    const dont = charges.rows.find((entry) =>
      entry.cells[0]!.startsWith('dont charges indirectes'),
    )!;
    expect(plain(dont.cells[2])).toBe(euro(1_222_250 + actual('indirect')));
    // A « dont » line is not a part of the total: the total is the rows' sum without it.
    const total = row(charges, 'Total des charges');
    const rowsAbove = charges.rows.slice(
      0,
      charges.rows.findIndex((r) => r.cells[0] === 'Total des charges'),
    );
    expect(rowsAbove.every((r) => !r.cells[0]!.startsWith('dont'))).toBe(true);
    expect(total[2]).toBe(
      euro(
        ['60', '61', '62', '63', '64', '65', '66', '67', '68', 'indirect'].reduce(
          (s, c) => s + actual(c),
          0,
        ),
      ),
    );
  });

  it('details 86 and 87 by the form’s lines (860–864, 870–875)', () => {
    const charges = table(model, 'cerfa-charges');
    expect(row(charges, 'dont 861 — Mise à disposition gratuite de biens')[2]).toBe(euro(360_000));
    expect(row(charges, 'dont 864 — Personnel bénévole')[2]).toBe(euro(280_000));
    const products = table(model, 'cerfa-produits');
    expect(row(products, 'dont 870 — Bénévolat')[2]).toBe(euro(280_000));
    expect(row(products, 'dont 871 — Prestations en nature')[2]).toBe(euro(360_000));
  });

  it('prints an explanation the operator wrote for a gap under the threshold', () => {
    // 60: +623,45 € (+13,9 %), under both 15 % and 5 000 €.
    const withText = sampleFinancialModel({
      rows: model.rows.map((r) =>
        r.code === '60' ? { ...r, explanation: 'Achat anticipé de fournitures pour 2026.' } : r,
      ),
    });
    const others = table(withText, 'ecarts-commentes');
    expect(row(others, '60 — Achats')).toEqual([
      '60 — Achats',
      `+${euro(512_345 - 450_000)}`,
      '+13,9 %',
      'Achat anticipé de fournitures pour 2026.',
    ]);
    expect(() => table(model, 'ecarts-commentes')).toThrow();
  });

  it('says a control drawn from forecasts is provisional, and does not set it in bold', () => {
    const provisional = sampleFinancialModel({
      sieg: {
        ...sampleSieg,
        periods: sampleSieg.periods.map((p) => ({ ...p, provisional: true })),
      },
    });
    const content = buildFinancialContent(provisional);
    const conclusion = content.sections
      .flatMap((s) => [...s.blocks])
      .find((b) => b.kind === 'paragraph' && b.text.startsWith('Conclusion provisoire'));
    expect(conclusion).toMatchObject({ tone: 'normal' });
    expect(table(provisional, 'sieg-periodes').columns[1]!.label).toMatch(/provisoire/);
    expect(row(table(provisional, 'sieg-periodes'), 'Conclusion')[1]).toMatch(/^Provisoire/);
    // The same control on actuals stays a firm, bold conclusion.
    const firm = buildFinancialContent(model)
      .sections.flatMap((s) => [...s.blocks])
      .find((b) => b.kind === 'paragraph' && b.text.startsWith('Période 2025–2027'));
    expect(firm).toMatchObject({ tone: 'strong' });
  });

  it('flags an unbalanced forecast, and only then', () => {
    // The sample's forecast balances (149 200 € each side): no warning.
    expect(texts(model)).not.toMatch(/n’est pas équilibré/);
    // 1 800 € fewer produits, as in the demo's 2025 forecast.
    const unbalanced = sampleFinancialModel({
      rows: model.rows.map((r) => (r.code === '75' ? { ...r, forecast: r.forecast - 180_000 } : r)),
    });
    const forecastOf = (codes: string[]) =>
      codes.reduce((s, c) => s + (unbalanced.rows.find((r) => r.code === c)?.forecast ?? 0), 0);
    const charges = forecastOf(['60', '61', '62', '63', '64', '65', '66', '67', '68', 'indirect']);
    const produits = forecastOf([
      '70',
      '73',
      '74_state_o2r',
      '74_department',
      '74_commune',
      '74_eu',
      '75',
      'own',
    ]);
    expect(charges - produits).toBe(180_000);
    expect(texts(unbalanced)).toContain(
      `les charges (${euro(charges)}) et les produits (${euro(produits)}) diffèrent de ${euro(180_000)}`,
    );
  });

  it('reconciles: a FEC total the organisation’s column misses shows as a difference', () => {
    const fec = { charges: 100_000, produits: 90_000, inKindCharges: 0, inKindProduits: 0 };
    const withFec = sampleFinancialModel({
      rows: model.rows.map((r) => ({
        ...r,
        siegActual: r.code === '64' ? 100_000 : r.code === '70' ? 80_000 : 0,
      })),
      secondActualLabel: 'Comptes de l’organisme (FEC)',
      reconciliation: { fec, sieg: null },
    });
    const block = table(withFec, 'rapprochement-fec');
    expect(row(block, 'Charges (classe 6)')).toEqual([
      'Charges (classe 6)',
      euro(100_000),
      euro(100_000),
      'vérifié',
    ]);
    expect(row(block, 'Produits (classe 7)')[3]).toBe(`écart de ${euro(-10_000)}`);
    expect(texts(withFec)).toMatch(/Des rapprochements ne sont pas vérifiés/);
  });

  it('lists the payments of the year with what was received, and the attachments', () => {
    const payments = table(model, 'versements');
    expect(row(payments, 'Total')[2]).toBe(euro(12_000_000));
    expect(row(payments, 'Total')[4]).toBe(euro(6_000_000));
    expect(row(payments, 'Solde')[3]).toBe('non reçu');
    // Public subsidies of the year: 12 000 000 + 1 500 000 + 300 000 + 0 cents < 153 000 €.
    expect(texts(model)).toContain(`(${euro(13_800_000)}) restant sous 153 000 €`);
    expect(texts(model)).toMatch(/Comptes annuels de l’exercice clos le 31\/12\/2025/);
    expect(texts(model)).toMatch(/Bilan qualitatif de l’action|rapport d’activité annuel/);
  });
});

describe('compte rendu financier: a year without its FEC', () => {
  it('says the figures cannot be reconciled, and claims no check', () => {
    const model = sampleFinancialModel({ reconciliation: { fec: null, sieg: null } });
    expect(texts(model)).toMatch(/ne peuvent être rapprochés/);
    expect(texts(model)).not.toMatch(/Tous les rapprochements sont vérifiés/);
    expect(() => table(model, 'rapprochement-controles')).toThrow();
  });
});
