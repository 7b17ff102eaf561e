import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import mapping from '../../resources/catalogue/cerfa-mapping.json';
import {
  cerfaRowCodes,
  chartVersionFor,
  gapOf,
  guessFunderRow,
  rowForAccount,
  splitsByAuxiliary,
  signedForAccount,
  signedForRow,
  sideTotal,
} from '../../shared/domain/cerfa';

describe('chart of accounts and mapping', () => {
  test('ANC 2022-06 for years opening from 1 January 2025, ANC 2018-06 before', () => {
    expect(chartVersionFor('2025-01-01')).toBe('ANC_2022_06');
    expect(chartVersionFor('2024-07-01')).toBe('ANC_2018_06');
  });

  test('the longest prefix wins; 79x only exists in the old chart; 757/657 in the new', () => {
    const rules = mapping.ANC_2022_06;
    expect(rowForAccount('757000', rules)?.row).toBe('75');
    expect(rowForAccount('775000', rules)?.row).toBe('77');
    expect(rowForAccount('791000', rules)).toBeNull();
    expect(rowForAccount('791000', mapping.ANC_2018_06)?.row).toBe('78');
    expect(rowForAccount('741000', [...rules, { prefix: '7411', row: '74_state_o2r' }])?.row).toBe(
      '74_to_assign',
    );
    expect(rowForAccount('741100', [...rules, { prefix: '7411', row: '74_state_o2r' }])?.row).toBe(
      '74_state_o2r',
    );
  });

  test('every catalogue rule points to a CERFA row', () => {
    for (const rule of [...mapping.ANC_2018_06, ...mapping.ANC_2022_06])
      expect(cerfaRowCodes).toContain(rule.row);
  });

  test('charges are net debits, produits net credits', () => {
    expect(signedForRow('64', 1000)).toBe(1000);
    expect(signedForRow('74_state_o2r', -1000)).toBe(1000);
  });

  test('before its row, an account of class 7 or 87 reads as a produit, 6 and 86 as charges', () => {
    expect(signedForAccount('606', 1000)).toBe(1000);
    expect(signedForAccount('864', 1000)).toBe(1000);
    expect(signedForAccount('7411', -1000)).toBe(1000);
    expect(signedForAccount('871', -1000)).toBe(1000);
  });

  test('a side total leaves out the contributions in kind and rows without an amount', () => {
    const amounts = { '60': 1000, '64': 2500, '86': 9999, '74_state_o2r': 3000, '87': 9999 };
    expect(sideTotal(amounts, 'charges')).toBe(3500);
    expect(sideTotal({ ...amounts, '61': null }, 'produits')).toBe(3000);
  });
});

describe('gaps', () => {
  test('significant from ±15 % or 5 000 €, whichever is reached', () => {
    expect(gapOf(100_000, 115_000)).toMatchObject({ gapCents: 15_000, significant: true });
    expect(gapOf(100_000, 114_999).significant).toBe(false);
    expect(gapOf(10_000_000, 10_500_000)).toMatchObject({ gapRatio: 0.05, significant: true });
    expect(gapOf(10_000_000, 10_499_999).significant).toBe(false);
    expect(gapOf(0, 0)).toMatchObject({ gapRatio: null, significant: false });
    expect(gapOf(0, 600_000)).toMatchObject({ gapRatio: null, significant: true });
  });

  test('property: the gap is exact in cents and symmetric in significance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e10 }),
        fc.integer({ min: 0, max: 1e10 }),
        (forecast, actual) => {
          const gap = gapOf(forecast, actual);
          expect(Number.isSafeInteger(gap.gapCents)).toBe(true);
          expect(gap.gapCents).toBe(actual - forecast);
          if (forecast > 0)
            expect(gapOf(forecast, forecast - (actual - forecast)).significant).toBe(
              gap.significant,
            );
        },
      ),
    );
  });
});

describe('subsidies by funder', () => {
  const rules = [
    { prefix: '74', row: '74_to_assign' },
    { prefix: '7411', row: '74_state_other' },
    { prefix: '741', auxiliary: 'DREETS', row: '74_state_o2r' },
  ];
  test('a rule naming the auxiliary account beats any rule that does not', () => {
    expect(rowForAccount('741100', rules, 'DREETS')?.row).toBe('74_state_o2r');
    expect(rowForAccount('741100', rules, 'CD35')?.row).toBe('74_state_other');
    expect(rowForAccount('742000', rules, 'DREETS')?.row).toBe('74_to_assign');
    expect(rowForAccount('741000', rules)?.row).toBe('74_to_assign');
  });
  test('only 74x accounts split by auxiliary account', () => {
    expect(splitsByAuxiliary('741000')).toBe(true);
    expect(splitsByAuxiliary('706000')).toBe(false);
    expect(splitsByAuxiliary('401000')).toBe(false);
  });
  test('the funder suggested from the labels of the fixture and common wordings', () => {
    expect(guessFunderRow('DREETS', 'DREETS Bretagne', 'Subvention DREETS O2R')).toBe(
      '74_state_o2r',
    );
    expect(guessFunderRow('CD35', 'Conseil départemental', 'Subvention Département')).toBe(
      '74_department',
    );
    // European money paid through the Region is European money.
    expect(guessFunderRow('FSE', 'Région - FSE+', 'Subvention FSE+')).toBe('74_eu');
    expect(guessFunderRow('VILLE', 'Ville de Rennes', 'Subvention Ville')).toBe('74_commune');
    expect(guessFunderRow('REG', 'Région Bretagne', 'Subvention')).toBe('74_region');
    expect(guessFunderRow('ETAT', 'État - ministère de la Culture', '')).toBe('74_state_other');
    expect(guessFunderRow('CAF35', 'CAF', '')).toBe('74_social');
    expect(guessFunderRow('X', 'Divers', 'Subvention')).toBeNull();
  });
});
