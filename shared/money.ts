/**
 * Money is integer cents from the database to the screen. These helpers are the only
 * conversions between euros typed by a person and cents stored by the app.
 */

export type Cents = number;

export function isCents(value: number): boolean {
  return Number.isSafeInteger(value);
}

/** A euro amount typed in a form (at most two decimals) to cents, without float drift. */
export function eurosToCents(euros: number): Cents {
  return Math.round(euros * 100);
}

export function centsToEuros(cents: Cents): number {
  return cents / 100;
}

/* Typed text is read by shared/amount.ts (parseAmount), the one parser of every amount field. */

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
