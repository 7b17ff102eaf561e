/**
 * The SIEG de minimis ceiling (regulation 2023/2832, art. 3): EUR 750 000 per single
 * undertaking over any period of three years, general de minimis aid (2023/2831, EUR
 * 300 000 on its own) included. Aid counts at the date the legal right to it is granted
 * (signature of the CPO or of an avenant), whatever the payment dates, and for the single
 * undertaking as a whole (every convention of the operator, other de minimis aid). Pure: a
 * rolling sum at each grant date.
 */
import { addDays, formatISO, parseISO, subYears } from 'date-fns';
import type { Cents } from '../money';

export const SIEG_DE_MINIMIS_CEILING: Cents = 750_000_00;
export const GENERAL_DE_MINIMIS_CEILING: Cents = 300_000_00;
/** A warning is given from this share of a ceiling (basis points), before it is crossed. */
export const DE_MINIMIS_WARNING_BP = 9000;

export interface Aid {
  /** The date the right to the aid was granted (signature), not a payment date. */
  date: string;
  /** Negative for an avenant that lowers the aid granted. */
  amountCents: Cents;
  regulation: 'sieg' | 'general';
  /** Not granted yet (a convention not signed): counts in the projection only. */
  expected: boolean;
}

/** A contribution change of an avenant, as valuesInForce reads it. */
interface ContributionChange {
  kind: string;
  yearIndex: number;
  amountCents?: Cents;
}

export interface ConventionGrantInput {
  /** The signature of the CPO; null while it is not signed (then projected at its start). */
  signedOn: string | null;
  startDate: string;
  /** The State contribution per year as signed. */
  contributions: readonly { yearIndex: number; amountCents: Cents }[];
  avenants: readonly { number: number; signedOn: string; changes: readonly ContributionChange[] }[];
}

export interface Grant {
  date: string;
  amountCents: Cents;
  expected: boolean;
  /** null: the convention itself; otherwise the avenant's number. */
  avenantNumber: number | null;
}

/**
 * The aid a convention grants and when: its whole contribution at the signature of the
 * CPO, then what each avenant adds (or removes) at its own signature — the legal right
 * changes when the avenant is signed, whatever its effective date or the payment dates.
 */
export function conventionGrants(input: ConventionGrantInput): Grant[] {
  const byYear = new Map(input.contributions.map((line) => [line.yearIndex, line.amountCents]));
  const total = () => [...byYear.values()].reduce((sum, amount) => sum + amount, 0);
  const grants: Grant[] = [
    {
      date: input.signedOn ?? input.startDate,
      amountCents: total(),
      expected: input.signedOn === null,
      avenantNumber: null,
    },
  ];
  const ordered = [...input.avenants].sort(
    (a, b) => a.signedOn.localeCompare(b.signedOn) || a.number - b.number,
  );
  for (const avenant of ordered) {
    const before = total();
    for (const change of avenant.changes)
      if (change.kind === 'stateContribution' && change.amountCents !== undefined)
        byYear.set(change.yearIndex, change.amountCents);
    const delta = total() - before;
    if (delta !== 0)
      grants.push({
        date: avenant.signedOn,
        amountCents: delta,
        expected: input.signedOn === null,
        avenantNumber: avenant.number,
      });
  }
  return grants;
}

/** The SIREN of a SIRET: the undertaking all its establishments belong to. */
export function sirenOf(siret: string): string {
  return siret.replace(/\s/g, '').slice(0, 9);
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
  /** Granted over the three years ending today (aid not granted yet left out). */
  current: { total: Cents; general: Cents };
  /**
   * What could still be granted today without crossing a ceiling: the SIEG ceiling less
   * what was granted in the window, and no more than the general ceiling's room for
   * general de minimis aid.
   */
  headroom: { total: Cents; general: Cents };
  /** The highest three-year sum at any grant date, aid not granted yet included. */
  peak: { date: string | null; total: Cents; general: Cents };
  level: CeilingLevel;
  /** The first grant date the projection crosses a ceiling, if it does. */
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
  const granted = aids.filter((aid) => !aid.expected);
  const isGeneral = (aid: Aid) => aid.regulation === 'general';
  const current = {
    total: rollingSum(granted, today),
    general: rollingSum(granted, today, isGeneral),
  };
  const room = Math.max(0, SIEG_DE_MINIMIS_CEILING - current.total);
  const headroom = {
    total: room,
    general: Math.min(room, Math.max(0, GENERAL_DE_MINIMIS_CEILING - current.general)),
  };
  // A three-year sum is highest right at a grant date: the peak is read at those dates.
  let peak: CeilingCheck['peak'] = { date: null, total: 0, general: 0 };
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
  return { current, headroom, peak, level, crossesOn };
}
