/**
 * A report cell's French text read back as the number, percent or date it shows, for the
 * XLSX export. Strict: the text is parsed, then formatted again with shared/format.ts, and
 * a value is kept only when that gives back exactly the same text — anything else (a
 * masked « < 5 », « — », a code, a sentence) stays text. Nothing is ever guessed.
 */
import { isIsoDate } from '../../../shared/domain/conventionYears';
import { formatDate, formatEuros, formatNumber, formatPercent } from '../../../shared/format';
import type { CellKind, TableColumn } from './content';

export type CellValue =
  | { kind: 'text'; text: string }
  | { kind: 'euros'; cents: number; whole: boolean }
  | { kind: 'count'; value: number; decimals: number }
  | { kind: 'percent'; ratio: number; decimals: number }
  | { kind: 'date'; iso: string };

const SPACE = '[\u00a0\u202f ]';
const GROUPED = `\\d{1,3}(?:${SPACE}\\d{3})*`;
const eurosPattern = new RegExp(`^([-+\u2212]?)(${GROUPED})(?:,(\\d{2}))?${SPACE}€$`);
const percentPattern = new RegExp(`^([-+\u2212]?)(${GROUPED})(?:,(\\d+))?${SPACE}%$`);
const numberPattern = new RegExp(`^([-\u2212]?)(${GROUPED})(?:,(\\d{1,2}))?$`);
const datePattern = /^(\d{2})\/(\d{2})\/(\d{4})$/;

const digits = (grouped: string) => Number(grouped.replace(/\D/g, ''));
/** The app writes the sign as "-"; a document's text may carry the minus sign. */
const plainMinus = (text: string) => text.replace(/\u2212/g, '-');

function euros(text: string): CellValue | null {
  const match = eurosPattern.exec(text);
  if (!match) return null;
  const sign = match[1] === '-' || match[1] === '\u2212' ? -1 : 1;
  const whole = match[3] === undefined;
  const cents = sign * (digits(match[2]!) * 100 + (whole ? 0 : Number(match[3])));
  // "+6 234,56 €" is a signed gap: the sign is written apart from the amount.
  const unsigned = match[1] === '+' ? text.slice(1) : plainMinus(text);
  return formatEuros(cents, { whole }) === unsigned ? { kind: 'euros', cents, whole } : null;
}

function percent(text: string): CellValue | null {
  const match = percentPattern.exec(text);
  if (!match) return null;
  const decimals = match[3]?.length ?? 0;
  const magnitude = Number(`${digits(match[2]!)}.${match[3] ?? '0'}`);
  const negative = match[1] === '-' || match[1] === '\u2212';
  const ratio = ((negative ? -1 : 1) * magnitude) / 100;
  // "+12,0 %" is a signed gap: the sign is written apart from the number.
  const unsigned = match[1] === '+' ? text.slice(1) : plainMinus(text);
  return formatPercent(ratio, decimals) === unsigned ? { kind: 'percent', ratio, decimals } : null;
}

function count(text: string): CellValue | null {
  const match = numberPattern.exec(text);
  if (!match) return null;
  const decimals = match[3]?.length ?? 0;
  const value = (match[1] ? -1 : 1) * Number(`${digits(match[2]!)}.${match[3] ?? '0'}`);
  return formatNumber(value, { decimals: decimals > 0 }) === plainMinus(text)
    ? { kind: 'count', value, decimals }
    : null;
}

function date(text: string): CellValue | null {
  const match = datePattern.exec(text);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]}-${match[1]}`;
  return isIsoDate(iso) && formatDate(iso) === text ? { kind: 'date', iso } : null;
}

const readers: Record<Exclude<CellKind, 'text'>, (text: string) => CellValue | null> = {
  euros,
  percent,
  count,
  date,
};

/**
 * The value of a cell in `column`. With a declared kind, only that kind is read; without,
 * amounts, percents and dates are recognised by their exact format, and plain numbers only
 * in a right-aligned (figures) column.
 */
export function cellValue(text: string, column: TableColumn | undefined): CellValue {
  const kind = column?.kind;
  const asText: CellValue = { kind: 'text', text };
  if (kind === 'text') return asText;
  if (kind) return readers[kind](text) ?? asText;
  return (
    euros(text) ??
    percent(text) ??
    date(text) ??
    (column?.align === 'right' ? count(text) : null) ??
    asText
  );
}
