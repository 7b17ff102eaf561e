/**
 * The one reader of a figure typed by a person: every money and quantity field of the app
 * goes through `parseAmount`. It accepts French writing only (`1 234,56`, `1234,56`,
 * `1 234`, no-break or narrow no-break spaces between thousands, the field's own `€` or `%`
 * at the end) and refuses everything else with a French sentence that names the field:
 * nothing typed is ever silently changed, clamped or dropped.
 *
 * The value is an exact integer: the number of the field's smallest steps, that is
 * `figure × 10^decimals`. For euros (`decimals: 2`) it is the amount in cents, which is what
 * the contract stores; for a quantity with one decimal, tenths. `min` and `max` are in the
 * same integer unit. `amountNumber` turns a quantity back into the plain number the contract
 * expects (1,5 ETP → 1.5).
 */
import { formatNumber } from './format';

/** The contract's ceiling for an amount: one billion euros, in cents. */
export const maxAmountCents = 100_000_000_000;

export type AmountUnit = 'euros' | 'percent' | 'none';

export interface AmountRules {
  /** Names the field in every message: « Montant prévu : … ». */
  label: string;
  /** Digits allowed after the comma: 2 for euros, 0 for a count. At most 2. */
  decimals: number;
  /** Off unless said: most figures of a convention cannot be negative. */
  allowNegative?: boolean;
  /** Bounds in the integer unit of the value (cents for euros). */
  min?: number;
  max?: number;
  /** The symbol a person may type after the figure: `€` for euros, `%` for a percentage. */
  unit?: AmountUnit;
  /** An empty field is refused instead of being read as « no value » (null). */
  required?: boolean;
}

export type AmountResult = { ok: true; value: number | null } | { ok: false; message: string };

/** The rules of a euro field: cents, no negative, at most one billion euros. */
export function moneyRules(label: string, extra: Partial<AmountRules> = {}): AmountRules {
  return { label, decimals: 2, unit: 'euros', min: 0, max: maxAmountCents, ...extra };
}

const unitSymbols: Record<AmountUnit, string> = { euros: '€', percent: '%', none: '' };
const spaces = '\\s\\u00a0\\u202f';
const plainInteger = /^\d+$/;
const groupedInteger = /^\d{1,3}(?:[\s\u00a0\u202f]\d{3})+$/;
/** `180.000`, `1.234`: a point that could separate thousands (English) or decimals. */
const ambiguousPoint = /^(\d{1,3})\.(\d{3})$/;
const pointThousands = /^\d{1,3}(?:\.\d{3})+$/;

function refuse(rules: AmountRules, sentence: string): AmountResult {
  return { ok: false, message: `${rules.label} : ${sentence}` };
}

function unitSuffix(rules: AmountRules): string {
  const symbol = unitSymbols[rules.unit ?? 'none'];
  return symbol ? `\u00a0${symbol}` : '';
}

/** `1234` → `1 234` (fr-FR grouping from format.ts); digits only, any length. */
function groupDigits(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return Number.isSafeInteger(Number(trimmed)) ? formatNumber(Number(trimmed)) : trimmed;
}

/** The figure a scaled integer stands for, written as the field shows it: `1 234,50`. */
export function formatAmountText(value: number, rules: Pick<AmountRules, 'decimals'>): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(rules.decimals + 1, '0');
  const units = digits.slice(0, digits.length - rules.decimals);
  const fraction = digits.slice(digits.length - rules.decimals);
  return `${sign}${formatNumber(Number(units))}${fraction ? `,${fraction}` : ''}`;
}

/** A quantity's scaled integer as the plain number the contract takes: 15 tenths → 1.5. */
export function amountNumber(value: number, decimals: number): number {
  return value / 10 ** decimals;
}

/** The scaled integer of a plain number, for the initial text of a field: 1.5 → 15 tenths. */
export function scaledAmount(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals);
}

function pointMessage(rules: AmountRules, typed: string, sign: string, body: string): string {
  const ambiguous = ambiguousPoint.exec(body);
  if (ambiguous) {
    const [, units = '', thousands = ''] = ambiguous;
    const asThousands = `${sign}${groupDigits(units + thousands)}`;
    // Decimal reading: the zeros beyond the field's decimals say nothing (180.000 → 180,00).
    const kept = thousands.replace(/0+$/, '').padEnd(rules.decimals, '0');
    const asDecimal = `${sign}${groupDigits(units)}${kept ? `,${kept}` : ''}`;
    const suffix = unitSuffix(rules);
    return `« ${typed} » est ambigu : ${asThousands}${suffix} ou ${asDecimal}${suffix} ? Écrivez ${asThousands} ou ${asDecimal}.`;
  }
  if (pointThousands.test(body)) {
    return `« ${typed} » : les milliers se séparent par une espace en français. Écrivez ${sign}${groupDigits(body.replace(/\./g, ''))}.`;
  }
  const decimal = /^(\d+)\.(\d+)$/.exec(body);
  if (decimal) {
    return `« ${typed} » : en français, les décimales suivent une virgule. Écrivez ${sign}${decimal[1]},${decimal[2]}.`;
  }
  return `« ${typed} » : en français, les milliers se séparent par une espace et les décimales suivent une virgule (par ex. 1 234,56).`;
}

export function parseAmount(text: string, rules: AmountRules): AmountResult {
  const typed = text.trim();
  if (typed === '')
    return rules.required ? refuse(rules, 'valeur obligatoire.') : { ok: true, value: null };
  const noun = rules.unit === 'euros' ? 'un montant' : 'un nombre';

  let rest = typed;
  const symbol = unitSymbols[rules.unit ?? 'none'];
  if (symbol && rest.endsWith(symbol))
    rest = rest.slice(0, -symbol.length).replace(new RegExp(`[${spaces}]+$`), '');

  let sign = '';
  const signMatch = /^([-+\u2212])[\s\u00a0\u202f]*/.exec(rest);
  if (signMatch) {
    sign = signMatch[1] === '+' ? '' : '-';
    rest = rest.slice(signMatch[0].length);
  }
  const negative = sign === '-';

  if (
    rest === '' ||
    !/^[\d\s\u00a0\u202f,.]+$/.test(rest) ||
    !/^\d/.test(rest) ||
    !/\d$/.test(rest)
  ) {
    const allowed = symbol
      ? `chiffres, espaces, virgule et « ${symbol} »`
      : 'chiffres, espaces et virgule';
    return refuse(rules, `« ${typed} » n'est pas ${noun} (${allowed} seulement).`);
  }
  if (rest.includes('.')) return refuse(rules, pointMessage(rules, typed, sign, rest));

  const parts = rest.split(',');
  if (parts.length > 2)
    return refuse(rules, `« ${typed} » : une seule virgule, avant les décimales.`);
  const [integerPart = '', fraction = ''] = parts;
  if (!plainInteger.test(integerPart) && !groupedInteger.test(integerPart)) {
    return refuse(
      rules,
      `« ${typed} » : espace mal placée ; une espace sépare les milliers, par groupes de trois chiffres (par ex. 1 234 567).`,
    );
  }
  if (parts.length === 2 && !plainInteger.test(fraction)) {
    return refuse(rules, `« ${typed} » : pas d'espace après la virgule.`);
  }
  if (fraction.length > rules.decimals) {
    return refuse(
      rules,
      rules.decimals === 0
        ? `« ${typed} » : nombre entier attendu, sans décimale.`
        : `« ${typed} » : ${rules.decimals} décimale${rules.decimals > 1 ? 's' : ''} au plus.`,
    );
  }
  if (negative && !rules.allowNegative) {
    return refuse(rules, `« ${typed} » : pas de valeur négative.`);
  }

  const digits = (
    integerPart.replace(/[\s\u00a0\u202f]/g, '') + fraction.padEnd(rules.decimals, '0')
  ).replace(/^0+(?=\d)/, '');
  const magnitude = Number(digits);
  const max = rules.max ?? Number.MAX_SAFE_INTEGER;
  const min = rules.min ?? (rules.allowNegative ? -Number.MAX_SAFE_INTEGER : 0);
  const suffix = unitSuffix(rules);
  if (!Number.isSafeInteger(magnitude) || (!negative && magnitude > max)) {
    return refuse(rules, `« ${typed} » : ${formatAmountText(max, rules)}${suffix} au plus.`);
  }
  // No negative zero: « -0 » is 0.
  const value = negative && magnitude !== 0 ? -magnitude : magnitude;
  if (value < min)
    return refuse(rules, `« ${typed} » : ${formatAmountText(min, rules)}${suffix} au moins.`);
  return { ok: true, value };
}
