import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conventionYears,
  daysBetween,
  defaultEndDate,
  fiscalYearEndOnOrAfter,
  isFiscalYearEnd,
  isIsoDate,
  isThreeYears,
  nextDeadline,
  reportDueDate,
  yearContaining,
  type ConventionYear,
} from '../../shared/domain/conventionYears';

// Independent UTC date arithmetic, so the properties do not reuse the code under test.
const DAY_MS = 86_400_000;
const isoFromUtcDays = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);
const utcDaysFromIso = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const plusDays = (iso: string, days: number) => isoFromUtcDays(utcDaysFromIso(iso) + days);

const firstDay = utcDaysFromIso('1990-01-01');
const lastDay = utcDaysFromIso('2090-12-31');

const isoDateArb = fc.integer({ min: firstDay, max: lastDay }).map(isoFromUtcDays);
const durationArb = fc.integer({ min: 0, max: 6 * 366 });
const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const fiscalYearEndArb = fc
  .integer({ min: 1, max: 12 })
  .chain((month) =>
    fc
      .integer({ min: 1, max: monthLengths[month - 1] ?? 28 })
      .map((day) => `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`),
  );

function only<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

describe('isIsoDate', () => {
  it('accepts real calendar dates', () => {
    expect(isIsoDate('2025-01-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2027-12-31')).toBe(true);
  });

  it('rejects impossible dates and other formats', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-02-30')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-00-10')).toBe(false);
    expect(isIsoDate('2025-1-1')).toBe(false);
    expect(isIsoDate('01/01/2025')).toBe(false);
    expect(isIsoDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('isFiscalYearEnd', () => {
  it.each(['12-31', '06-30', '03-31', '09-30', '02-28', '01-01'])('accepts %s', (text) => {
    expect(isFiscalYearEnd(text)).toBe(true);
  });

  it.each(['02-29', '13-01', '1231', '00-10', '04-31', '12-32', '12/31', '2025-12-31', ''])(
    'refuses %j',
    (text) => {
      expect(isFiscalYearEnd(text)).toBe(false);
    },
  );
});

describe('fiscalYearEndOnOrAfter', () => {
  it('returns the close in the same year when it is on or after the date', () => {
    expect(fiscalYearEndOnOrAfter('2025-04-01', '12-31')).toBe('2025-12-31');
    expect(fiscalYearEndOnOrAfter('2025-06-30', '06-30')).toBe('2025-06-30');
  });

  it('returns the next year close once the date is past this year close', () => {
    expect(fiscalYearEndOnOrAfter('2025-07-01', '06-30')).toBe('2026-06-30');
  });
});

describe('reportDueDate', () => {
  it('is the end of the six months following the close', () => {
    expect(reportDueDate('2025-12-31')).toBe('2026-06-30');
    // Not 30 December: the six months run from 1 July to 31 December.
    expect(reportDueDate('2026-06-30')).toBe('2026-12-31');
    expect(reportDueDate('2026-04-30')).toBe('2026-10-31');
    expect(reportDueDate('2026-03-31')).toBe('2026-09-30');
  });

  it('clamps to the end of a shorter month', () => {
    expect(reportDueDate('2025-08-31')).toBe('2026-02-28');
    expect(reportDueDate('2027-08-31')).toBe('2028-02-29');
  });
});

describe('defaultEndDate and isThreeYears', () => {
  it('ends the day before the third anniversary', () => {
    expect(defaultEndDate('2025-01-01')).toBe('2027-12-31');
    expect(defaultEndDate('2025-04-01')).toBe('2028-03-31');
    expect(defaultEndDate('2025-07-15')).toBe('2028-07-14');
    expect(defaultEndDate('2024-03-01')).toBe('2027-02-28');
    // A start on 29 February: the anniversary is 1 March, so no day is left out.
    expect(defaultEndDate('2024-02-29')).toBe('2027-02-28');
  });

  it('property: for any start but 29 February, the end is the day before the same date three years on', () => {
    fc.assert(
      fc.property(isoDateArb, (start) => {
        fc.pre(!start.endsWith('-02-29'));
        const anniversary = `${Number(start.slice(0, 4)) + 3}${start.slice(4)}`;
        expect(defaultEndDate(start)).toBe(plusDays(anniversary, -1));
        expect(isThreeYears(start, defaultEndDate(start))).toBe(true);
      }),
    );
  });

  it('tells whether a convention lasts exactly three years', () => {
    expect(isThreeYears('2025-01-01', '2027-12-31')).toBe(true);
    expect(isThreeYears('2025-01-01', '2028-01-01')).toBe(false);
    expect(isThreeYears('2025-01-01', '2027-12-30')).toBe(false);
    expect(isThreeYears('2025-01-01', '2026-12-31')).toBe(false);
  });
});

describe('daysBetween', () => {
  it('counts calendar days, negative when going back', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0);
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('property: agrees with UTC day arithmetic', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -4000, max: 4000 }), (from, offset) => {
        expect(daysBetween(from, plusDays(from, offset))).toBe(offset);
      }),
    );
  });
});

describe('conventionYears', () => {
  it('cuts three calendar years with a 31 December close into three full years', () => {
    const years = conventionYears('2025-01-01', '2027-12-31', '12-31');
    expect(years).toEqual([
      {
        index: 1,
        start: '2025-01-01',
        end: '2025-12-31',
        fiscalYearEnd: '2025-12-31',
        fiscalYearStart: '2025-01-01',
        partial: false,
        reportDue: '2026-06-30',
        label: '2025',
      },
      {
        index: 2,
        start: '2026-01-01',
        end: '2026-12-31',
        fiscalYearEnd: '2026-12-31',
        fiscalYearStart: '2026-01-01',
        partial: false,
        reportDue: '2027-06-30',
        label: '2026',
      },
      {
        index: 3,
        start: '2027-01-01',
        end: '2027-12-31',
        fiscalYearEnd: '2027-12-31',
        fiscalYearStart: '2027-01-01',
        partial: false,
        reportDue: '2028-06-30',
        label: '2027',
      },
    ]);
  });

  it('gives a partial first and last year to a convention starting on 1 April with a 31 December close', () => {
    const years = conventionYears('2025-04-01', '2028-03-31', '12-31');
    expect(years.map((year) => [year.start, year.end, year.partial, year.label])).toEqual([
      ['2025-04-01', '2025-12-31', true, '2025'],
      ['2026-01-01', '2026-12-31', false, '2026'],
      ['2027-01-01', '2027-12-31', false, '2027'],
      ['2028-01-01', '2028-03-31', true, '2028'],
    ]);
    // The partial last year is still reported six months after its financial year's close.
    expect(only(years, 3).fiscalYearEnd).toBe('2028-12-31');
    expect(only(years, 3).reportDue).toBe('2029-06-30');
    expect(only(years, 0).fiscalYearStart).toBe('2025-01-01');
  });

  it('labels financial years straddling two calendar years with both years (30 June close)', () => {
    const years = conventionYears('2025-01-01', '2027-12-31', '06-30');
    expect(years.map((year) => year.label)).toEqual([
      '2024-2025',
      '2025-2026',
      '2026-2027',
      '2027-2028',
    ]);
    expect(years.map((year) => year.partial)).toEqual([true, false, false, true]);
    expect(years.map((year) => [year.start, year.end])).toEqual([
      ['2025-01-01', '2025-06-30'],
      ['2025-07-01', '2026-06-30'],
      ['2026-07-01', '2027-06-30'],
      ['2027-07-01', '2027-12-31'],
    ]);
    expect(years.map((year) => year.fiscalYearStart)).toEqual([
      '2024-07-01',
      '2025-07-01',
      '2026-07-01',
      '2027-07-01',
    ]);
    // The six months following a 30 June close end on 31 December.
    expect(years.map((year) => year.reportDue)).toEqual([
      '2025-12-31',
      '2026-12-31',
      '2027-12-31',
      '2028-12-31',
    ]);
  });

  it('handles a convention of a single day', () => {
    const years = conventionYears('2025-05-05', '2025-05-05', '12-31');
    expect(years).toHaveLength(1);
    expect(only(years, 0)).toMatchObject({
      start: '2025-05-05',
      end: '2025-05-05',
      partial: true,
      fiscalYearEnd: '2025-12-31',
    });
  });

  it('starts a new year the day after a close that falls on the start date', () => {
    const years = conventionYears('2025-12-31', '2026-01-01', '12-31');
    expect(years.map((year) => [year.start, year.end, year.label])).toEqual([
      ['2025-12-31', '2025-12-31', '2025'],
      ['2026-01-01', '2026-01-01', '2026'],
    ]);
  });

  it('gives a financial year holding 29 February its 366 days', () => {
    const years = conventionYears('2027-04-01', '2029-03-31', '03-31');
    expect(years.map((year) => [year.start, year.end, year.partial])).toEqual([
      ['2027-04-01', '2028-03-31', false],
      ['2028-04-01', '2029-03-31', false],
    ]);
    expect(daysBetween(only(years, 0).start, only(years, 0).end)).toBe(365);
  });

  it('reads a 28 February close as the end of February in leap years', () => {
    const years = conventionYears('2037-03-01', '2040-02-29', '02-28');
    expect(years.map((year) => [year.start, year.end, year.partial])).toEqual([
      ['2037-03-01', '2038-02-28', false],
      ['2038-03-01', '2039-02-28', false],
      ['2039-03-01', '2040-02-29', false],
    ]);
    expect(years[2]?.label).toBe('2039-2040');
    // Six months following a close on 29 February: March to August.
    expect(years[2]?.reportDue).toBe('2040-08-31');
  });

  it('returns no year for invalid input', () => {
    expect(conventionYears('2027-12-31', '2025-01-01', '12-31')).toEqual([]);
    expect(conventionYears('2025-02-30', '2027-12-31', '12-31')).toEqual([]);
    expect(conventionYears('2025-01-01', '2027-13-01', '12-31')).toEqual([]);
    expect(conventionYears('2025-01-01', '2027-12-31', '02-29')).toEqual([]);
    expect(conventionYears('2025-01-01', '2027-12-31', '1231')).toEqual([]);
  });

  describe('properties over random start dates, durations and financial-year closes', () => {
    const scenario = fc.record({
      start: isoDateArb,
      duration: durationArb,
      fiscalYearEnd: fiscalYearEndArb,
    });

    const yearsOf = ({
      start,
      duration,
      fiscalYearEnd,
    }: {
      start: string;
      duration: number;
      fiscalYearEnd: string;
    }) => {
      const end = plusDays(start, duration);
      return { end, years: conventionYears(start, end, fiscalYearEnd) };
    };

    it('covers the convention exactly: first start = convention start, last end = convention end', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { end, years } = yearsOf(input);
          expect(years.length).toBeGreaterThan(0);
          expect(only(years, 0).start).toBe(input.start);
          expect(only(years, years.length - 1).end).toBe(end);
        }),
      );
    });

    it('has contiguous, non-overlapping years (each start = previous end + 1 day)', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { years } = yearsOf(input);
          for (const year of years) expect(year.start <= year.end).toBe(true);
          for (let i = 1; i < years.length; i += 1) {
            const previous = only(years, i - 1);
            const current = only(years, i);
            expect(current.start).toBe(plusDays(previous.end, 1));
            expect(current.start > previous.end).toBe(true);
          }
        }),
      );
    });

    it('keeps every year inside one financial year of the given close', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { years } = yearsOf(input);
          for (const year of years) {
            // A 28 February close is the end of February: the 29th in leap years.
            const leapEndOfFebruary =
              input.fiscalYearEnd === '02-28' && year.fiscalYearEnd.endsWith('-02-29');
            expect(leapEndOfFebruary ? '02-28' : year.fiscalYearEnd.slice(5)).toBe(
              input.fiscalYearEnd,
            );
            expect(year.start >= year.fiscalYearStart).toBe(true);
            expect(year.end <= year.fiscalYearEnd).toBe(true);
            // A financial year lasts one year: the day after the previous close.
            const days =
              utcDaysFromIso(year.fiscalYearEnd) - utcDaysFromIso(year.fiscalYearStart) + 1;
            expect([365, 366]).toContain(days);
          }
          for (let i = 1; i < years.length; i += 1) {
            expect(only(years, i).fiscalYearStart).toBe(
              plusDays(only(years, i - 1).fiscalYearEnd, 1),
            );
          }
        }),
      );
    });

    it('numbers years 1..n and marks partial years consistently', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { years } = yearsOf(input);
          expect(years.map((year) => year.index)).toEqual(years.map((_, i) => i + 1));
          for (const year of years) {
            expect(year.partial).toBe(
              year.start !== year.fiscalYearStart || year.end !== year.fiscalYearEnd,
            );
          }
          // Only the first and last years can be partial.
          for (const year of years.slice(1, -1)) expect(year.partial).toBe(false);
        }),
      );
    });

    it('labels and report due dates follow the financial year close', () => {
      fc.assert(
        fc.property(scenario, (input) => {
          const { years } = yearsOf(input);
          for (const year of years) {
            const startYear = year.fiscalYearStart.slice(0, 4);
            const closeYear = year.fiscalYearEnd.slice(0, 4);
            expect(year.label).toBe(
              startYear === closeYear ? closeYear : `${startYear}-${closeYear}`,
            );
            expect(year.reportDue).toBe(reportDueDate(year.fiscalYearEnd));
            const gap = utcDaysFromIso(year.reportDue) - utcDaysFromIso(year.fiscalYearEnd);
            expect(gap).toBeGreaterThanOrEqual(181);
            expect(gap).toBeLessThanOrEqual(184);
          }
        }),
      );
    });

    it('puts every date of the convention in exactly one year', () => {
      fc.assert(
        fc.property(scenario, fc.nat(), (input, offsetSeed) => {
          const { years } = yearsOf(input);
          const date = plusDays(input.start, offsetSeed % (input.duration + 1));
          const containing = years.filter((year) => year.start <= date && date <= year.end);
          expect(containing).toHaveLength(1);
          expect(yearContaining(years, date)).toBe(containing[0]);
        }),
      );
    });

    it('gives three full years to any three-year convention starting the day after a close', () => {
      fc.assert(
        fc.property(isoDateArb, fiscalYearEndArb, (anyDate, fiscalYearEnd) => {
          const start = plusDays(fiscalYearEndOnOrAfter(anyDate, fiscalYearEnd), 1);
          const years = conventionYears(start, defaultEndDate(start), fiscalYearEnd);
          expect(years).toHaveLength(3);
          expect(years.every((year) => !year.partial)).toBe(true);
        }),
      );
    });
  });
});

describe('yearContaining', () => {
  const years = conventionYears('2025-01-01', '2027-12-31', '12-31');

  it('finds the year holding a date, bounds included', () => {
    expect(yearContaining(years, '2025-01-01')?.index).toBe(1);
    expect(yearContaining(years, '2026-07-14')?.index).toBe(2);
    expect(yearContaining(years, '2027-12-31')?.index).toBe(3);
  });

  it('returns undefined outside the convention', () => {
    expect(yearContaining(years, '2024-12-31')).toBeUndefined();
    expect(yearContaining(years, '2028-01-01')).toBeUndefined();
  });
});

describe('nextDeadline', () => {
  const years: ConventionYear[] = conventionYears('2025-01-01', '2027-12-31', '12-31');

  it('picks the first report due on or after today', () => {
    expect(nextDeadline(years, '2025-03-01')).toEqual({
      yearIndex: 1,
      label: '2025',
      due: '2026-06-30',
      daysLeft: 486,
    });
    expect(nextDeadline(years, '2026-07-01')).toMatchObject({
      yearIndex: 2,
      due: '2027-06-30',
      daysLeft: 364,
    });
  });

  it('still returns a report due today, with zero days left', () => {
    expect(nextDeadline(years, '2026-06-30')).toEqual({
      yearIndex: 1,
      label: '2025',
      due: '2026-06-30',
      daysLeft: 0,
    });
  });

  it('returns the last report until its due date, then null', () => {
    expect(nextDeadline(years, '2028-06-30')).toMatchObject({ yearIndex: 3, daysLeft: 0 });
    expect(nextDeadline(years, '2028-07-01')).toBeNull();
  });

  it('returns null when there are no years', () => {
    expect(nextDeadline([], '2026-01-01')).toBeNull();
  });

  it('property: the deadline is the earliest report due on or after today', () => {
    fc.assert(
      fc.property(
        isoDateArb,
        durationArb,
        fiscalYearEndArb,
        fc.integer({ min: -400, max: 3000 }),
        (start, duration, fiscalYearEnd, offset) => {
          const all = conventionYears(start, plusDays(start, duration), fiscalYearEnd);
          const today = plusDays(start, offset);
          const upcoming = all.filter((year) => year.reportDue >= today);
          const deadline = nextDeadline(all, today);
          const first = upcoming[0];
          if (!first) {
            expect(deadline).toBeNull();
            return;
          }
          expect(deadline).toEqual({
            yearIndex: first.index,
            label: first.label,
            due: first.reportDue,
            daysLeft: utcDaysFromIso(first.reportDue) - utcDaysFromIso(today),
          });
          for (const year of upcoming) expect(year.reportDue >= first.reportDue).toBe(true);
        },
      ),
    );
  });
});
