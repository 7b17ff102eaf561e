/**
 * Statistical confidentiality of everything that leaves the app (o2r-cpo.md, "Personal
 * data"): reports to the DREETS are aggregates, and a cell that counts fewer people than
 * the threshold is masked so that nobody can be singled out. Zero is shown: "nobody" reveals
 * no one. Complementary disclosure (recovering a masked cell from a total) is not guarded
 * here; a report that prints totals next to masked cells has to take care of it.
 */
import { formatNumber, formatPercent } from '../format';

export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

export interface MaskedCell {
  masked: boolean;
  text: string;
}

/** A figure from 1 to threshold − 1 people. */
function isSmall(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

function maskedText(threshold: number): string {
  return `< ${formatNumber(threshold)}`;
}

/** A count of people: `< 5` when it is from 1 to 4, the number otherwise. */
export function maskCount(value: number, threshold = DEFAULT_SMALL_CELL_THRESHOLD): MaskedCell {
  if (isSmall(value, threshold)) return { masked: true, text: maskedText(threshold) };
  return { masked: false, text: formatNumber(value) };
}

/**
 * A share of people. Masked when either term is small: "75 % of 4 people" names 3 of them
 * as surely as "3" would. A share of nobody is shown as a dash, not as 0 %.
 */
export function maskShare(
  numerator: number,
  denominator: number,
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): MaskedCell {
  if (denominator === 0) return { masked: false, text: '—' };
  if (isSmall(numerator, threshold) || isSmall(denominator, threshold)) {
    return { masked: true, text: `effectif ${maskedText(threshold)}` };
  }
  return { masked: false, text: formatPercent(numerator / denominator) };
}

/** Every count of a table of rows (e.g. one row per category), masked cell by cell. */
export function maskTable<K extends string>(
  rows: readonly Readonly<Record<K, number>>[],
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): Record<K, MaskedCell>[] {
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries<number>(row).map(([key, value]) => [key, maskCount(value, threshold)]),
      ) as Record<K, MaskedCell>,
  );
}
