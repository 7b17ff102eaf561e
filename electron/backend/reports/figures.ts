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
  WITHHELD_TEXT,
} from '../../../shared/domain/smallCells';
import { formatDate, formatEuros, formatNumber, formatPercent } from '../../../shared/format';
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';
import { ceilingIndicatorCodes } from '../../../shared/domain/activityFigures';
import type { CategoryCount, IndicatorFigure, ReportBase } from './model';

/** Shown for a cell masked only because a total would let a reader recompute a small one. */
export const SECONDARY_MASK = 's';

/** The legend of the masks; « nd » is explained only where a cell is withheld. */
export const MASK_NOTE = (threshold: number, withheld = false) =>
  `Secret statistique : les effectifs de 1 à ${formatNumber(threshold - 1)} personnes sont ` +
  `remplacés par « < ${formatNumber(threshold)} » ; « ${SECONDARY_MASK} » signale une ` +
  'valeur masquée pour qu’un total ne permette pas de retrouver un petit effectif' +
  (withheld
    ? ` ; « ${WITHHELD_TEXT} » (non diffusé) un effectif de 0 à ${formatNumber(threshold - 1)} ` +
      'personnes, dans un tableau dont tous les effectifs sont petits.'
    : '.');

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
  return texts.some(
    (text) => text.includes(small) || text === SECONDARY_MASK || text === WITHHELD_TEXT,
  );
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
      // One decimal, wherever a duration is printed: the same figure reads the same way.
      return `${formatNumber(printedValue(value, 'months'), { decimals: true })} mois`;
    case 'euros':
      return formatEuros(value);
  }
}

/**
 * A figure rounded to the precision `unitValue` prints it with (whole counts, whole
 * percents, months to one decimal, cents), so that a rate computed on it is the one a
 * reader computes from the printed numbers.
 */
export function printedValue(value: number, unit: IndicatorUnit): number {
  switch (unit) {
    case 'count':
    case 'euros':
      return Math.round(value);
    case 'percent':
      return Math.round(value * 100) / 100;
    case 'months':
      return Math.round(value * 10) / 10;
  }
}

/**
 * Realised / target as printed (both rounded as `unitValue` prints them), or null when there
 * is no target or the realised figure is masked. The one rule of every achievement rate.
 */
export function achievement(
  realised: number | null,
  target: number | null,
  unit: IndicatorUnit,
): number | null {
  if (realised === null || target === null) return null;
  const printedTarget = printedValue(target, unit);
  if (printedTarget === 0) return null;
  return printedValue(realised, unit) / printedTarget;
}

export const CEILING_MET = 'plafond respecté';
export const CEILING_EXCEEDED = 'plafond dépassé';

/**
 * The « Taux de réalisation » cell of an indicator: for a ceiling (lower is better: drop-outs,
 * cost per person), whether the ceiling is kept, never a rate; otherwise the achievement
 * rate. `ratio` is what the realised-vs-target chart may draw (null for a ceiling).
 */
export function achievementCell(
  code: string,
  realised: number | null,
  target: number | null,
  unit: IndicatorUnit,
): { text: string; ratio: number | null } {
  if (realised === null || target === null) return { text: '—', ratio: null };
  if (ceilingIndicatorCodes.has(code))
    return {
      text:
        printedValue(realised, unit) <= printedValue(target, unit) ? CEILING_MET : CEILING_EXCEEDED,
      ratio: null,
    };
  const ratio = achievement(realised, target, unit);
  return { text: ratio === null ? '—' : formatPercent(ratio), ratio };
}

/** Under a table with ceiling indicators: how they are read. */
export const CEILING_NOTE =
  `Abandons et coût par personne sont des plafonds (moins est mieux) : « ${CEILING_MET} » ` +
  `quand le réalisé ne dépasse pas la cible, « ${CEILING_EXCEEDED} » sinon. ` +
  'Les autres taux de réalisation sont calculés sur les valeurs imprimées.';

export function indicatorCells(indicator: IndicatorFigure, threshold: number): string[] {
  const realisedText =
    indicator.unit === 'percent' && indicator.base
      ? share(indicator.base.numerator, indicator.base.denominator, threshold)
      : unitValue(indicator.realised, indicator.unit, threshold, indicator.countsPeople);
  const hidden =
    realisedText.includes('<') || realisedText === SECONDARY_MASK || realisedText === WITHHELD_TEXT;
  const rate = hidden
    ? { text: '—' }
    : achievementCell(indicator.code, indicator.realised, indicator.target, indicator.unit);
  return [
    indicator.label,
    realisedText,
    unitValue(indicator.target, indicator.unit, threshold),
    rate.text,
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

/** Printed for the six-month follow-ups of a year in which none was due. */
export const NONE_DUE = 'aucun suivi dû';

/**
 * The realised cell of the six-month follow-up indicator when no situation was recorded:
 * « aucun suivi dû » when none was due, « non renseigné (N dus) » when some were (N as
 * printed elsewhere, masked alike).
 */
export function followUpNotRecorded(dueText: string | null, due: number | undefined): string {
  if (due === undefined || dueText === null) return NOT_RECORDED;
  return due === 0 ? NONE_DUE : `${NOT_RECORDED} (${dueText} dus)`;
}

/** A realised text that is no figure: no rate may be printed next to it. */
export function isHiddenText(text: string): boolean {
  return (
    text === '—' ||
    text.startsWith(NOT_RECORDED) ||
    text === NONE_DUE ||
    /^(s|< |effectif)/.test(text)
  );
}

/** The key prefix of a convention year: the same in every document of the convention. */
export function yearKey(year: { startDate: string }): string {
  return year.startDate;
}
