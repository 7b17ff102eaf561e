import { describe, expect, it } from 'vitest';
import { followUpsDue } from '../../shared/domain/activityFigures';
import type { YearWindow } from '../../shared/domain/records';
import { personRecord as person } from '../fixtures/personRecord';

const Y2026: YearWindow = { index: 2, start: '2026-01-01', end: '2026-12-31' };

describe('follow-ups due six months after an exit', () => {
  const persons = [
    // Exit 2025-08-10: due 2026-02-10, done (a situation is recorded).
    person(
      1,
      {},
      {
        accompanimentStart: '2025-01-10',
        exitDate: '2025-08-10',
        exitType: 'training',
        followUpDate: '2026-02-12',
        followUpSituation: 'employment',
      },
    ),
    // Exit 2025-12-01: due 2026-06-01, not done.
    person(
      2,
      {},
      { accompanimentStart: '2025-01-10', exitDate: '2025-12-01', exitType: 'abandon' },
    ),
    // Exit 2026-05-20: due 2026-11-20.
    person(3, {}, { accompanimentStart: '2025-01-10', exitDate: '2026-05-20', exitType: 'moved' }),
    // Exit 2025-05-01: due 2025-11-01, the year before.
    person(4, {}, { accompanimentStart: '2025-01-10', exitDate: '2025-05-01', exitType: 'moved' }),
    // Not exited: nothing due.
    person(5, {}, { accompanimentStart: '2025-01-10' }),
  ];

  it('counts those due in the year and, of them, those with a situation', () => {
    expect(followUpsDue(persons, Y2026, '2026-12-31')).toEqual({ due: 3, done: 1 });
  });

  it('stops at the report date in a year in progress', () => {
    // On 2026-11-19 the third follow-up (2026-11-20) is not due yet.
    expect(followUpsDue(persons, Y2026, '2026-11-19')).toEqual({ due: 2, done: 1 });
  });
});
