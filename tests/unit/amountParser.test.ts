/**
 * The one parser of typed figures. What it accepts must mean exactly what was typed; what
 * it refuses must say why, in French, naming the field — never a silent change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatAmountText,
  maxAmountCents,
  moneyRules,
  parseAmount,
  type AmountRules,
} from '../../shared/amount';
import { formatEuros, formatNumber } from '../../shared/format';

const euros = moneyRules('Montant prévu');
const signedEuros = moneyRules('Écart', { allowNegative: true, min: undefined, max: undefined });
const percent: AmountRules = { label: 'Taux', decimals: 2, unit: 'percent', max: 10_000 };
const count: AmountRules = { label: 'Nombre de contacts', decimals: 0, min: 1 };

function value(text: string, rules: AmountRules = euros) {
  const result = parseAmount(text, rules);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(text)}: ${result.message}`);
  return result.value;
}

function message(text: string, rules: AmountRules = euros): string {
  const result = parseAmount(text, rules);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(text)} as ${result.value}`);
  return result.message;
}

/** What a figure says once the layout is gone: no spaces, no unit, no + sign, no trailing decimal zero. */
function meaning(text: string): string {
  let s = text
    .replace(/[\s\u00a0\u202f€%]/g, '')
    .replace(/^\+/, '')
    .replace(/^\u2212/, '-');
  if (s.includes(',')) s = s.replace(/0+$/, '').replace(/,$/, '');
  s = s.replace(/^(-?)0+(?=\d)/, '$1');
  return s === '-0' ? '0' : s;
}

describe('parseAmount — French writing accepted', () => {
  it.each([
    ['1 234,56', 123456],
    ['1234,56', 123456],
    ['1 234', 123400],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56', 123456],
    ['1 234,5 €', 123450],
    ['1\u00a0234,56\u00a0€', 123456],
    ['1234€', 123400],
    ['  42  ', 4200],
    ['0', 0],
    ['0,01', 1],
    ['12 000 000', 1_200_000_000],
    ['+12', 1200],
  ])('reads %j as %d cents', (text, cents) => {
    expect(value(text)).toBe(cents);
  });

  it('reads an empty field as no value, or refuses it when the field is required', () => {
    expect(value('  ')).toBeNull();
    expect(message('', { ...euros, required: true })).toBe('Montant prévu : valeur obligatoire.');
  });

  it('reads quantities and percentages in their own scale', () => {
    expect(value('12,5 %', percent)).toBe(1250);
    expect(value('100', percent)).toBe(10_000);
    expect(value('1 500', count)).toBe(1500);
  });

  it('reads a negative amount only where the field allows it, and never as -0', () => {
    expect(value('-1 234,56 €', signedEuros)).toBe(-123456);
    expect(value('\u22125', signedEuros)).toBe(-500);
    expect(Object.is(value('-0,00', signedEuros), 0)).toBe(true);
  });
});

describe('parseAmount — refusals say why, naming the field', () => {
  it('refuses an ambiguous point with both readings', () => {
    expect(message('180.000', moneyRules("Contribution de l'État"))).toBe(
      "Contribution de l'État : « 180.000 » est ambigu : 180\u00a0000\u00a0€ ou 180,00\u00a0€ ? Écrivez 180\u00a0000 ou 180,00.",
    );
    const oneThousand = message('1.234');
    expect(oneThousand).toContain('1\u00a0234');
    expect(oneThousand).toContain('1,234');
  });

  it('refuses any decimal point: French writes a comma', () => {
    expect(message('12.5')).toBe(
      'Montant prévu : « 12.5 » : en français, les décimales suivent une virgule. Écrivez 12,5.',
    );
    expect(message('1.234.567')).toContain('Écrivez 1\u00a0234\u00a0567.');
    expect(message('1.234,56')).toContain('virgule');
    expect(message('1,234.56')).toContain('virgule');
  });

  it('refuses a negative where the field forbids it', () => {
    expect(message('-500')).toBe('Montant prévu : « -500 » : pas de valeur négative.');
    expect(message('-10', count)).toContain('Nombre de contacts : ');
  });

  it('refuses more decimals than the field allows, even zeros (12,500 may mean 12 500)', () => {
    expect(message('12,345')).toBe('Montant prévu : « 12,345 » : 2 décimales au plus.');
    expect(message('12,500')).toContain('2 décimales au plus');
    expect(message('2,5', count)).toContain('nombre entier attendu');
  });

  it('refuses what is out of range', () => {
    expect(message('100,01', percent)).toBe('Taux : « 100,01 » : 100,00\u00a0% au plus.');
    expect(message('0', count)).toBe('Nombre de contacts : « 0 » : 1 au moins.');
    expect(message('1 000 000 001')).toContain('au plus');
    expect(message('99999999999999999999')).toContain('au plus');
  });

  it.each([
    'abc',
    '12 euros',
    '€',
    '-',
    '12,',
    ',5',
    '.5',
    '1e3',
    '12-',
    '--12',
    '0x10',
    '12 34',
    '1 2345',
    '1,2,3',
    '12 %',
    'douze',
  ])('refuses %j with a French sentence naming the field', (text) => {
    expect(message(text)).toMatch(/^Montant prévu : « .* »/);
  });
});

describe('parseAmount — properties', () => {
  const alphabet = fc.constantFrom(
    ...'0123456789'.split(''),
    '0',
    '1',
    ' ',
    '\u00a0',
    '\u202f',
    ',',
    '.',
    '-',
    '+',
    '€',
    '%',
    'a',
    'e',
  );
  const typed = fc.array(alphabet, { maxLength: 14 }).map((chars) => chars.join(''));

  it('anything accepted prints back to what was typed, modulo spaces and trailing decimal zeros', () => {
    for (const rules of [signedEuros, percent, count, { label: 'Q', decimals: 1 }]) {
      let accepted = 0;
      fc.assert(
        fc.property(typed, (text) => {
          const result = parseAmount(text, rules);
          if (!result.ok || result.value === null) return;
          accepted += 1;
          expect(meaning(formatAmountText(result.value, rules))).toBe(meaning(text));
        }),
        { numRuns: 3000 },
      );
      // The property is only worth something if random typing is often accepted.
      expect(accepted).toBeGreaterThan(100);
    }
  });

  it('anything refused comes with a French sentence naming the field', () => {
    fc.assert(
      fc.property(typed, (text) => {
        const result = parseAmount(text, euros);
        if (result.ok) return;
        expect(result.message.startsWith('Montant prévu : ')).toBe(true);
        expect(result.message.length).toBeGreaterThan('Montant prévu : '.length + 10);
      }),
      { numRuns: 3000 },
    );
  });

  it('parse(format(x)) === x for every safe number of cents', () => {
    const unbounded: AmountRules = {
      label: 'Montant',
      decimals: 2,
      allowNegative: true,
      unit: 'euros',
    };
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (cents) => {
          expect(value(formatAmountText(cents, unbounded), unbounded)).toBe(cents);
        },
      ),
    );
  });

  it('reads back every amount the screens and reports print (formatEuros)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: maxAmountCents }), (cents) => {
        expect(value(formatEuros(cents))).toBe(cents);
      }),
    );
  });

  it('an ambiguous point names both readings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        (units, rest) => {
          const thousands = String(rest).padStart(3, '0');
          const text = `${units}.${thousands}`;
          const refused = message(text);
          expect(refused).toContain(formatNumber(units * 1000 + rest));
          const decimals = thousands.replace(/0+$/, '').padEnd(2, '0');
          expect(refused).toContain(`${formatNumber(units)},${decimals}`);
        },
      ),
    );
  });
});
