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

/**
 * `due_at_end`: an overcompensation within the 10 % at the end of the entrustment, with no
 * following convention recorded to deduct it: there is no next period, so it is due.
 */
export type Outcome = 'none' | 'carry_forward' | 'repay' | 'due_at_end';

export const outcomeLabels: Record<Outcome, string> = {
  none: 'Pas de surcompensation : rien à reverser',
  carry_forward:
    'Surcompensation de 10 % au plus de la compensation annuelle moyenne : reportable sur la période suivante (ou à reverser)',
  repay: 'Surcompensation de plus de 10 % : à reverser en totalité, paramètres à revoir',
  due_at_end:
    'Surcompensation de 10 % au plus, mais fin du mandat sans convention suivante pour la déduire : à reverser',
};

/** Where an amount carried forward goes: the next period of the CPO or the following convention. */
export type CarriedTo = 'period' | 'next_convention';

/** How the end of the entrustment is closed (finance.md §1). */
export interface EndOfEntrustment {
  /** A following convention is recorded that will deduct what is carried at the end. */
  followingConvention: boolean;
}

/**
 * What was already paid back for a year's overcompensation: repayments made to the State
 * and deductions on later payments (payments of kind « repayment » received), by the year
 * whose overcompensation they settle.
 */
export interface Settlement {
  yearIndex: number;
  amountCents: Cents;
}

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
  /** The control closes the entrustment: the last period, or the final control. */
  last: boolean;
  /** Repayments made and deductions for the years of the control (never negative). */
  repaid: Cents;
  /**
   * Final control only: what the periods already took out of the overcompensation (amounts
   * they required to repay, repaid or carried out of the CPO). The final control is net of it.
   */
  disposedBefore: Cents;
  /** Still to repay: what the control requires, less what was already repaid or disposed of. */
  amountDue: Cents;
  /** Carried forward (or may be repaid instead), to the next period or the following convention. */
  carriedOut: Cents;
  carriedTo: CarriedTo | null;
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

interface Disposal {
  outcome: Outcome;
  amountDue: Cents;
  carriedOut: Cents;
  carriedTo: CarriedTo | null;
}

/**
 * What becomes of `remaining` (the overcompensation not yet repaid) given the 10 % test:
 * above it, repaid; within it, carried to the next period — or, at the end of the
 * entrustment, to the following convention if one is recorded, otherwise due.
 */
function dispose(
  tested: Outcome,
  remaining: Cents,
  last: boolean,
  end: EndOfEntrustment,
): Disposal {
  const rest = Math.max(0, remaining);
  if (tested === 'none') return { outcome: 'none', amountDue: 0, carriedOut: 0, carriedTo: null };
  if (tested === 'repay')
    return { outcome: 'repay', amountDue: rest, carriedOut: 0, carriedTo: null };
  if (!last)
    return { outcome: 'carry_forward', amountDue: 0, carriedOut: rest, carriedTo: 'period' };
  return end.followingConvention
    ? { outcome: 'carry_forward', amountDue: 0, carriedOut: rest, carriedTo: 'next_convention' }
    : { outcome: 'due_at_end', amountDue: rest, carriedOut: 0, carriedTo: null };
}

function controlOf(
  years: readonly CompensationYear[],
  settings: ControlSettings,
  averageBase: { c: Cents; years: number },
  carriedIn: Cents,
  repaid: Cents,
  last: boolean,
  end: EndOfEntrustment,
  /** The final control: net of what the periods disposed of (repayments included there). */
  final: { disposedBefore: Cents } | null = null,
): Control {
  const sum = (pick: (year: CompensationYear) => number) =>
    years.reduce((total, year) => total + pick(year), 0);
  const oc = overcompensation(years, settings.netting) + carriedIn;
  // The 10 % test reads the overcompensation as measured; repayments only settle it.
  const tested = outcomeOf(oc, averageBase);
  const disposedBefore = final ? final.disposedBefore : 0;
  const remaining = final ? oc - disposedBefore : oc - repaid;
  const disposal = dispose(tested, remaining, last, end);
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
    last,
    repaid,
    disposedBefore,
    ...disposal,
  };
}

/**
 * What a period took out of the overcompensation: all of it when it had to be repaid
 * (repaid or still due), what was repaid of it otherwise, and what it carried out of the
 * CPO to the following convention.
 */
function disposedBy(control: Control): Cents {
  const positive = Math.max(0, control.oc);
  if (control.outcome === 'none') return 0;
  if (control.outcome === 'repay' || control.outcome === 'due_at_end') return positive;
  const repaid = Math.min(control.repaid, positive);
  return control.carriedTo === 'next_convention' ? repaid + control.carriedOut : repaid;
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
  /** The control periods in order, each carrying forward into the next; the last closes the CPO. */
  periods: Control[];
  /**
   * The whole CPO at its end: every year, no carry-forward inside (it is internal to the
   * CPO), net of what the periods already repaid, required or carried out (never due
   * twice). Null when the single period already covers the whole CPO.
   */
  final: Control | null;
}

/** The settlements of a set of years, summed. */
function repaidOver(settlements: readonly Settlement[], yearIndexes: readonly number[]): Cents {
  return settlements
    .filter((settlement) => yearIndexes.includes(settlement.yearIndex))
    .reduce((total, settlement) => total + Math.max(0, settlement.amountCents), 0);
}

export function compensationControl(
  years: readonly CompensationYear[],
  settings: ControlSettings = DEFAULT_CONTROL_SETTINGS,
  end: EndOfEntrustment = { followingConvention: false },
  settlements: readonly Settlement[] = [],
): CompensationResult {
  const cpoBase = { c: years.reduce((total, year) => total + year.c, 0), years: years.length };
  const periods: Control[] = [];
  let carriedIn = 0;
  const chunks = controlPeriods(years, settings.periodYears);
  chunks.forEach((period, index) => {
    const base =
      settings.averageOver === 'cpo'
        ? cpoBase
        : { c: period.reduce((total, year) => total + year.c, 0), years: period.length };
    const repaid = repaidOver(
      settlements,
      period.map((year) => year.yearIndex),
    );
    const last = index === chunks.length - 1;
    const control = controlOf(period, settings, base, carriedIn, repaid, last, end);
    periods.push(control);
    carriedIn = control.carriedTo === 'period' ? control.carriedOut : 0;
  });
  const final =
    periods.length > 1
      ? controlOf(
          years,
          settings,
          cpoBase,
          0,
          repaidOver(
            settlements,
            years.map((year) => year.yearIndex),
          ),
          true,
          end,
          { disposedBefore: periods.reduce((total, control) => total + disposedBy(control), 0) },
        )
      : null;
  return {
    years: years.map((year) => {
      const balance = yearBalance(year);
      return { ...year, balance, outcome: outcomeOf(balance, { c: year.c, years: 1 }) };
    }),
    periods,
    final,
  };
}

/** The total still to repay over the CPO: the periods' and the final control's, each once. */
export function totalDue(result: Pick<CompensationResult, 'periods' | 'final'>): Cents {
  return [...result.periods, ...(result.final ? [result.final] : [])].reduce(
    (total, control) => total + control.amountDue,
    0,
  );
}

/**
 * The compensation parameters the CPO fixes in advance (finance.md §1): the reasonable
 * profit and the control readings, with the clause that sets them. Before signature the
 * convention form edits them; afterwards only an avenant does.
 */
export interface CompensationParameters {
  reasonableProfitBp: number;
  ocNetting: boolean;
  ocAverageOver: 'period' | 'cpo';
  controlPeriodYears: number;
  compensationClause: string;
}

export const fixedParameterKeys = [
  'reasonableProfitBp',
  'ocNetting',
  'ocAverageOver',
  'controlPeriodYears',
  'compensationClause',
] as const satisfies readonly (keyof CompensationParameters)[];

/** The fixed parameters that differ between two versions of the convention. */
export function changedParameters(
  before: CompensationParameters,
  after: CompensationParameters,
): (keyof CompensationParameters)[] {
  return fixedParameterKeys.filter((key) => before[key] !== after[key]);
}

/** An avenant's new parameters, from its effective date on. */
export interface ParameterAmendment extends CompensationParameters {
  avenantNumber: number;
  signedOn: string;
  effectiveFrom: string;
}

export interface ParametersInForce extends CompensationParameters {
  /** null: the signed convention; otherwise the avenant that set them. */
  source: { avenantNumber: number; signedOn: string; effectiveFrom: string } | null;
}

/**
 * The parameters in force at `date`: the convention's, replaced by each avenant from its
 * effective date (in order of effective date, then number, as for the other values).
 */
export function parametersInForce(
  convention: CompensationParameters,
  amendments: readonly ParameterAmendment[],
  date: string,
): ParametersInForce {
  let current: ParametersInForce = { ...pickParameters(convention), source: null };
  const ordered = [...amendments].sort(
    (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.avenantNumber - b.avenantNumber,
  );
  for (const amendment of ordered) {
    if (amendment.effectiveFrom > date) continue;
    current = {
      ...pickParameters(amendment),
      source: {
        avenantNumber: amendment.avenantNumber,
        signedOn: amendment.signedOn,
        effectiveFrom: amendment.effectiveFrom,
      },
    };
  }
  return current;
}

function pickParameters(values: CompensationParameters): CompensationParameters {
  return {
    reasonableProfitBp: values.reasonableProfitBp,
    ocNetting: values.ocNetting,
    ocAverageOver: values.ocAverageOver,
    controlPeriodYears: values.controlPeriodYears,
    compensationClause: values.compensationClause,
  };
}

export function settingsOfParameters(parameters: CompensationParameters): ControlSettings {
  return {
    netting: parameters.ocNetting,
    averageOver: parameters.ocAverageOver,
    periodYears: parameters.controlPeriodYears,
  };
}
