/** The home list's status of a convention, on days around its start, its years and its end. */
import { describe, expect, test } from 'vitest';
import { conventionStatus } from '../../shared/domain/conventionStatus';
import { conventionYears } from '../../shared/domain/conventionYears';

// A CPO from 1 April 2025 for three years, financial years closing on 31 December.
const convention = {
  startDate: '2025-04-01',
  endDate: '2028-03-31',
  years: conventionYears('2025-04-01', '2028-03-31', '12-31'),
};

describe('conventionStatus', () => {
  test('before its start: upcoming, no current year, the first report ahead', () => {
    const status = conventionStatus(convention, '2025-03-31');
    expect(status.phase).toBe('upcoming');
    expect(status.currentYear).toBeNull();
    expect(status.nextReport).toMatchObject({ yearIndex: 1, due: '2026-06-30' });
  });

  test('on its first and last days: running, in the year that contains the day', () => {
    expect(conventionStatus(convention, '2025-04-01')).toMatchObject({
      phase: 'running',
      currentYear: { index: 1, label: '2025' },
    });
    const last = conventionStatus(convention, '2028-03-31');
    expect(last.phase).toBe('running');
    expect(last.currentYear?.index).toBe(convention.years.length);
  });

  test('between two years: the next report is the one of the year just closed', () => {
    const status = conventionStatus(convention, '2026-02-15');
    expect(status.currentYear?.index).toBe(2);
    expect(status.nextReport).toMatchObject({ yearIndex: 1, due: '2026-06-30', daysLeft: 135 });
  });

  test('after its end: ended, the last report still due, then none', () => {
    const ended = conventionStatus(convention, '2028-04-01');
    expect(ended.phase).toBe('ended');
    expect(ended.currentYear).toBeNull();
    expect(ended.nextReport).toMatchObject({ yearIndex: 3, due: '2028-06-30' });
    // The partial last year (January to March 2028) is reported after its close, 31/12/2028.
    expect(conventionStatus(convention, '2028-07-01').nextReport).toMatchObject({
      yearIndex: 4,
      due: '2029-06-30',
    });
    expect(conventionStatus(convention, '2029-07-01').nextReport).toBeNull();
  });
});
