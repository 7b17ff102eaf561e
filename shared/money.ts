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

/** Parses `1 234,56`, `1234.56`, `-12`, `1 234,5 €` into cents; null when it is not an amount. */
export function parseEurosText(text: string): Cents | null {
  const cleaned = text.replace(/[\s\u00a0\u202f€]/g, '');
  const match = /^([+-]?)(\d+)(?:[,.](\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const [, sign, units, decimals = ''] = match;
  const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
  return sign === '-' && cents !== 0 ? -cents : cents;
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
