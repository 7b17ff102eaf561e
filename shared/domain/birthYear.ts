/**
 * A birth year after the current year is a typing error. "Current" is the backend's clock
 * (ctx.today()), passed in: the contract cannot read the year when its module loads, or a
 * test on a fixed day and an app left open over New Year would disagree with it.
 */
export const INVALID_BIRTH_YEAR = 'Année de naissance invalide.';

export function birthYearInFuture(birthYear: number | null, today: string): boolean {
  return birthYear !== null && birthYear > Number(today.slice(0, 4));
}
