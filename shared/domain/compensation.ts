/**
 * The SIEG compensation control of Commission Decision 2012/21/EU (finance.md §1): per
 * year (informative), per control period of at most three years with carry-forward, and
 * over the whole CPO at its end. Pure and in integer cents: the 10 % test is done by
 * cross-multiplication so no rounding can move an outcome.
 */
import type { Cents } from '../money';

export interface CompensationYear {
  yearIndex: number;
  /** Public compensation: the State contribution plus every other public support. */
  c: Cents;
  /** Other SIEG revenue (sales, participations, private funding of the action). */
  r: Cents;
  /** Eligible SIEG cost: direct + allocated indirect. */
  k: Cents;
  /** Reasonable profit agreed in the convention. */
  rp: Cents;
}

/** The two unsure readings of finance.md, settings of the convention. */
export interface ControlSettings {
  /** Years inside a period offset each other (default) or only surpluses count. */
  netting: boolean;
  /** The average annual compensation of the 10 % test: over the period (default) or the CPO. */
  averageOver: 'period' | 'cpo';
  /** Length of a control period in convention years (at most 3). */
  periodYears: number;
}

export const DEFAULT_CONTROL_SETTINGS: ControlSettings = {
  netting: true,
  averageOver: 'period',
  periodYears: 3,
};

/** Other public support entered by hand (finance.md §1: premises or staff made available). */
export const supportKindLabels = {
  subsidy: 'subvention',
  premises: 'mise à disposition de locaux',
  staff: 'mise à disposition de personnel',
  other: 'autre soutien',
} as const;

export type SupportKind = keyof typeof supportKindLabels;

/** The same kinds as a table heads them or a form offers them: capitalised, said in full. */
export const supportKindTitles: Record<SupportKind, string> = {
  premises: 'Mise à disposition de locaux',
  staff: 'Mise à disposition de personnel',
  subsidy: 'Subvention non comptabilisée sur le SIEG',
  other: 'Autre soutien public',
};

export type Outcome = 'none' | 'carry_forward' | 'repay';

export const outcomeLabels: Record<Outcome, string> = {
  none: 'Pas de surcompensation : rien à reverser',
  carry_forward:
    'Surcompensation de 10 % au plus de la compensation annuelle moyenne : reportable sur la période suivante (ou à reverser)',
  repay: 'Surcompensation de plus de 10 % : à reverser en totalité, paramètres à revoir',
};

export interface Control {
  /** The convention years covered. */
  yearIndexes: number[];
  c: Cents;
  r: Cents;
  k: Cents;
  rp: Cents;
  /** Overcompensation carried forward from the previous period: compensation received ahead. */
  carriedIn: Cents;
  /** Σ(C + R) + carriedIn − Σ(K + RP), years netted or not by the settings. */
  oc: Cents;
  /** The compensation and the number of years the average is taken over. */
  averageBase: { c: Cents; years: number };
  /** Σ C / n, rounded to the cent for display only. */
  cAvg: Cents;
  /** 10 % of cAvg, rounded to the cent for display only. */
  threshold: Cents;
  outcome: Outcome;
  /** To repay now. */
  amountDue: Cents;
  /** May be carried forward to the next period (or repaid). */
  carriedOut: Cents;
}

export function yearBalance(year: CompensationYear): Cents {
  return year.c + year.r - year.k - year.rp;
}

/** Reasonable profit as a rate of the SIEG cost, rounded half up to the cent. */
export function reasonableProfit(k: Cents, basisPoints: number): Cents {
  if (k <= 0 || basisPoints <= 0) return 0;
  return Math.floor((k * basisPoints + 5000) / 10000);
}

/** OC of a set of years: netted, a shortfall offsets a surplus; otherwise only surpluses count. */
export function overcompensation(years: readonly CompensationYear[], netting: boolean): Cents {
  let oc = 0;
  for (const year of years) {
    const balance = yearBalance(year);
    oc += netting ? balance : Math.max(0, balance);
  }
  return oc;
}

/**
 * The outcome of an overcompensation against 10 % of the average annual compensation
 * (cSum / years): `oc ≤ 0.10 · cSum / years` ⇔ `10 · years · oc ≤ cSum`, exact in integers.
 */
export function outcomeOf(oc: Cents, averageBase: { c: Cents; years: number }): Outcome {
  if (oc <= 0) return 'none';
  return 10 * averageBase.years * oc <= averageBase.c ? 'carry_forward' : 'repay';
}

function roundedDivision(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return Math.round(numerator / denominator);
}

function controlOf(
  years: readonly CompensationYear[],
  settings: ControlSettings,
  averageBase: { c: Cents; years: number },
  carriedIn: Cents,
): Control {
  const sum = (pick: (year: CompensationYear) => number) =>
    years.reduce((total, year) => total + pick(year), 0);
  const oc = overcompensation(years, settings.netting) + carriedIn;
  const outcome = outcomeOf(oc, averageBase);
  return {
    yearIndexes: years.map((year) => year.yearIndex),
    c: sum((year) => year.c),
    r: sum((year) => year.r),
    k: sum((year) => year.k),
    rp: sum((year) => year.rp),
    carriedIn,
    oc,
    averageBase,
    cAvg: roundedDivision(averageBase.c, averageBase.years),
    threshold: roundedDivision(averageBase.c, averageBase.years * 10),
    outcome,
    amountDue: outcome === 'repay' ? oc : 0,
    carriedOut: outcome === 'carry_forward' ? oc : 0,
  };
}

/** Consecutive periods of at most `periodYears` (clamped to 1–3) convention years. */
export function controlPeriods<T>(years: readonly T[], periodYears: number): T[][] {
  const size = Math.min(3, Math.max(1, Math.trunc(periodYears)));
  const periods: T[][] = [];
  for (let start = 0; start < years.length; start += size)
    periods.push(years.slice(start, start + size));
  return periods;
}

export interface CompensationResult {
  /** Each year on its own: informative, against 10 % of that year's compensation. */
  years: (CompensationYear & { balance: Cents; outcome: Outcome })[];
  /** The control periods in order, each carrying forward into the next. */
  periods: Control[];
  /**
   * The whole CPO at its end: every year, no carry-forward inside (it is internal to the
   * CPO). Null when the single period already covers the whole CPO.
   */
  final: Control | null;
}

export function compensationControl(
  years: readonly CompensationYear[],
  settings: ControlSettings = DEFAULT_CONTROL_SETTINGS,
): CompensationResult {
  const cpoBase = { c: years.reduce((total, year) => total + year.c, 0), years: years.length };
  const periods: Control[] = [];
  let carriedIn = 0;
  for (const period of controlPeriods(years, settings.periodYears)) {
    const base =
      settings.averageOver === 'cpo'
        ? cpoBase
        : { c: period.reduce((total, year) => total + year.c, 0), years: period.length };
    const control = controlOf(period, settings, base, carriedIn);
    periods.push(control);
    carriedIn = control.carriedOut;
  }
  return {
    years: years.map((year) => {
      const balance = yearBalance(year);
      return { ...year, balance, outcome: outcomeOf(balance, { c: year.c, years: 1 }) };
    }),
    periods,
    final: periods.length > 1 ? controlOf(years, settings, cpoBase, 0) : null,
  };
}
