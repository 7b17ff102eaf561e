/**
 * The data of the compte rendu financier and of the bilan final, read from what the other
 * services compute (budget vs actual, the SIEG costs, the compensation control): no figure
 * is computed here a second time, only gathered and labelled.
 */
import { cerfaRowLabel, inKindDetailOf, signedForRow } from '../../../../shared/domain/cerfa';
import { supportKindTitles } from '../../../../shared/domain/compensation';
import { paymentKindLabels } from '../../../../shared/domain/payments';
import {
  fecClassTotals,
  isProvisional,
  type ReconciliationPart,
} from '../../../../shared/domain/reconciliation';
import { retentionSentence } from '../../../../shared/domain/retention';
import { AppError } from '../../../../shared/errors';
import { formatDate, formatPercent } from '../../../../shared/format';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { QueryContext } from '../../context';
import type {
  AllocationKeyFigures,
  Attestation,
  FinancialReportModel,
  PaymentFigures,
  SiegAnnex,
  SiegYearReconciliation,
  YearInfo,
} from '../../reports';
import { allocationHandlers, siegCostsOf } from '../allocation';
import { accountTotals, budgetHandlers } from '../budget';
import { compensationHandlers, compensationOf, paymentsView, yearLabel } from '../compensation';
import { reportParties } from './parties';

export function yearInfo(convention: ConventionDetail, yearIndex: number): YearInfo {
  const year = convention.years.find((y) => y.index === yearIndex);
  if (!year)
    throw AppError.validation([
      { path: 'yearIndex', message: `La convention n'a pas d'année ${yearIndex}.` },
    ]);
  return { label: yearLabel(year), startDate: year.start, endDate: year.end };
}

export function attestationOf(convention: ConventionDetail, today: string): Attestation {
  return {
    name: convention.operator.representativeName,
    role: convention.operator.representativeRole,
    place: convention.operator.city,
    date: today,
  };
}

/** « convention signée » or « avenant n° 2 signé le 12/03/2026, en vigueur au 01/04/2026 ». */
function parametersSource(
  source: { avenantNumber: number; signedOn: string; effectiveFrom: string } | null,
): string {
  if (source === null) return 'convention signée';
  return `avenant n° ${source.avenantNumber} signé le ${formatDate(source.signedOn)}, en vigueur au ${formatDate(source.effectiveFrom)}`;
}

/** The SIEG annex: the control as the compensation page shows it, or the de minimis watch. */
export function siegAnnex(ctx: QueryContext, convention: ConventionDetail): SiegAnnex {
  const today = ctx.today();
  if (convention.regime === 'sieg_de_minimis') {
    const watch = compensationHandlers['deMinimis.get'](
      { conventionId: convention.id, today },
      ctx,
    );
    // Counted at the grant dates, for the single undertaking: the headroom is the ceiling
    // less what was granted in the three years ending today, not less what was received.
    return {
      regime: 'sieg_de_minimis',
      ceiling: watch.ceilingCents,
      grantedRolling3Years: watch.current.total,
      remaining: watch.headroom.total,
      undertaking: watch.undertaking.conventions
        .filter((row) => row.regime === 'sieg_de_minimis')
        .map((row) => row.reference),
      peak: { date: watch.peak.date, total: watch.peak.total },
      crossesOn: watch.crossesOn,
      retention: retentionSentence(convention.endDate),
    };
  }
  const compensation = compensationOf(ctx.db, convention.id, today);
  const labelOf = (yearIndex: number) => {
    const year = compensation.years.find((y) => y.yearIndex === yearIndex);
    if (!year) return `Année ${yearIndex}`;
    return year.basis === 'actual' ? year.label : `${year.label}, prévisionnel`;
  };
  // A control drawn from a year without its FEC rests on the forecast: it is provisional.
  const provisional = (yearIndex: number) => isProvisional([yearIndex], compensation.years);
  return {
    regime: 'sieg_decision',
    rules: {
      siegOnly: compensation.scope.siegOnly,
      specialRights: compensation.scope.specialRights,
      revenueAllocation: revenueAllocationRules(ctx, convention, compensation.scope.siegOnly),
    },
    dedicatedFunds: {
      ...compensation.dedicatedFunds,
      years: compensation.dedicatedFunds.years.map((year) => ({
        label: labelOf(year.yearIndex),
        provision: year.provision,
        use: year.use,
        net: year.net,
      })),
    },
    ...(compensation.blocked ? { blocked: compensation.blocked.reasons } : {}),
    readings: {
      netting: compensation.settings.netting,
      averageOver: compensation.settings.averageOver,
      periodYears: compensation.settings.periodYears,
    },
    parameters: {
      reasonableProfitBp: compensation.reasonableProfitBp,
      clause: compensation.parameters.clause,
      source: parametersSource(compensation.parameters.source),
    },
    payments: paymentsView(ctx.db, convention.id, today).years.map((year) => ({
      label: year.label,
      granted: year.grantedCents,
      received: year.receivedCents,
      repaid: year.repaidCents,
    })),
    endOfEntrustment: {
      endDate: compensation.endOfEntrustment.endDate,
      followingConvention: compensation.endOfEntrustment.followingConvention,
    },
    totalDue: compensation.totalDue,
    retention: retentionSentence(convention.endDate),
    years: compensation.years.map((year) => ({
      label: labelOf(year.yearIndex),
      c: year.c,
      r: year.r,
      k: year.k,
      rp: year.rp,
      balance: year.balance,
      provisional: provisional(year.yearIndex),
    })),
    periods: [...compensation.periods, ...(compensation.final ? [compensation.final] : [])].map(
      (control) => ({
        label: control.label,
        yearLabels: control.yearIndexes.map(labelOf),
        c: control.c,
        r: control.r,
        k: control.k,
        rp: control.rp,
        oc: control.oc,
        cAvg: control.cAvg,
        threshold: control.threshold,
        outcome: control.outcome,
        carriedIn: control.carriedIn,
        repaid: control.repaid,
        disposedBefore: control.disposedBefore,
        amountDue: control.amountDue,
        carriedOut: control.carriedOut,
        carriedTo: control.carriedTo,
        last: control.last,
        provisional: isProvisional(control.yearIndexes, compensation.years),
      }),
    ),
  };
}

/**
 * How common revenue reaches the SIEG, year by year, as the keys say it: the key naming a
 * produit row, else the share of the common costs the keys gave the SIEG.
 */
function revenueAllocationRules(
  ctx: QueryContext,
  convention: ConventionDetail,
  siegOnly: boolean,
): string[] {
  if (siegOnly)
    return [
      'L’organisme n’a pas d’autre activité que le SIEG : toutes ses recettes et subventions ' +
        'sans code analytique ni règle sont celles du SIEG.',
    ];
  return convention.years.flatMap((year) => {
    const costs = siegCostsOf(ctx.db, convention.id, year.index);
    if (!costs.hasActuals) return [];
    const named = costs.revenueRows.filter((row) => row.general !== 0 && row.keyLabel !== null);
    const byShare = costs.revenueRows.filter((row) => row.general !== 0 && row.keyLabel === null);
    const parts = [
      ...named.map(
        (row) => `${row.label} : clé « ${row.keyLabel} » (${formatPercent(row.share ?? 0, 1)})`,
      ),
      ...(byShare.length > 0
        ? [
            costs.commonShare === null
              ? `${byShare.map((row) => row.label).join(', ')} : non répartis (aucune clé), ni dans C ni dans R`
              : `${byShare.map((row) => row.label).join(', ')} : part des frais communs imputée au SIEG par les clés (${formatPercent(costs.commonShare, 1)})`,
          ]
        : []),
    ];
    return [
      `${yearLabel(year)} — ${parts.length > 0 ? parts.join(' ; ') : 'aucun produit commun à répartir'}.`,
    ];
  });
}

/** Forecast and actual per CERFA row for one year, the operator's and the SIEG's. */
export function cerfaFigures(ctx: QueryContext, conventionId: number, yearIndex: number) {
  const operator = budgetHandlers['budget.vsActual'](
    { conventionId, yearIndex, scope: 'operator' },
    ctx,
  );
  const sieg = budgetHandlers['budget.vsActual']({ conventionId, yearIndex, scope: 'sieg' }, ctx);
  return { operator, sieg };
}

/**
 * The bilan's finances: per CERFA row and year, the action's forecast and actual (null before
 * the year's FEC), as each year's compte rendu prints them, with the keys' share of the common
 * costs spread over rows 60 to 68 (the « dont charges indirectes réparties » line).
 */
export function finalFinances(ctx: QueryContext, convention: ConventionDetail) {
  const years = convention.years.map((year) => year.index);
  const figures = years.map((yearIndex) => cerfaFigures(ctx, convention.id, yearIndex).sieg);
  return {
    finances: (figures[0]?.rows ?? []).map((row) => ({
      code: row.row,
      byYear: figures.map((year) => {
        const same = year.rows.find((r) => r.row === row.row);
        return {
          forecast: same?.forecastCents ?? 0,
          actual: year.hasActuals ? (same?.actualCents ?? 0) : null,
        };
      }),
    })),
    allocatedInRows: years.map((yearIndex, index) =>
      figures[index]?.hasActuals ? siegCostsOf(ctx.db, convention.id, yearIndex).allocated : null,
    ),
  };
}

export type FinancialFigures = Omit<
  FinancialReportModel,
  'draft' | 'missingItems' | 'generatedOn' | 'source' | 'smallCellThreshold' | 'observations'
>;

export function financialFigures(
  ctx: QueryContext,
  convention: ConventionDetail,
  yearIndex: number,
): FinancialFigures {
  const conventionId = convention.id;
  // The compte rendu is the action's: the CPO's action is the SIEG, so its actual is the
  // SIEG's (direct + allocated costs, its own revenue); the organisation's whole accounts
  // are printed beside for reference.
  const { operator, sieg } = cerfaFigures(ctx, conventionId, yearIndex);
  const operatorByRow = new Map(operator.rows.map((row) => [row.row, row.actualCents]));
  const mapping = budgetHandlers['mapping.get']({ conventionId, yearIndex }, ctx);
  // The 74 rows by named funder: the auxiliary account's label, else the account's.
  const funders = new Map<string, { rowCode: string; funder: string; actual: number }>();
  for (const account of mapping.accounts) {
    if (!account.row?.startsWith('74')) continue;
    const funder = account.auxiliaryLabel || account.auxiliary || account.label;
    const key = `${account.row}:${funder}`;
    const previous = funders.get(key) ?? { rowCode: account.row, funder, actual: 0 };
    previous.actual += signedForRow(account.row, account.netDebitCents);
    funders.set(key, previous);
  }
  const forecastOf = (code: string) =>
    operator.rows.find((row) => row.row === code)?.forecastCents ?? 0;
  const siegOf = (code: string) => sieg.rows.find((row) => row.row === code)?.actualCents ?? 0;
  // The action's funders: rows the SIEG's budget or its actual use (the city's subsidy to
  // the other activity is not one). A row's forecast and SIEG actual go to its funder when
  // the row has only one; with several, each funder's own FEC figure is shown.
  const fundersList = [...funders.values()]
    .filter((funder) => forecastOf(funder.rowCode) !== 0 || siegOf(funder.rowCode) !== 0)
    .map((funder) => {
      const alone =
        [...funders.values()].filter((other) => other.rowCode === funder.rowCode).length === 1;
      return {
        ...funder,
        forecast: alone ? forecastOf(funder.rowCode) : 0,
        actual: alone ? siegOf(funder.rowCode) : funder.actual,
      };
    });

  const costs = siegCostsOf(ctx.db, conventionId, yearIndex);
  const keys = allocationHandlers['keys.list']({ conventionId, yearIndex }, ctx);
  const allocationKeys: AllocationKeyFigures[] = keys.map((key) => {
    const rows = costs.rows.filter((row) => key.rows.includes(row.row));
    return {
      label: key.label,
      basis: key.basis,
      siegQuantity: key.siegQuantity,
      totalQuantity: key.totalQuantity,
      evidence: key.evidence,
      rows: key.rows,
      sharedCents:
        key.basis === 'flat_percent' ? costs.direct : rows.reduce((sum, r) => sum + r.general, 0),
      allocatedCents:
        key.basis === 'flat_percent' ? costs.flat : rows.reduce((sum, r) => sum + r.allocated, 0),
    };
  });

  const inKind = operator.rows
    .filter((row) => row.inKind && row.actualCents !== 0)
    .flatMap((row) =>
      row.accounts.map((account) => ({
        side: row.side,
        label: account.label,
        actual: signedForRow(row.row, account.netDebitCents),
        valuation: `Valorisation comptable (compte ${account.account}, ${row.label})`,
      })),
    );

  // The lines of the form under 86 / 87 (860–864, 870–875): the organisation's accounts,
  // which are also the action's (contributions in kind have no analytic split), split by
  // label since the numbers differ between charts (finance.md §3).
  const inKindDetail = new Map<string, number>();
  for (const row of operator.rows.filter((line) => line.inKind))
    for (const account of row.accounts) {
      const prefix = inKindDetailOf(account.account, account.label) ?? account.account.slice(0, 3);
      inKindDetail.set(
        prefix,
        (inKindDetail.get(prefix) ?? 0) + signedForRow(row.row, account.netDebitCents),
      );
    }

  const year = convention.years.find((y) => y.index === yearIndex);
  const totals = year ? accountTotals(ctx.db, conventionId, year.fiscalYearEnd) : null;

  return {
    ...reportParties(convention),
    year: yearInfo(convention, yearIndex),
    allocatedInRows: costs.allocated,
    inKindDetail: [...inKindDetail]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([prefix, actual]) => ({
        prefix,
        actual,
        siegActual: operator.hasActuals ? actual : null,
      })),
    reconciliation: {
      fec: totals ? fecClassTotals(totals) : null,
      sieg: siegYearReconciliation(ctx, convention, yearIndex, fundersList),
    },
    payments: yearPaymentsOf(ctx, convention, yearIndex),
    gapThreshold: sieg.threshold,
    rows: sieg.rows.map((row) => ({
      code: row.row,
      forecast: row.forecastCents,
      actual: row.actualCents,
      siegActual: operator.hasActuals ? (operatorByRow.get(row.row) ?? 0) : null,
      explanation: row.explanation ?? undefined,
    })),
    secondActualLabel: 'Comptes de l’organisme (FEC)',
    funders: fundersList,
    inKind,
    allocationKeys,
    sieg: siegAnnex(ctx, convention),
    attestation: attestationOf(convention, ctx.today()),
  };
}

/**
 * C, R, K of the year as the compensation control has them, with C split into the parts the
 * document can point at. Only for a year with its FEC: before, the action has no actual to
 * reconcile with.
 */
function siegYearReconciliation(
  ctx: QueryContext,
  convention: ConventionDetail,
  yearIndex: number,
  funders: readonly { rowCode: string; funder: string }[],
): SiegYearReconciliation | null {
  const year = compensationOf(ctx.db, convention.id, ctx.today()).years.find(
    (y) => y.yearIndex === yearIndex,
  );
  if (!year || year.basis !== 'actual') return null;
  const { detail } = year;
  const rowWhere = (code: string) => `Produits, ligne « ${cerfaRowLabel(code)} »`;
  const cParts: ReconciliationPart[] = [
    {
      label: 'Contribution de l’État en vigueur (convention et avenants)',
      amount: detail.stateContribution,
      where: rowWhere('74_state_o2r'),
    },
    ...detail.otherPublic.map((line) => {
      const names = funders.filter((f) => f.rowCode === line.row).map((f) => f.funder);
      return {
        label: `${cerfaRowLabel(line.row).replace(/^74 — /, '')}${names.length > 0 ? ` : ${names.join(', ')}` : ''}`,
        amount: line.amountCents,
        where: rowWhere(line.row),
      };
    }),
    ...detail.supports.map((support) => ({
      label: `${supportKindTitles[support.kind]} : ${support.funder}`,
      amount: support.amountCents,
      where: 'Hors comptes : annexe, « Soutiens publics valorisés hors comptes »',
    })),
  ];
  return {
    basis: year.basis,
    c: year.c,
    r: year.r,
    k: year.k,
    rp: year.rp,
    balance: year.balance,
    stateInForce: detail.stateContribution,
    cParts,
    supportsOutsideAccounts: detail.supports.reduce((sum, support) => sum + support.amountCents, 0),
    inKindInK: detail.costs.inKind,
    dedicated: detail.dedicated,
    supports: detail.supports.map((support) => ({
      label: `${supportKindTitles[support.kind]} : ${support.funder}`,
      amount: support.amountCents,
      evidence: support.evidence,
    })),
    direct: detail.costs.direct,
    allocated: detail.costs.allocated,
    flat: detail.costs.flat,
  };
}

/** The payments of the State contribution due for the year, as the schedule records them. */
function yearPaymentsOf(
  ctx: QueryContext,
  convention: ConventionDetail,
  yearIndex: number,
): PaymentFigures[] {
  return paymentsView(ctx.db, convention.id, ctx.today())
    .payments.filter((payment) => payment.yearIndex === yearIndex && payment.kind !== 'repayment')
    .map((payment) => ({
      label: paymentKindLabels[payment.kind],
      expectedOn: payment.expectedOn,
      expected: payment.expectedCents,
      receivedOn: payment.receivedOn,
      received: payment.receivedCents,
    }));
}
