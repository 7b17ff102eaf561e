/**
 * Reads the figures a French document prints, for tests only, written apart from the app's
 * shared/format and shared/money so a mistake there cannot hide itself here:
 * « 12 345,67 € », « −1 200,00 € », « +5 175,03 € », « 99 % », « 12,5 % », « 240 », « 9,3 », « < 5 », « — ».
 * Any space (plain, no-break U+00A0, narrow no-break U+202F) groups thousands; the minus is
 * U+2212 or a hyphen.
 */

export type PrintedFigure =
  | { kind: 'euros'; cents: number; decimals: number }
  | { kind: 'percent'; value: number; decimals: number }
  | { kind: 'number'; value: number; decimals: number }
  | { kind: 'masked'; text: string }
  | { kind: 'blank'; text: string };

const SPACES = /[\s\u00a0\u202f]+/g;
const NUMBER = /^([-−+]?)(\d{1,3}(?: \d{3})*|\d+)(?:,(\d+))?$/;

function readNumber(text: string): { value: number; decimals: number } | null {
  const match = NUMBER.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const digits = `${whole!.replace(/ /g, '')}${fraction ? `.${fraction}` : ''}`;
  const value = Number(digits) * (sign === '-' || sign === '−' ? -1 : 1);
  return { value: Object.is(value, -0) ? 0 : value, decimals: fraction.length };
}

/** The figure a cell prints, or null when the cell is text. */
export function readFigure(cell: string): PrintedFigure | null {
  const text = cell.replace(SPACES, ' ').trim();
  if (text === '' || text === '—' || text === '-' || /^non renseign/i.test(text))
    return { kind: 'blank', text };
  if (/^[<≤] ?\d+( ?%)?$/.test(text)) return { kind: 'masked', text };
  const euros = /^(.*?) ?€$/.exec(text);
  if (euros) {
    const n = readNumber(euros[1]!);
    if (!n) return null;
    // Cents exactly: work on the digits, not on a float times 100.
    const [whole, fraction = ''] = euros[1]!.replace(/[ −+-]/g, '').split(',');
    const cents = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
    return { kind: 'euros', cents: n.value < 0 ? -cents : cents, decimals: n.decimals };
  }
  const percent = /^(.*?) ?%$/.exec(text);
  if (percent) {
    const n = readNumber(percent[1]!);
    return n ? { kind: 'percent', ...n } : null;
  }
  const n = readNumber(text);
  return n ? { kind: 'number', ...n } : null;
}

/** Cents printed in a cell; throws when the cell is not an amount in euros. */
export function euros(cell: string): number {
  const figure = readFigure(cell);
  if (figure?.kind !== 'euros') throw new Error(`Not an amount in euros: « ${cell} »`);
  return figure.cents;
}

/** A count printed in a cell; throws when it is not a plain number. */
export function count(cell: string): number {
  const figure = readFigure(cell);
  if (figure?.kind !== 'number') throw new Error(`Not a number: « ${cell} »`);
  return figure.value;
}

/** A percentage printed in a cell, in percent (99 for « 99 % »). */
export function percent(cell: string): { value: number; decimals: number } {
  const figure = readFigure(cell);
  if (figure?.kind !== 'percent') throw new Error(`Not a percentage: « ${cell} »`);
  return { value: figure.value, decimals: figure.decimals };
}

/** The numeric value a figure stands for in sums (cents for euros), or null. */
export function numericValue(figure: PrintedFigure | null): number | null {
  if (!figure) return null;
  if (figure.kind === 'euros') return figure.cents;
  if (figure.kind === 'number' || figure.kind === 'percent') return figure.value;
  return null;
}

/** Half of the last printed unit: how far a printed rounded figure can be from its value. */
export function halfUnit(decimals: number): number {
  return 0.5 * 10 ** -decimals;
}
