/**
 * What the convention says at a given date. The signed convention sets a target per
 * indicator and year and the State contribution per year; each avenant (numbered, dated)
 * replaces some of those values from its effective date on. Nothing is overwritten: the
 * values in force at any date are recomputed from the original and the avenants.
 */
import type { Cents } from '../money';
import type { IsoDate } from './conventionYears';

export interface TargetValue {
  indicatorId: number;
  yearIndex: number;
  value: number;
}

export interface ContributionValue {
  yearIndex: number;
  amountCents: Cents;
}

export type AvenantChange =
  | { kind: 'target'; indicatorId: number; yearIndex: number; value: number }
  | { kind: 'stateContribution'; yearIndex: number; amountCents: Cents }
  | { kind: 'budgetLine'; yearIndex: number; row: string; amountCents: Cents };

export interface BudgetValue {
  yearIndex: number;
  row: string;
  amountCents: Cents;
}

export interface AvenantTerms {
  number: number;
  effectiveFrom: IsoDate;
  changes: readonly AvenantChange[];
}

export interface BaseTerms {
  targets: readonly TargetValue[];
  contributions: readonly ContributionValue[];
  /** The forecast budget per year and CERFA row, as first entered. */
  budget?: readonly BudgetValue[];
}

/** Where a value in force comes from: the signed convention (null) or avenant n°. */
export type Source = number | null;

export interface TermsInForce {
  date: IsoDate;
  targets: (TargetValue & { source: Source; original: number | null })[];
  contributions: (ContributionValue & { source: Source; original: Cents | null })[];
  budget: (BudgetValue & { source: Source; original: Cents | null })[];
  /** Avenant numbers applied at that date, in the order they were applied. */
  applied: number[];
}

const targetKey = (indicatorId: number, yearIndex: number) => `${indicatorId}:${yearIndex}`;

/** Avenants apply in order of effective date, then number (a later number wins a tie). */
export function orderAvenants<T extends AvenantTerms>(avenants: readonly T[]): T[] {
  return [...avenants].sort(
    (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.number - b.number,
  );
}

export function termsInForce(
  base: BaseTerms,
  avenants: readonly AvenantTerms[],
  date: IsoDate,
): TermsInForce {
  const targets = new Map<string, TargetValue & { source: Source; original: number | null }>();
  for (const target of base.targets) {
    targets.set(targetKey(target.indicatorId, target.yearIndex), {
      ...target,
      source: null,
      original: target.value,
    });
  }
  const contributions = new Map<
    number,
    ContributionValue & { source: Source; original: Cents | null }
  >();
  for (const contribution of base.contributions) {
    contributions.set(contribution.yearIndex, {
      ...contribution,
      source: null,
      original: contribution.amountCents,
    });
  }

  const budgetKey = (yearIndex: number, row: string) => `${yearIndex}:${row}`;
  const budget = new Map<string, BudgetValue & { source: Source; original: Cents | null }>();
  for (const line of base.budget ?? []) {
    budget.set(budgetKey(line.yearIndex, line.row), {
      ...line,
      source: null,
      original: line.amountCents,
    });
  }

  const applied: number[] = [];
  for (const avenant of orderAvenants(avenants)) {
    if (avenant.effectiveFrom > date) continue;
    applied.push(avenant.number);
    for (const change of avenant.changes) {
      if (change.kind === 'target') {
        const key = targetKey(change.indicatorId, change.yearIndex);
        const previous = targets.get(key);
        targets.set(key, {
          indicatorId: change.indicatorId,
          yearIndex: change.yearIndex,
          value: change.value,
          source: avenant.number,
          original: previous ? previous.original : null,
        });
      } else if (change.kind === 'budgetLine') {
        const key = budgetKey(change.yearIndex, change.row);
        const previous = budget.get(key);
        budget.set(key, {
          yearIndex: change.yearIndex,
          row: change.row,
          amountCents: change.amountCents,
          source: avenant.number,
          original: previous ? previous.original : null,
        });
      } else {
        const previous = contributions.get(change.yearIndex);
        contributions.set(change.yearIndex, {
          yearIndex: change.yearIndex,
          amountCents: change.amountCents,
          source: avenant.number,
          original: previous ? previous.original : null,
        });
      }
    }
  }

  return {
    date,
    targets: [...targets.values()].sort(
      (a, b) => a.indicatorId - b.indicatorId || a.yearIndex - b.yearIndex,
    ),
    contributions: [...contributions.values()].sort((a, b) => a.yearIndex - b.yearIndex),
    budget: [...budget.values()].sort(
      (a, b) => a.yearIndex - b.yearIndex || a.row.localeCompare(b.row),
    ),
    applied,
  };
}

/** The next free avenant number. */
export function nextAvenantNumber(existing: readonly { number: number }[]): number {
  return existing.reduce((max, avenant) => Math.max(max, avenant.number), 0) + 1;
}
