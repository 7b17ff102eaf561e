/**
 * The deadline timeline: the report dates follow the operator's financial year (six months
 * after its close, loi 2000-321 art. 10), partial years included; a generated document says
 * so without being called « envoyé »; overdue first, then by due date. Expected dates are
 * written out by hand from the calendar, not computed with the module's helpers.
 */
import { describe, expect, test } from 'vitest';
import { conventionYears } from '../../shared/domain/conventionYears';
import {
  compareDeadlines,
  deadlines,
  type DeadlineFacts,
  type DeadlineItem,
} from '../../shared/domain/deadlines';

function facts(overrides: Partial<DeadlineFacts> & Pick<DeadlineFacts, 'years' | 'endDate'>) {
  return { today: '2026-11-30', documents: [], payments: [], controls: [], ...overrides };
}

function reportDates(items: DeadlineItem[]) {
  return items
    .filter((item) => item.kind === 'report')
    .sort((a, b) => (a.yearIndex ?? 0) - (b.yearIndex ?? 0))
    .map((item) => [item.label, item.due]);
}

describe('report deadlines', () => {
  // « Dans les six mois suivant la fin de l'exercice »: the six months run from the day after
  // the close, so a close on 30 April is due on 31 October (adding six months to 30 April
  // would give 30 October, a day short), a close on 30 June on 31 December.
  test('a financial year closing on 30 April: due on 31 October, labelled across two years', () => {
    const years = conventionYears('2025-05-01', '2028-04-30', '04-30');
    const items = deadlines(facts({ years, endDate: '2028-04-30' }));
    expect(reportDates(items)).toEqual([
      ["Compte rendu financier et bilan d'activité 2025-2026", '2026-10-31'],
      ["Compte rendu financier et bilan d'activité 2026-2027", '2027-10-31'],
      ["Compte rendu financier et bilan d'activité 2027-2028", '2028-10-31'],
    ]);
  });

  test('partial first and last years: the close of the operator’s year drives the date, not the CPO’s end', () => {
    // CPO on calendar years, operator closing on 30 April: 1 Jan–30 Apr 2025 is a partial
    // first year; 1 May–31 Dec 2027 a partial last year, closed on 30 April 2028.
    const years = conventionYears('2025-01-01', '2027-12-31', '04-30');
    const items = deadlines(facts({ years, endDate: '2027-12-31' }));
    expect(reportDates(items)).toEqual([
      ["Compte rendu financier et bilan d'activité 2024-2025 (exercice partiel)", '2025-10-31'],
      ["Compte rendu financier et bilan d'activité 2025-2026", '2026-10-31'],
      ["Compte rendu financier et bilan d'activité 2026-2027", '2027-10-31'],
      ["Compte rendu financier et bilan d'activité 2027-2028 (exercice partiel)", '2028-10-31'],
    ]);
    // The last report falls ten months after the CPO's end, which stays its own line.
    expect(items.find((item) => item.kind === 'cpoEnd')?.due).toBe('2027-12-31');
    expect(items.find((item) => item.kind === 'finalReport')?.due).toBe('2028-10-31');
  });

  test('days left are calendar days from today, negative once past', () => {
    const years = conventionYears('2025-01-01', '2027-12-31', '12-31');
    const items = deadlines(facts({ years, endDate: '2027-12-31', today: '2026-11-30' }));
    const crf2025 = items.find((item) => item.key === 'report-1')!;
    expect(crf2025.due).toBe('2026-06-30');
    // 30 June → 30 November 2026: 1 + 31 + 31 + 30 + 31 + 29 = 153 days late.
    expect(crf2025.daysLeft).toBe(-153);
    expect(crf2025.state).toBe('overdue');
    const crf2026 = items.find((item) => item.key === 'report-2')!;
    expect(crf2026.due).toBe('2027-06-30');
    expect(crf2026.daysLeft).toBe(212);
    expect(crf2026.state).toBe('upcoming');
  });

  test('a generated report says « généré le … »; a draft does not count; nothing is called sent', () => {
    const years = conventionYears('2025-01-01', '2027-12-31', '12-31');
    const items = deadlines(
      facts({
        years,
        endDate: '2027-12-31',
        documents: [
          { kind: 'financial', yearIndex: 1, draft: false, generatedAt: '2026-05-12T08:00:00Z' },
          { kind: 'financial', yearIndex: 1, draft: false, generatedAt: '2026-06-02T08:00:00Z' },
          { kind: 'activity', yearIndex: 1, draft: true, generatedAt: '2026-06-03T08:00:00Z' },
          // Year 2: both generated, on two days; another year's document does not close year 3.
          { kind: 'activity', yearIndex: 2, draft: false, generatedAt: '2026-11-02T08:00:00Z' },
          { kind: 'financial', yearIndex: 2, draft: false, generatedAt: '2026-11-03T08:00:00Z' },
          { kind: 'final', yearIndex: null, draft: true, generatedAt: '2026-11-04T08:00:00Z' },
        ],
      }),
    );
    // Year 1: only the CRF is final (its latest generation is given); the bilan is a draft.
    expect(items.find((item) => item.key === 'report-1')).toMatchObject({
      state: 'overdue',
      note: "compte rendu financier généré le 02/06/2026, bilan d'activité à générer",
    });
    expect(items.find((item) => item.key === 'report-2')).toMatchObject({
      state: 'done',
      note: 'générés le 03/11/2026 et le 02/11/2026',
    });
    expect(items.find((item) => item.key === 'report-3')).toMatchObject({
      state: 'upcoming',
      note: null,
    });
    // A draft of the bilan final does not count either.
    expect(items.find((item) => item.kind === 'finalReport')).toMatchObject({
      state: 'upcoming',
      note: null,
    });
    expect(JSON.stringify(items)).not.toMatch(/envoy/i);
  });
});

describe('other deadlines', () => {
  const years = conventionYears('2025-01-01', '2027-12-31', '12-31');

  test('payments: late and partly paid past their date are overdue, received ones are done', () => {
    const items = deadlines(
      facts({
        years,
        endDate: '2027-12-31',
        payments: [
          {
            id: 1,
            yearIndex: 1,
            label: 'Avance 2025',
            expectedOn: '2025-03-01',
            status: 'received',
            note: null,
          },
          {
            id: 2,
            yearIndex: 2,
            label: 'Solde 2026',
            expectedOn: '2026-09-30',
            status: 'late',
            note: null,
          },
          {
            id: 3,
            yearIndex: 2,
            label: 'Acompte 2026',
            expectedOn: '2026-06-30',
            status: 'partial',
            note: null,
          },
          {
            id: 4,
            yearIndex: 3,
            label: 'Avance 2027',
            expectedOn: '2027-02-01',
            status: 'upcoming',
            note: null,
          },
        ],
      }),
    );
    const state = (id: number) => items.find((item) => item.key === `payment-${id}`)?.state;
    expect([state(1), state(2), state(3), state(4)]).toEqual([
      'done',
      'overdue',
      'overdue',
      'upcoming',
    ]);
  });

  test('the SIEG control falls on its last year’s report date, and says when it is provisional', () => {
    const items = deadlines(
      facts({
        years,
        endDate: '2027-12-31',
        controls: [{ label: 'Contrôle 2025-2027', yearIndexes: [1, 2, 3], provisional: true }],
      }),
    );
    expect(items.find((item) => item.kind === 'siegControl')).toMatchObject({
      due: '2028-06-30',
      estimate: true,
      label: 'Contrôle SIEG — Contrôle 2025-2027',
      note: expect.stringContaining('provisoire'),
    });
  });

  test('the next AMI is an estimate on the CPO’s end date', () => {
    const items = deadlines(facts({ years, endDate: '2027-12-31' }));
    expect(items.find((item) => item.kind === 'ami')).toMatchObject({
      due: '2027-12-31',
      estimate: true,
      note: expect.stringContaining('estimation'),
    });
  });

  test('order: overdue first (oldest first), then upcoming by date, then done', () => {
    const items = deadlines(
      facts({
        years,
        endDate: '2027-12-31',
        payments: [
          {
            id: 9,
            yearIndex: 2,
            label: 'Solde 2026',
            expectedOn: '2026-09-30',
            status: 'late',
            note: null,
          },
          {
            id: 7,
            yearIndex: 2,
            label: 'Avance 2026',
            expectedOn: '2026-03-01',
            status: 'late',
            note: null,
          },
          {
            id: 8,
            yearIndex: 1,
            label: 'Avance 2025',
            expectedOn: '2025-02-01',
            status: 'received',
            note: null,
          },
        ],
      }),
    );
    const keys = items.map((item) => `${item.state}:${item.due}:${item.key}`);
    // Every overdue item before any upcoming one, the oldest first, whatever its kind.
    expect(keys.slice(0, 4)).toEqual([
      'overdue:2026-03-01:payment-7',
      'overdue:2026-06-30:report-1',
      'overdue:2026-09-30:payment-9',
      'upcoming:2027-06-30:report-2',
    ]);
    expect(keys.at(-1)).toBe('done:2025-02-01:payment-8');
    const upcoming = items.filter((item) => item.state === 'upcoming').map((item) => item.due);
    expect(upcoming).toEqual([...upcoming].sort());
    // The comparison is a total order: sorting twice changes nothing.
    expect([...items].sort(compareDeadlines)).toEqual(items);
  });
});
