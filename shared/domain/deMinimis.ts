/**
 * The SIEG de minimis ceiling (regulation 2023/2832): EUR 750 000 per undertaking over
 * any period of three years, general de minimis aid (2023/2831, EUR 300 000 on its own)
 * included. Pure: a rolling sum at each date aid was (or is expected to be) received.
 */
import { addDays, formatISO, parseISO, subYears } from 'date-fns';
import type { Cents } from '../money';

export const SIEG_DE_MINIMIS_CEILING: Cents = 750_000_00;
export const GENERAL_DE_MINIMIS_CEILING: Cents = 300_000_00;
/** A warning is given from this share of a ceiling (basis points), before it is crossed. */
export const DE_MINIMIS_WARNING_BP = 9000;

export interface Aid {
  date: string;
  amountCents: Cents;
  regulation: 'sieg' | 'general';
  /** Expected, not yet received: counts in the projection only. */
  expected: boolean;
}

/** The first day of the three-year window that ends on `date` (both days included). */
export function windowStart(date: string): string {
  return formatISO(addDays(subYears(parseISO(date), 3), 1), { representation: 'date' });
}

export function rollingSum(
  aids: readonly Aid[],
  date: string,
  filter: (aid: Aid) => boolean = () => true,
): Cents {
  const start = windowStart(date);
  let sum = 0;
  for (const aid of aids)
    if (aid.date >= start && aid.date <= date && filter(aid)) sum += aid.amountCents;
  return sum;
}

export type CeilingLevel = 'ok' | 'near' | 'over';

export interface CeilingCheck {
  /** Over the three years ending today, received aid only. */
  current: { total: Cents; general: Cents };
  /** The highest three-year sum at any date, expected payments included. */
  peak: { date: string | null; total: Cents; general: Cents };
  level: CeilingLevel;
  /** The first date the projection crosses a ceiling, if it does. */
  crossesOn: string | null;
}

/** One sum against one ceiling: over it, near it (from DE_MINIMIS_WARNING_BP) or not. */
export function levelAgainst(sum: Cents, ceiling: Cents): CeilingLevel {
  if (sum > ceiling) return 'over';
  if (sum * 10000 >= ceiling * DE_MINIMIS_WARNING_BP) return 'near';
  return 'ok';
}

function levelOf(total: Cents, general: Cents): CeilingLevel {
  const levels = [
    levelAgainst(total, SIEG_DE_MINIMIS_CEILING),
    levelAgainst(general, GENERAL_DE_MINIMIS_CEILING),
  ];
  if (levels.includes('over')) return 'over';
  return levels.includes('near') ? 'near' : 'ok';
}

export function ceilingCheck(aids: readonly Aid[], today: string): CeilingCheck {
  const received = aids.filter((aid) => !aid.expected);
  const isGeneral = (aid: Aid) => aid.regulation === 'general';
  const current = {
    total: rollingSum(received, today),
    general: rollingSum(received, today, isGeneral),
  };
  let peak: CeilingCheck['peak'] = { date: null, ...current };
  let crossesOn: string | null = null;
  const dates = [...new Set(aids.map((aid) => aid.date))].sort();
  for (const date of dates) {
    const total = rollingSum(aids, date);
    const general = rollingSum(aids, date, isGeneral);
    if (total > peak.total || (total === peak.total && general > peak.general))
      peak = { date, total, general };
    if (crossesOn === null && levelOf(total, general) === 'over') crossesOn = date;
  }
  const level = [
    levelOf(current.total, current.general),
    levelOf(peak.total, peak.general),
  ].includes('over')
    ? 'over'
    : levelOf(peak.total, peak.general);
  return { current, peak, level, crossesOn };
}
