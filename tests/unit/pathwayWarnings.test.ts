import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  pathwayWarnings,
  warningLabels,
  type PathwayWarningCode,
} from '../../shared/domain/pathwayWarnings';
import type { PathwayDates, PersonRecord } from '../../shared/domain/records';
import { personRecord } from '../fixtures/personRecord';

/** A woman born in 1990, not registered: the warnings only look at the pathway. */
function person(
  overrides: Partial<Omit<PersonRecord, 'pathway'>> = {},
  pathway: Partial<PathwayDates> = {},
): PersonRecord {
  return personRecord(
    1,
    { sex: 'F', birthYear: 1990, eligibilityGround: 'not_registered', ...overrides },
    pathway,
  );
}

const codes = (p: PersonRecord, today: string): PathwayWarningCode[] =>
  pathwayWarnings(p, today).map((warning) => warning.code);

describe('eligibility_not_shown', () => {
  it('warns when a person enters accompaniment with no eligibility ground', () => {
    const warnings = pathwayWarnings(
      person({ eligibilityGround: null }, { accompanimentStart: '2025-03-01' }),
      '2025-03-02',
    );
    expect(warnings).toEqual([
      {
        code: 'eligibility_not_shown',
        message: "Motif d'éligibilité non renseigné à l'entrée en accompagnement.",
      },
    ]);
  });

  it('does not look at the ground before the entry into accompaniment', () => {
    const p = person({ eligibilityGround: null }, { identifiedOn: '2025-01-01' });
    expect(codes(p, '2025-03-02')).toEqual([]);
  });

  it('accepts the grounds that need no evidence date', () => {
    for (const ground of ['not_registered', 'registered_no_support'] as const) {
      const p = person({ eligibilityGround: ground }, { accompanimentStart: '2025-03-01' });
      expect(codes(p, '2025-03-02')).toEqual([]);
    }
  });

  it('wants the date of last contact for the 5-month ground', () => {
    const p = person(
      { eligibilityGround: 'no_contact_5_months', lastReferentContact: null },
      { accompanimentStart: '2025-03-01' },
    );
    const [warning] = pathwayWarnings(p, '2025-03-02');
    expect(warning?.code).toBe('eligibility_not_shown');
    expect(warning?.message).toContain("dernier contact avec l'organisme référent non renseignée");
  });

  it('wants 5 full calendar months between the last contact and the entry', () => {
    const at = (contact: string, start: string) =>
      codes(
        person(
          { eligibilityGround: 'no_contact_5_months', lastReferentContact: contact },
          { accompanimentStart: start },
        ),
        start,
      );
    expect(at('2024-10-01', '2025-03-01')).toEqual([]); // exactly 5 months
    expect(at('2024-10-02', '2025-03-01')).toEqual(['eligibility_not_shown']); // one day short
    expect(at('2024-06-01', '2025-03-01')).toEqual([]);
    expect(at('2025-03-05', '2025-03-01')).toEqual(['eligibility_not_shown']); // after the entry
    // Month ends: 30 September + 5 months is 28 February.
    expect(at('2024-09-30', '2025-02-28')).toEqual([]);
    expect(at('2024-09-30', '2025-02-27')).toEqual(['eligibility_not_shown']);
  });

  it('gives the dates in the message, in French format', () => {
    const [warning] = pathwayWarnings(
      person(
        { eligibilityGround: 'no_contact_5_months', lastReferentContact: '2025-01-15' },
        { accompanimentStart: '2025-03-01' },
      ),
      '2025-03-02',
    );
    expect(warning?.message).toBe(
      "Dernier contact avec l'organisme référent le 15/01/2025, moins de 5 mois avant l'entrée en accompagnement du 01/03/2025.",
    );
  });
});

describe('over_9_months and over_12_months', () => {
  const ongoing = (pathway: Partial<PathwayDates> = {}) =>
    person({}, { accompanimentStart: '2025-01-15', ...pathway });

  it('warns after 9 months without extension, not on the 9-month day', () => {
    expect(codes(ongoing(), '2025-10-15')).toEqual([]);
    expect(codes(ongoing(), '2025-10-16')).toEqual(['over_9_months']);
    expect(pathwayWarnings(ongoing(), '2025-10-16')[0]?.message).toBe(
      'Accompagnement en cours depuis plus de 9 mois (entrée le 15/01/2025) sans extension enregistrée.',
    );
  });

  it('does not warn after 9 months when an extension is recorded', () => {
    expect(codes(ongoing({ extendedUntil: '2026-01-15' }), '2025-12-01')).toEqual([]);
  });

  it('warns after 12 months whatever the extension, and only over_12_months', () => {
    expect(codes(ongoing(), '2026-01-15')).toEqual(['over_9_months']);
    expect(codes(ongoing(), '2026-01-16')).toEqual(['over_12_months']);
    expect(codes(ongoing({ extendedUntil: '2026-01-15' }), '2026-01-15')).toEqual([]);
    expect(codes(ongoing({ extendedUntil: '2026-01-15' }), '2026-01-16')).toEqual([
      'over_12_months',
    ]);
  });

  it('does not warn once the person has exited', () => {
    expect(
      codes(
        ongoing({ exitDate: '2025-12-01', exitType: 'training', followUpDate: '2026-06-01' }),
        '2027-01-01',
      ),
    ).toEqual([]);
  });

  it('does not warn about a start in the future', () => {
    expect(codes(person({}, { accompanimentStart: '2027-01-01' }), '2025-01-01')).toEqual([]);
  });
});

describe('followup_missing', () => {
  const exitedOn = (exitDate: string, followUpDate: string | null = null) =>
    person({}, { accompanimentStart: '2025-01-01', exitDate, exitType: 'training', followUpDate });

  it('warns when the exit is more than 6 months old and no follow-up is recorded', () => {
    expect(codes(exitedOn('2025-03-31'), '2025-09-30')).toEqual([]);
    expect(codes(exitedOn('2025-03-31'), '2025-10-01')).toEqual(['followup_missing']);
    expect(pathwayWarnings(exitedOn('2025-03-31'), '2025-10-01')[0]?.message).toBe(
      "Sortie le 31/03/2025, il y a plus de 6 mois : la situation à 6 mois n'est pas renseignée.",
    );
  });

  it('is satisfied by a follow-up date', () => {
    expect(codes(exitedOn('2025-03-31', '2025-09-30'), '2026-01-01')).toEqual([]);
  });
});

describe('several warnings', () => {
  it('lists eligibility first, then duration', () => {
    const p = person({ eligibilityGround: null }, { accompanimentStart: '2024-01-01' });
    expect(codes(p, '2025-06-01')).toEqual(['eligibility_not_shown', 'over_12_months']);
  });

  it('never reports both over_9_months and over_12_months', () => {
    const dateArb = fc
      .integer({ min: 0, max: 3 * 365 })
      .map((days) => new Date(Date.UTC(2024, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, dateArb, fc.option(dateArb, { nil: null }), (start, today, extended) => {
        const found = codes(
          person({}, { accompanimentStart: start, extendedUntil: extended }),
          today,
        );
        expect(found.includes('over_9_months') && found.includes('over_12_months')).toBe(false);
        for (const code of found) expect(warningLabels[code]).toBeTruthy();
      }),
    );
  });
});

describe('warningLabels', () => {
  it('has a short French label for every code', () => {
    expect(Object.keys(warningLabels).sort()).toEqual([
      'eligibility_not_shown',
      'followup_missing',
      'over_12_months',
      'over_9_months',
    ]);
    for (const label of Object.values(warningLabels)) expect(label.length).toBeLessThan(40);
  });
});
