/**
 * The compte rendu's reconciliation rules (shared/domain/reconciliation.ts) and the CERFA
 * rules it prints with (forecast balance, % column, gap %, auditor threshold, 86/87 lines).
 */
import { describe, expect, test } from 'vitest';
import {
  auditorReportRequired,
  forecastBalance,
  forecastBalanceWarning,
  gapPercentText,
  inKindDetailOf,
  realisationPercentText,
  realisationRatio,
} from '../../shared/domain/cerfa';
import {
  fecClassTotals,
  isProvisional,
  reconcile,
  type ReconciliationInput,
} from '../../shared/domain/reconciliation';

describe('fecClassTotals', () => {
  test('classes by account number, produits as credits, 86/87 apart from 6/7', () => {
    expect(
      fecClassTotals([
        { account: '641100', netDebitCents: 10_000 },
        { account: '606300', netDebitCents: 500 },
        { account: '741000', netDebitCents: -20_000 },
        { account: '706000', netDebitCents: 300 }, // a net debit on a product lowers it
        { account: '864000', netDebitCents: 1_200 },
        { account: '875000', netDebitCents: -1_200 },
      ]),
    ).toEqual({ charges: 10_500, produits: 19_700, inKindCharges: 1_200, inKindProduits: 1_200 });
  });
});

/** The demo's 2025 figures: every check ties. */
function demoInput(): ReconciliationInput {
  return {
    fec: {
      charges: 36_448_007,
      produits: 32_021_000,
      inKindCharges: 1_200_000,
      inKindProduits: 1_200_000,
    },
    organisation: {
      charges: 36_448_007,
      produits: 32_021_000,
      inKindCharges: 1_200_000,
      inKindProduits: 1_200_000,
    },
    action: {
      charges: 27_207_006,
      produits: 25_000_000,
      own: 0,
      stateBooked: 18_000_000,
      indirectPrinted: 27_207_006,
    },
    sieg: {
      c: 25_360_000,
      r: 0,
      // The free premises (3 600 €) are in K as in C: 27 207 006 + 360 000.
      k: 27_567_006,
      rp: 0,
      balance: -2_207_006,
      stateInForce: 18_000_000,
      supportsOutsideAccounts: 360_000,
      inKindInK: 360_000,
      dedicated: { provision: 0, use: 0 },
      cParts: [
        { label: 'État', amount: 18_000_000, where: '74 État' },
        { label: 'Département', amount: 4_000_000, where: '74 Département' },
        { label: 'FSE', amount: 3_000_000, where: '74 Fonds européens' },
        { label: 'Locaux', amount: 360_000, where: 'Hors comptes' },
      ],
      direct: 0,
      allocated: 27_207_006,
      flat: 0,
    },
  };
}

describe('reconcile', () => {
  test('the demo ties: the free premises are in C and in K, the SIEG balance is the action’s −22 070,06 €', () => {
    const result = reconcile(demoInput());
    expect(result.ok).toBe(true);
    expect(result.checks.every((check) => check.ok)).toBe(true);
    expect(result.resultSteps[0]!.amount).toBe(-2_207_006);
    expect(result.resultSteps.reduce((sum, step) => sum + step.amount, 0)).toBe(-2_207_006);
    expect(result.resultSteps.find((step) => step.label.includes('hors comptes'))!.amount).toBe(
      360_000,
    );
    expect(result.resultSteps.find((step) => step.label.includes('en nature'))!.amount).toBe(
      -360_000,
    );
  });

  test('dedicated funds: on the action’s rows 68/78, out of K and R, steps of the result', () => {
    // The action puts 5 000 € aside (689) and uses 2 000 € put aside earlier (789): its
    // charges are K − in kind + 5 000 €, its produits 2 000 € more; the SIEG balance is
    // C + R − K = 25 360 000 − 27 567 006 = −2 207 006 whatever the funds.
    const input = demoInput();
    input.action = {
      ...input.action,
      charges: 27_207_006 + 500_000,
      produits: 25_000_000 + 200_000,
    };
    input.sieg = { ...input.sieg!, dedicated: { provision: 500_000, use: 200_000 } };
    const result = reconcile(input);
    expect(result.ok).toBe(true);
    expect(result.resultSteps.map((step) => step.amount)).toEqual([
      25_200_000 - 27_707_006,
      0,
      0,
      360_000,
      -360_000,
      500_000,
      -200_000,
      0,
      0,
    ]);
    // Left on the action but counted in K, the 689 would not tie.
    input.sieg = { ...input.sieg, k: input.sieg.k + 500_000 };
    expect(
      reconcile(input)
        .checks.filter((check) => !check.ok)
        .map((c) => c.label),
    ).toContain('Coût du service K = charges directes + charges indirectes + soutiens en nature');
  });

  test('a FEC amount missing from the organisation’s column fails its check by that amount', () => {
    const input = demoInput();
    // The city's 60 000 € left out, as when its row was hidden.
    input.organisation = { ...input.organisation, produits: 26_021_000 };
    const result = reconcile(input);
    expect(result.ok).toBe(false);
    const failed = result.checks.filter((check) => !check.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.expected - failed[0]!.found).toBe(6_000_000);
  });

  test('C not equal to its parts, K not matching the indirect row, a result that does not reach the balance', () => {
    const input = demoInput();
    input.sieg = { ...input.sieg!, cParts: input.sieg!.cParts.slice(0, 3) };
    input.action = { ...input.action, indirectPrinted: 0 };
    const failed = reconcile(input)
      .checks.filter((check) => !check.ok)
      .map((check) => check.label);
    expect(failed).toEqual([
      'Compensation publique C = somme de ses composantes',
      'Charges indirectes du tableau = part réparties par clés + forfait',
    ]);
    const other = demoInput();
    other.sieg = { ...other.sieg!, balance: other.sieg!.balance + 1 };
    expect(reconcile(other).ok).toBe(false);
  });

  test('own resources, a State contribution booked short and the reasonable profit are steps', () => {
    const input = demoInput();
    input.action = {
      ...input.action,
      produits: 25_000_000 + 2_070_000 - 500_000,
      own: 2_070_000,
      stateBooked: 17_500_000,
    };
    input.sieg = { ...input.sieg!, rp: 100_000, balance: -2_207_006 - 100_000 };
    const result = reconcile(input);
    expect(result.ok).toBe(true);
    expect(result.resultSteps.map((step) => step.amount)).toEqual([
      25_000_000 + 2_070_000 - 500_000 - 27_207_006,
      -2_070_000,
      500_000,
      360_000,
      -360_000,
      0,
      0,
      0,
      -100_000,
    ]);
  });

  test('without a FEC or a SIEG year, there is nothing to check', () => {
    const result = reconcile({ ...demoInput(), fec: null, sieg: null });
    expect(result.checks).toEqual([]);
    expect(result.resultSteps).toEqual([]);
  });
});

describe('forecastBalance', () => {
  // An unbalanced forecast (the demo's first draft): 272 500 € of charges, 270 700 € of produits.
  const demo2025 = {
    '60': 1_500_000,
    '61': 2_000_000,
    '62': 1_800_000,
    '63': 600_000,
    '64': 21_000_000,
    '68': 350_000,
    '74_state_o2r': 18_000_000,
    '74_department': 4_000_000,
    '74_eu': 3_000_000,
    own: 2_070_000,
    '86': 1_200_000,
    '87': 1_200_000,
  };

  test('an unbalanced forecast is flagged with the amounts and the gap', () => {
    const balance = forecastBalance(demo2025);
    expect(balance).toMatchObject({
      charges: 27_250_000,
      produits: 27_070_000,
      gap: -180_000,
      balanced: false,
      empty: false,
    });
    const warning = forecastBalanceWarning(balance)!;
    expect(warning).toMatch(/n’est pas équilibré/);
    expect(warning).toMatch(/1\s800,00\s€/);
    expect(warning).toMatch(/déficit/);
  });

  test('a balanced forecast, an empty one: no warning; 86 ≠ 87 is a warning of its own', () => {
    expect(forecastBalance({ ...demo2025, own: 2_250_000 }).balanced).toBe(true);
    expect(forecastBalanceWarning(forecastBalance({ ...demo2025, own: 2_250_000 }))).toBeNull();
    expect(forecastBalance({})).toMatchObject({ balanced: true, empty: true });
    const inKind = forecastBalance({ ...demo2025, own: 2_250_000, '87': 1_000_000 });
    expect(inKind.balanced).toBe(false);
    expect(forecastBalanceWarning(inKind)).toMatch(/86/);
  });
});

describe('percentages: one rule for the screen and the documents', () => {
  test('gap % is signed with one decimal; the CERFA % is réalisation / prévision', () => {
    // The rent of the demo: 20 000 € forecast, 18 060,01 € actual.
    expect(gapPercentText((1_806_001 - 2_000_000) / 2_000_000)).toMatch(/^-9,7\s%$/);
    expect(gapPercentText(0.025)).toMatch(/^\+2,5\s%$/);
    expect(gapPercentText(null)).toBe('—');
    expect(realisationRatio(2_000_000, 1_806_001)).toBeCloseTo(0.903, 3);
    expect(realisationPercentText(2_000_000, 1_806_001)).toMatch(/^90,3\s%$/);
    expect(realisationPercentText(0, 500)).toBe('—');
  });
});

describe('auditor threshold and 86/87 lines', () => {
  test('153 000 € of public subsidies in the year require the auditor’s report (L612-4)', () => {
    expect(auditorReportRequired(15_299_999)).toBe(false);
    expect(auditorReportRequired(15_300_000)).toBe(true);
  });

  test('the form’s lines under 86 and 87', () => {
    expect(inKindDetailOf('864000')).toBe('864');
    expect(inKindDetailOf('875000')).toBe('875');
    expect(inKindDetailOf('870100')).toBe('870');
    expect(inKindDetailOf('641100')).toBeNull();
    expect(inKindDetailOf('641100', 'Bénévolat')).toBeNull();
  });

  // finance.md §3: 870 and 875 are swapped between charts, so the label decides. The shared
  // FEC fixture books « Bénévolat » on 875000 and « Personnel bénévole » on 864000.
  test('the label decides the 86 / 87 line, the number only when the label says nothing', () => {
    expect(inKindDetailOf('875000', 'Bénévolat')).toBe('870');
    expect(inKindDetailOf('864000', 'Personnel bénévole')).toBe('864');
    expect(inKindDetailOf('870000', 'Dons en nature reçus')).toBe('875');
    expect(inKindDetailOf('870000', 'Mise à disposition de locaux')).toBe('871');
    expect(inKindDetailOf('860000', 'Mise à disposition gratuite de biens')).toBe('861');
    expect(inKindDetailOf('875000', 'Contributions diverses')).toBe('875');
  });
});

describe('isProvisional', () => {
  const years = [
    { yearIndex: 1, basis: 'actual' as const },
    { yearIndex: 2, basis: 'forecast' as const },
    { yearIndex: 3, basis: 'none' as const },
  ];
  test('a control is provisional as soon as one of its years has no FEC', () => {
    expect(isProvisional([1], years)).toBe(false);
    expect(isProvisional([1, 2, 3], years)).toBe(true);
    expect(isProvisional([3], years)).toBe(true);
    // A year the compensation does not know is not taken for an actual.
    expect(isProvisional([4], years)).toBe(true);
  });
});
