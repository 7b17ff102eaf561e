/**
 * What counts in C, R and K (finance.md §1, decision 2012/21/UE art. 5): in-kind support on
 * both sides, common revenue and public money shared by the keys, dedicated funds apart,
 * keys and a flat rate exclusive, unmapped accounts blocking. Every expected figure below
 * is worked by hand in the comment beside it, not read back from the code.
 */
import { describe, expect, test } from 'vitest';
import mapping from '../../resources/catalogue/cerfa-mapping.json';
import {
  commonCostShare,
  dedicatedFundKind,
  keyExclusivityError,
  overAllocatedRows,
  siegAxisOf,
  siegCosts,
  siegLineAmounts,
  siegRevenue,
  type AllocationKey,
  type Axis,
  type LedgerGroup,
} from '../../shared/domain/allocation';
import type { MappingRule } from '../../shared/domain/cerfa';
import { compensationControl } from '../../shared/domain/compensation';
import {
  dedicatedFundsOverCpo,
  reasonableProfitWarning,
  yearFigures,
} from '../../shared/domain/siegFigures';

const euros = (value: number) => value * 100;

const catalogue = (mapping.ANC_2022_06 as MappingRule[]).map((rule) => ({
  ...rule,
  auxiliary: '',
}));
/** The fixture operator's funders, as the user maps them by auxiliary account. */
const funders: MappingRule[] = [
  { prefix: '741000', auxiliary: 'DREETS', row: '74_state_o2r' },
  { prefix: '741000', auxiliary: 'VILLE', row: '74_commune' },
  { prefix: '741000', auxiliary: 'REGION', row: '74_region' },
];
const codes = new Map<string, Axis>([
  ['O2R', 'sieg'],
  ['AUT', 'other'],
  ['GEN', 'general'],
]);

/** A group of lines: a debit is positive, a credit negative (net debit). */
const line = (
  account: string,
  netDebitEuros: number,
  analytic = '',
  auxiliary = '',
): LedgerGroup => ({
  account,
  label: `Compte ${account}`,
  auxiliary,
  journal: 'OD',
  analytic,
  netDebitCents: euros(netDebitEuros),
});

const timeKey = (rows: string[], overrides: Partial<AllocationKey> = {}): AllocationKey => ({
  id: 1,
  label: 'Temps passé',
  basis: 'time',
  siegQuantity: 3,
  totalQuantity: 4,
  evidence: 'Feuilles de temps',
  rows,
  ...overrides,
});

describe('1. in-kind public support is counted in C and in K', () => {
  test('premises of 12 000 € a year make no overcompensation (was 36 000 € over three years)', () => {
    // Each year: the State's 180 000 €, costs in the accounts 180 000 €, premises 12 000 €.
    // C = 180 000 + 12 000 = 192 000; K = 180 000 + 12 000 = 192 000; C − K = 0.
    const years = [1, 2, 3].map((yearIndex) => {
      const figures = yearFigures({
        stateContribution: euros(180_000),
        otherPublic: [],
        supports: [{ kind: 'premises', amountCents: euros(12_000) }],
        revenue: [],
        costsFromAccounts: euros(180_000),
      });
      expect(figures).toEqual({
        c: euros(192_000),
        r: 0,
        k: euros(192_000),
        inKind: euros(12_000),
      });
      return { yearIndex, c: figures.c, r: figures.r, k: figures.k, rp: 0 };
    });
    const control = compensationControl(years).periods[0]!;
    // Σ C = 576 000, Σ K = 576 000: OC = 0. The old rule (C only) gave 3 × 12 000 = 36 000.
    expect(control).toMatchObject({ c: euros(576_000), k: euros(576_000), oc: 0 });
    expect(control.outcome).toBe('none');
  });

  test('staff made available is in kind too; a subsidy in money is C only', () => {
    // Staff 8 000 € (both sides) + a city subsidy of 5 000 € not booked on the SIEG (C only):
    // C = 100 000 + 8 000 + 5 000 = 113 000; K = 90 000 + 8 000 = 98 000.
    expect(
      yearFigures({
        stateContribution: euros(100_000),
        otherPublic: [],
        supports: [
          { kind: 'staff', amountCents: euros(8_000) },
          { kind: 'subsidy', amountCents: euros(5_000) },
        ],
        revenue: [{ amountCents: euros(2_000) }],
        costsFromAccounts: euros(90_000),
      }),
    ).toEqual({ c: euros(113_000), r: euros(2_000), k: euros(98_000), inKind: euros(8_000) });
  });
});

describe('2. common revenue and general-purpose public money are shared by the keys', () => {
  const lines = [
    line('641100', 100_000), // salaries, no code: a common cost
    line('741000', -60_000, '', 'VILLE'), // the city's operating subsidy, no code
    line('741000', -180_000, 'O2R', 'DREETS'), // the State's, on the SIEG
    line('706000', -8_000), // sales, no code: common revenue
    line('741000', -20_000, 'AUT', 'REGION'), // the Region's, for the other activity
  ];
  const setup = { mapping: [...catalogue, ...funders], codes, rules: [], siegOnly: false };

  test('a city subsidy without analytic code reaches C by the share of the common costs', () => {
    const { amounts, unmapped } = siegLineAmounts(lines, setup);
    expect(unmapped).toEqual([]);
    const keys = [timeKey(['64'])];
    const costs = siegCosts(amounts, keys);
    // K = 3/4 of the 100 000 € of common salaries = 75 000 €.
    expect(costs.total).toBe(euros(75_000));
    expect(commonCostShare(costs)).toBe(0.75);
    const revenue = siegRevenue(amounts, keys, costs);
    const byRow = Object.fromEntries(revenue.rows.map((row) => [row.row, row.siegRevenue]));
    // City: 3/4 × 60 000 = 45 000 € (C); sales: 3/4 × 8 000 = 6 000 € (R); the State's
    // 180 000 € are the SIEG's own; the Region's subsidy, on the other activity, stays out.
    expect(byRow).toEqual({
      '70': euros(6_000),
      '74_commune': euros(45_000),
      '74_region': 0,
      '74_state_o2r': euros(180_000),
    });
    expect(revenue.unallocatedGeneral).toBe(0);
  });

  test('a key naming a produit row shares it with its own share', () => {
    const { amounts } = siegLineAmounts(lines, setup);
    const keys = [
      timeKey(['64']),
      timeKey(['74_commune'], {
        id: 2,
        label: 'Public accueilli',
        siegQuantity: 1,
        totalQuantity: 2,
      }),
    ];
    const revenue = siegRevenue(amounts, keys, siegCosts(amounts, keys));
    // 1/2 × 60 000 = 30 000 € of the city's subsidy.
    expect(revenue.rows.find((row) => row.row === '74_commune')).toMatchObject({
      keyLabel: 'Public accueilli',
      siegRevenue: euros(30_000),
    });
  });

  test('without any key, common revenue stays out and is reported as not shared', () => {
    const { amounts } = siegLineAmounts(lines, setup);
    const revenue = siegRevenue(amounts, [], siegCosts(amounts, []));
    // 60 000 € (city) + 8 000 € (sales) not shared.
    expect(revenue.unallocatedGeneral).toBe(euros(68_000));
    expect(revenue.commonShare).toBeNull();
  });

  test('an operator with no other activity: every line is the SIEG’s but what is coded elsewhere', () => {
    const { amounts } = siegLineAmounts(lines, { ...setup, siegOnly: true });
    const costs = siegCosts(amounts, []);
    // K = the 100 000 € of salaries, direct; R = 8 000 €; C gets the city's 60 000 €.
    expect(costs.total).toBe(euros(100_000));
    const revenue = siegRevenue(amounts, [], costs);
    expect(Object.fromEntries(revenue.rows.map((row) => [row.row, row.siegRevenue]))).toMatchObject(
      { '70': euros(8_000), '74_commune': euros(60_000), '74_region': 0 },
    );
    // A rule putting the city's subsidy on the other activity still wins.
    const rules = [{ kind: 'auxiliary' as const, value: 'VILLE', axis: 'other' as const }];
    expect(
      siegAxisOf(
        { analytic: '', account: '741000', journal: 'OD', auxiliary: 'VILLE' },
        codes,
        rules,
        true,
      ),
    ).toBe('other');
    expect(siegAxisOf({ analytic: '', account: '706000', journal: 'OD' }, codes, rules, true)).toBe(
      'sieg',
    );
  });
});

describe('6. dedicated funds are kept out of K and R', () => {
  test('689 and 789 on the SIEG are apart, even though the catalogue maps them to 68 and 78', () => {
    const { amounts, dedicated } = siegLineAmounts(
      [
        line('641100', 50_000, 'O2R'),
        line('689400', 5_000, 'O2R'), // 5 000 € put aside
        line('789400', -2_000, 'O2R'), // 2 000 € of an earlier year used
        line('689400', 1_000, 'AUT'), // the other activity's: not the SIEG's
      ],
      { mapping: catalogue, codes, rules: [], siegOnly: false },
    );
    expect(dedicated).toEqual({ provision: euros(5_000), use: euros(2_000) });
    // K is the 50 000 € of salaries only; no 68 or 78 row from the funds.
    expect(amounts.map((amount) => amount.row)).toEqual(['64']);
    expect(siegCosts(amounts, []).total).toBe(euros(50_000));
    expect([dedicatedFundKind('689'), dedicatedFundKind('7890'), dedicatedFundKind('681')]).toEqual(
      ['provision', 'use', null],
    );
  });

  test('over the CPO: Σ 689 − Σ 789', () => {
    // Year 1 puts 5 000 € aside; years 2 and 3 use 2 000 € and 1 500 €: 1 500 € left unused.
    expect(
      dedicatedFundsOverCpo([
        { yearIndex: 1, provision: euros(5_000), use: 0 },
        { yearIndex: 2, provision: 0, use: euros(2_000) },
        { yearIndex: 3, provision: 0, use: euros(1_500) },
      ]),
    ).toEqual({
      years: [
        { yearIndex: 1, provision: euros(5_000), use: 0, net: euros(5_000) },
        { yearIndex: 2, provision: 0, use: euros(2_000), net: -euros(2_000) },
        { yearIndex: 3, provision: 0, use: euros(1_500), net: -euros(1_500) },
      ],
      provision: euros(5_000),
      use: euros(3_500),
      net: euros(1_500),
    });
  });
});

describe('7. keys and a flat rate are exclusive', () => {
  const flat = timeKey([], {
    id: 9,
    label: 'Forfait 10 %',
    basis: 'flat_percent',
    siegQuantity: 1_000,
  });

  test('saving one beside the other is refused, in French', () => {
    expect(keyExclusivityError(flat, [timeKey(['64'])])).toMatch(
      /^Cette année répartit déjà les frais communs par clé \(« Temps passé »\)/,
    );
    expect(keyExclusivityError(timeKey(['61']), [flat])).toMatch(
      /^Cette année applique déjà un forfait de frais indirects \(« Forfait 10 % »\)/,
    );
    expect(keyExclusivityError(flat, [flat])).toMatch(/un seul forfait par année/);
    expect(keyExclusivityError(timeKey(['61']), [timeKey(['64'])])).toBeNull();
    expect(keyExclusivityError(flat, [])).toBeNull();
  });

  test('the compute never adds both: the flat rate is left out and the conflict flagged', () => {
    // Direct 100 000 €, common 40 000 € on row 64, key 3/4 → 30 000 €; a 10 % flat rate
    // would add 10 000 € more for the same common costs.
    const amounts = [{ row: '64', sieg: euros(100_000), other: 0, general: euros(40_000) }];
    expect(siegCosts(amounts, [flat])).toMatchObject({
      flat: euros(10_000),
      total: euros(110_000),
      keyConflict: false,
    });
    expect(siegCosts(amounts, [timeKey(['64']), flat])).toMatchObject({
      allocated: euros(30_000),
      flat: 0,
      total: euros(130_000),
      keyConflict: true,
    });
  });
});

describe('8. an unmapped account blocks instead of landing in C', () => {
  test('69x and 72x have no row in the 2022 catalogue: listed, not counted', () => {
    const { amounts, unmapped } = siegLineAmounts(
      [
        line('641100', 10_000, 'O2R'),
        line('695000', 1_000, 'O2R'), // impôt sur les sociétés
        line('721000', -3_000, 'O2R'), // production immobilisée
        line('721000', -500, 'AUT'),
      ],
      { mapping: catalogue, codes, rules: [], siegOnly: false },
    );
    expect(unmapped).toEqual([
      { account: '695000', label: 'Compte 695000', netDebitCents: euros(1_000) },
      { account: '721000', label: 'Compte 721000', netDebitCents: -euros(3_500) },
    ]);
    // Neither reaches a subsidy row (the old default, 74 « à affecter », counted in C).
    expect(amounts).toEqual([{ row: '64', sieg: euros(10_000), other: 0, general: 0 }]);
  });
});

describe('several conventions of one operator never take more than 100 % of a cost', () => {
  test('the rows whose shares would exceed 100 %, with the conventions already taking them', () => {
    const siblings = [
      { conventionReference: 'CPO-2025-A', rows: ['64', '61'], share: 0.6 },
      { conventionReference: 'CPO-2025-B', rows: ['61'], share: 0.3 },
    ];
    // Row 64: 0.6 + 0.5 = 1.1 > 1; row 61: 0.6 + 0.3 + 0.5 = 1.4; row 62 untouched.
    const over = overAllocatedRows({ rows: ['64', '61', '62'], share: 0.5 }, siblings);
    expect(over.map((entry) => [entry.row, entry.references])).toEqual([
      ['64', ['CPO-2025-A']],
      ['61', ['CPO-2025-A', 'CPO-2025-B']],
    ]);
    expect(over[0]!.total).toBeCloseTo(1.1, 12);
    // Exactly 100 % is allowed: 0.6 + 0.4 on row 64.
    expect(overAllocatedRows({ rows: ['64'], share: 0.4 }, siblings)).toEqual([]);
  });
});

describe('reasonable profit, a margin on costs', () => {
  test('warned above 3 %, never presented with a safe harbour', () => {
    expect(reasonableProfitWarning(0)).toBeNull();
    expect(reasonableProfitWarning(300)).toBeNull();
    const warning = reasonableProfitWarning(450)!;
    expect(warning).toMatch(
      /^Le bénéfice raisonnable \(taux de marge sur coûts\) de la convention est de 4,50\s%, au-delà de 3\s%/,
    );
    expect(warning).not.toMatch(/swap|100 points de base/i);
  });
});
