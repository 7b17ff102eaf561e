/**
 * The backend's clock. Everything that decides on "today" (a late payment, the financial
 * year of a FEC, a birth year in the future) reads ctx.today() / ctx.now(), never the
 * system clock directly, so tests can run on a fixed day.
 *
 * PILOTE_CPO_TODAY=AAAA-MM-JJ (read once by the web bridge CLI) pins the day: the clock
 * starts at 12:00 UTC on that day (the same calendar day in every European time zone) and then moves with real time, so audit timestamps stay
 * in order.
 */
import { AppError } from '../../shared/errors';

export const TODAY_VARIABLE = 'PILOTE_CPO_TODAY';

export function fixedDayClock(day: string, realNow: () => number = Date.now): () => Date {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T12:00:00Z`) : Number.NaN;
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) {
    throw new AppError(
      'VALIDATION',
      `${TODAY_VARIABLE} : date invalide « ${day} » (format attendu AAAA-MM-JJ, par exemple 2026-11-30).`,
    );
  }
  const offset = start - realNow();
  return () => new Date(realNow() + offset);
}

/** The clock the environment asks for, or undefined for the system clock. */
export function clockFromEnvironment(env: NodeJS.ProcessEnv = process.env) {
  const day = env[TODAY_VARIABLE];
  return day ? fixedDayClock(day) : undefined;
}
