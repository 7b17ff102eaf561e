/**
 * Where a convention stands on a given day, for the home list: not started yet, running
 * (and in which of its years), or over; and the next report due. Pure, built on
 * conventionYears(): the dates are never recomputed here.
 */
import {
  nextDeadline,
  yearContaining,
  type ConventionYear,
  type Deadline,
  type IsoDate,
} from './conventionYears';

export type ConventionPhase = 'upcoming' | 'running' | 'ended';

export const phaseLabels: Record<ConventionPhase, string> = {
  upcoming: 'À venir',
  running: 'En cours',
  ended: 'Terminée',
};

export interface ConventionStatus {
  phase: ConventionPhase;
  /** The convention year containing today (running conventions only). */
  currentYear: ConventionYear | null;
  /** The next activity and financial report due on or after today, if any. */
  nextReport: Deadline | null;
}

export function conventionStatus(
  convention: { startDate: IsoDate; endDate: IsoDate; years: readonly ConventionYear[] },
  today: IsoDate,
): ConventionStatus {
  const phase: ConventionPhase =
    today < convention.startDate ? 'upcoming' : today > convention.endDate ? 'ended' : 'running';
  return {
    phase,
    currentYear: phase === 'running' ? (yearContaining(convention.years, today) ?? null) : null,
    // Reports stay due after the end: the last year's is six months after its close.
    nextReport: nextDeadline(convention.years, today),
  };
}
