import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDaysUntil,
  formatEuros,
  formatLongDate,
  formatNumber,
  formatPercent,
} from '../../shared/format';

const NBSP = '\u00a0';

describe('formatEuros', () => {
  it('formats cents as French euros with no-break spaces', () => {
    expect(formatEuros(123456)).toBe(`1${NBSP}234,56${NBSP}€`);
    expect(formatEuros(123456)).toBe('1\u00a0234,56\u00a0€');
  });

  it('always shows two decimals', () => {
    expect(formatEuros(0)).toBe(`0,00${NBSP}€`);
    expect(formatEuros(5)).toBe(`0,05${NBSP}€`);
    expect(formatEuros(120_000)).toBe(`1${NBSP}200,00${NBSP}€`);
    expect(formatEuros(12_000_000)).toBe(`120${NBSP}000,00${NBSP}€`);
  });

  it('formats negative amounts with a hyphen-minus', () => {
    expect(formatEuros(-123456)).toBe(`-1${NBSP}234,56${NBSP}€`);
  });

  it('rounds to whole euros on request', () => {
    expect(formatEuros(123456, { whole: true })).toBe(`1${NBSP}235${NBSP}€`);
    expect(formatEuros(123449, { whole: true })).toBe(`1${NBSP}234${NBSP}€`);
    expect(formatEuros(100_000_000, { whole: true })).toBe(`1${NBSP}000${NBSP}000${NBSP}€`);
    // An amount that rounds to zero shows no sign.
    expect(formatEuros(-40, { whole: true })).toBe(`0${NBSP}€`);
    expect(formatEuros(-0)).toBe(`0,00${NBSP}€`);
  });

  it('property: never contains a narrow no-break space or a plain space', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), fc.boolean(), (cents, whole) => {
        const text = formatEuros(cents, { whole });
        expect(text).not.toMatch(/[\u202f ]/);
        expect(text.endsWith(`${NBSP}€`)).toBe(true);
      }),
    );
  });
});

describe('formatNumber', () => {
  it('formats integers with French grouping', () => {
    expect(formatNumber(1234567)).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatNumber(12.6)).toBe('13');
  });

  it('keeps up to two decimals on request', () => {
    expect(formatNumber(1234.567, { decimals: true })).toBe(`1${NBSP}234,57`);
    expect(formatNumber(2.5, { decimals: true })).toBe('2,5');
    expect(formatNumber(3, { decimals: true })).toBe('3');
  });
});

describe('formatPercent', () => {
  it('formats a ratio as a French percentage', () => {
    expect(formatPercent(0.5)).toBe(`50${NBSP}%`);
    expect(formatPercent(1)).toBe(`100${NBSP}%`);
    expect(formatPercent(0)).toBe(`0${NBSP}%`);
    expect(formatPercent(1.25)).toBe(`125${NBSP}%`);
  });

  it('rounds to the requested number of decimals', () => {
    expect(formatPercent(0.1234)).toBe(`12${NBSP}%`);
    expect(formatPercent(0.1234, 1)).toBe(`12,3${NBSP}%`);
    expect(formatPercent(0.5, 2)).toBe(`50,00${NBSP}%`);
  });
});

describe('formatDate', () => {
  it('turns an ISO date into dd/mm/yyyy', () => {
    expect(formatDate('2026-11-23')).toBe('23/11/2026');
    expect(formatDate('2025-01-05')).toBe('05/01/2025');
  });

  it('uses only the date part of an ISO timestamp', () => {
    expect(formatDate('2026-11-23T23:59:00.000Z')).toBe('23/11/2026');
  });

  it('shows a dash when there is no date', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('')).toBe('—');
  });

  it('returns unrecognised text as is', () => {
    expect(formatDate('bientôt')).toBe('bientôt');
    expect(formatDate('23/11/2026')).toBe('23/11/2026');
  });

  it('property: matches the ISO components for any calendar date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2199-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [year, month, day] = iso.split('-');
          expect(formatDate(iso)).toBe(`${day}/${month}/${year}`);
        },
      ),
    );
  });
});

describe('formatDateTime', () => {
  it('shows the local date and time joined by "à"', () => {
    const local = new Date(2026, 10, 23, 11, 4);
    expect(formatDateTime(local.toISOString())).toBe('23/11/2026 à 11:04');
  });

  it('returns an unparseable timestamp as is', () => {
    expect(formatDateTime('pas une date')).toBe('pas une date');
  });
});

describe('formatLongDate', () => {
  it('writes the month in French', () => {
    expect(formatLongDate('2026-06-30')).toBe('30 juin 2026');
    expect(formatLongDate('2026-01-01')).toBe('1 janvier 2026');
    expect(formatLongDate('2025-02-28')).toBe('28 février 2025');
    expect(formatLongDate('2027-08-15')).toBe('15 août 2027');
    expect(formatLongDate('2027-12-31')).toBe('31 décembre 2027');
  });
});

describe('formatDaysUntil', () => {
  it.each([
    [0, "aujourd'hui"],
    [1, 'demain'],
    [2, 'dans 2 jours'],
    [5, 'dans 5 jours'],
    [1500, `dans 1${NBSP}500 jours`],
    [-1, 'dépassée de 1 jour'],
    [-3, 'dépassée de 3 jours'],
    [-1000, `dépassée de 1${NBSP}000 jours`],
  ])('formats %d as %j', (days, text) => {
    expect(formatDaysUntil(days)).toBe(text);
  });
});
