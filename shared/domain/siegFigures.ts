/**
 * What counts in a year's C, R and K of the SIEG control (finance.md §1, decision
 * 2012/21/UE art. 5): C the public compensation, R the other revenue, K the eligible cost.
 * The rules that say which line goes where live here, pure and in integer cents; the
 * compensation service only gathers the amounts and the control (compensation.ts) sums them.
 */
import { formatPercent } from '../format';
import type { Cents } from '../money';
import type { SupportKind } from './compensation';

/**
 * Support given in kind (premises, staff made available): its value is public support (C)
 * and, the service using it, a cost of the service (K) — the same value on both sides, so
 * it never makes an overcompensation by itself. Money (a subsidy not booked on the SIEG,
 * another public support) is C only: the costs it pays for are already in the accounts.
 */
export function isInKindSupport(kind: SupportKind): boolean {
  return kind === 'premises' || kind === 'staff';
}

export interface YearParts {
  /** The State contribution in force for the year. */
  stateContribution: Cents;
  /** Other public subsidies of the SIEG from the accounts (own lines + share of common ones). */
  otherPublic: readonly { amountCents: Cents }[];
  /** Public support entered by hand. */
  supports: readonly { kind: SupportKind; amountCents: Cents }[];
  /** Other SIEG revenue (own lines + share of the common ones). */
  revenue: readonly { amountCents: Cents }[];
  /** The SIEG cost from the accounts: direct + keys, or direct + flat rate. */
  costsFromAccounts: Cents;
}

export interface YearFigures {
  c: Cents;
  r: Cents;
  k: Cents;
  /** The in-kind support counted in K (and in C). */
  inKind: Cents;
}

const total = (list: readonly { amountCents: Cents }[]) =>
  list.reduce((sum, line) => sum + line.amountCents, 0);

export function yearFigures(parts: YearParts): YearFigures {
  const inKind = total(parts.supports.filter((support) => isInKindSupport(support.kind)));
  return {
    c: parts.stateContribution + total(parts.otherPublic) + total(parts.supports),
    r: total(parts.revenue),
    k: parts.costsFromAccounts + inKind,
    inKind,
  };
}

/**
 * Above this rate of K the reasonable profit is warned about: as a margin on costs it has
 * no safe harbour in the Decision (its swap rate + 100 bp is a return on capital) and must
 * be justified in the convention.
 */
export const REASONABLE_PROFIT_WARNING_BP = 300;

export const REASONABLE_PROFIT_LABEL = 'bénéfice raisonnable (taux de marge sur coûts)';

/** The French warning for a reasonable-profit rate above a few percent, or null. */
export function reasonableProfitWarning(basisPoints: number): string | null {
  if (basisPoints <= REASONABLE_PROFIT_WARNING_BP) return null;
  const rate = (value: number) => formatPercent(value / 10_000, value % 100 === 0 ? 0 : 2);
  return (
    `Le bénéfice raisonnable (taux de marge sur coûts) de la convention est de ${rate(basisPoints)}, ` +
    `au-delà de ${rate(REASONABLE_PROFIT_WARNING_BP)} : un taux de marge sur coûts n'a pas de ` +
    `valeur « sûre » dans la décision 2012/21/UE et doit être justifié dans la convention ` +
    `(risque et rentabilité d'un opérateur comparable).`
  );
}

export interface DedicatedFundsYear {
  yearIndex: number;
  /** 689: part of a restricted resource put aside, not spent. */
  provision: Cents;
  /** 789: a resource put aside earlier, used this year. */
  use: Cents;
}

/**
 * Dedicated funds over the CPO: kept out of K and R every year, they are reconciled at the
 * end. Net = Σ 689 − Σ 789: what the SIEG put aside and has not used by the CPO's end (a
 * resource already in C or R, not spent — the control counts it as such, since the 689
 * never entered K).
 */
export function dedicatedFundsOverCpo(years: readonly DedicatedFundsYear[]) {
  const provision = years.reduce((sum, year) => sum + year.provision, 0);
  const use = years.reduce((sum, year) => sum + year.use, 0);
  return {
    years: years.map((year) => ({ ...year, net: year.provision - year.use })),
    provision,
    use,
    net: provision - use,
  };
}
