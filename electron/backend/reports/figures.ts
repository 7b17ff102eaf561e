/**
 * Figures to French cell text, for the report builders: counts of people go through the
 * small-cell rules of `shared/domain/smallCells.ts`, money through `formatEuros` (never
 * masked: it counts no one).
 */
import {
  DEFAULT_SMALL_CELL_THRESHOLD,
  maskCount,
  maskShare,
  maskTable,
} from '../../../shared/domain/smallCells';
import { formatDate, formatEuros, formatNumber, formatPercent } from '../../../shared/format';
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';
import type { CategoryCount, IndicatorFigure, ReportBase } from './model';

/** Shown for a cell masked only because a total would let a reader recompute a small one. */
export const SECONDARY_MASK = 's';

export const MASK_NOTE = (threshold: number) =>
  `Secret statistique : les effectifs de 1 à ${formatNumber(threshold - 1)} personnes sont ` +
  `remplacés par « < ${formatNumber(threshold)} » ; « ${SECONDARY_MASK} » signale une ` +
  'valeur masquée pour qu’un total ne permette pas de retrouver un petit effectif.';

export function thresholdOf(model: ReportBase): number {
  return model.smallCellThreshold ?? DEFAULT_SMALL_CELL_THRESHOLD;
}

/** A count of people as text. */
export function people(value: number, threshold: number): string {
  return maskCount(value, threshold).text;
}

export function share(numerator: number, denominator: number, threshold: number): string {
  return maskShare(numerator, denominator, threshold).text;
}

/**
 * Counts by category printed next to their total. When exactly one cell is masked, the total
 * gives it away, so the next smallest non-zero cell is masked as well (secondary masking).
 */
export function maskedCategories(
  counts: readonly CategoryCount[],
  threshold: number,
): { label: string; count: number; text: string; masked: boolean }[] {
  const masked = maskTable(
    counts.map((entry) => ({ count: entry.count })),
    threshold,
  );
  const rows = counts.map((entry, index) => ({
    label: entry.label,
    count: entry.count,
    text: masked[index]!.count.text,
    masked: masked[index]!.count.masked,
  }));
  if (rows.filter((row) => row.masked).length === 1) {
    const next = rows
      .filter((row) => !row.masked && row.count > 0)
      .sort((a, b) => a.count - b.count)[0];
    if (next) {
      next.text = SECONDARY_MASK;
      next.masked = true;
    }
  }
  return rows;
}

export function anyMasked(texts: readonly string[], threshold: number): boolean {
  const small = `< ${formatNumber(threshold)}`;
  return texts.some((text) => text.includes(small) || text === SECONDARY_MASK);
}

/** A value in its unit: counts, ratio as %, months with decimals, cents as euros. */
export function unitValue(
  value: number | null,
  unit: IndicatorUnit,
  threshold: number,
  countsPeople = false,
): string {
  if (value === null) return '—';
  switch (unit) {
    case 'count':
      return countsPeople ? people(value, threshold) : formatNumber(value);
    case 'percent':
      return formatPercent(value);
    case 'months':
      return `${formatNumber(value, { decimals: true })} mois`;
    case 'euros':
      return formatEuros(value);
  }
}

/** Realised / target, or a dash when there is no target or the realised figure is masked. */
export function achievement(realised: number | null, target: number | null): number | null {
  if (realised === null || target === null || target === 0) return null;
  return realised / target;
}

export function indicatorCells(indicator: IndicatorFigure, threshold: number): string[] {
  const realisedText =
    indicator.unit === 'percent' && indicator.base
      ? share(indicator.base.numerator, indicator.base.denominator, threshold)
      : unitValue(indicator.realised, indicator.unit, threshold, indicator.countsPeople);
  const hidden = realisedText.includes('<') || realisedText === SECONDARY_MASK;
  const ratio = hidden ? null : achievement(indicator.realised, indicator.target);
  return [
    indicator.label,
    realisedText,
    unitValue(indicator.target, indicator.unit, threshold),
    ratio === null ? '—' : formatPercent(ratio),
  ];
}

export function euros(cents: number): string {
  return formatEuros(cents);
}

export function eurosOrDash(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '—' : formatEuros(cents);
}

export function yesNo(value: boolean): string {
  return value ? 'oui' : 'non';
}

/** Where a convention year stands on the day a document is made. */
export type YearState = 'closed' | 'running' | 'future';

export function yearState(year: { startDate: string; endDate: string }, today: string): YearState {
  if (year.startDate > today) return 'future';
  return year.endDate > today ? 'running' : 'closed';
}

/** « Année 2 (2026) — en cours au 23/11/2026 », « … — non commencée », or the label alone. */
export function yearLabelAt(
  year: { label: string; startDate: string; endDate: string },
  today: string,
): string {
  const state = yearState(year, today);
  if (state === 'running') return `${year.label} — en cours au ${formatDate(today)}`;
  if (state === 'future') return `${year.label} — non commencée`;
  return year.label;
}

/** Printed where nothing was ever recorded: unlike 0, it says nothing happened is not known. */
export const NOT_RECORDED = 'non renseigné';

/** The key prefix of a convention year: the same in every document of the convention. */
export function yearKey(year: { startDate: string }): string {
  return year.startDate;
}
