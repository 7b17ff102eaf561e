import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGE_NOT_GIVEN,
  NOT_GIVEN,
  barriersFromDetail,
  contactsByPlace,
  coordinationFigures,
  cpoTotal,
  dreetsName,
  exitsByType,
  extensionsInYear,
  followUpsBySituation,
  labelledDetail,
  publicProfile,
  remobilisationSessions,
  reportValue,
  toReportScale,
} from '../../shared/domain/activityFigures';
import { computeIndicators, type IndicatorResult } from '../../shared/domain/indicators';
import { exitTypes, outreachChannels } from '../../shared/domain/peopleLists';
import type {
  CoordinationRecord,
  OutreachRecord,
  PathwayDates,
  PersonRecord,
  YearWindow,
} from '../../shared/domain/records';
import { personRecord as person } from '../fixtures/personRecord';

const Y2025: YearWindow = { index: 1, start: '2025-01-01', end: '2025-12-31' };
const Y2026: YearWindow = { index: 2, start: '2026-01-01', end: '2026-12-31' };

function indicator(results: IndicatorResult[], code: string, yearIndex = 1): IndicatorResult {
  const found = results.find((r) => r.code === code && r.yearIndex === yearIndex);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

describe('exits by type', () => {
  const persons = [
    person(
      1,
      {},
      { accompanimentStart: '2025-01-10', exitDate: '2025-03-01', exitType: 'training' },
    ),
    person(
      2,
      {},
      { accompanimentStart: '2025-01-10', exitDate: '2025-06-01', exitType: 'abandon' },
    ),
    person(
      3,
      {},
      { accompanimentStart: '2025-01-10', exitDate: '2025-07-01', exitType: 'training' },
    ),
    // Outside the year, and an exit without a type: neither counts.
    person(4, {}, { accompanimentStart: '2025-01-10', exitDate: '2026-01-01', exitType: 'moved' }),
    person(5, {}, { accompanimentStart: '2025-01-10', exitDate: '2025-08-01', exitType: null }),
  ];

  it('counts the typed exits of the year per type, in list order, with their positive flag', () => {
    expect(exitsByType(persons, Y2025)).toEqual([
      {
        code: 'training',
        label: 'Formation qualifiante',
        positive: true,
        group: 'training',
        count: 2,
      },
      { code: 'abandon', label: 'Abandon', positive: false, group: 'drop_out', count: 1 },
    ]);
  });

  it('adds up to the EXIT_POSITIVE_RATE terms', () => {
    const rate = indicator(
      computeIndicators({ persons, outreach: [], coordination: [] }, [Y2025]),
      'EXIT_POSITIVE_RATE',
    );
    const rows = exitsByType(persons, Y2025);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(rate.denominator);
    expect(rows.filter((row) => row.positive).reduce((sum, row) => sum + row.count, 0)).toBe(
      rate.numerator,
    );
  });
});

describe('public profile of the persons accompanied in the year', () => {
  const persons = [
    person(
      1,
      { sex: 'F', birthYear: 2000, qpv: true, eligibilityGround: 'not_registered' },
      {
        accompanimentStart: '2024-11-01',
        exitDate: '2025-01-01',
        exitType: 'abandon',
      },
    ),
    person(2, { sex: 'M', birthYear: 1999, zrr: true }, { accompanimentStart: '2025-05-01' }),
    person(
      3,
      { sex: null, birthYear: null, eligibilityGround: 'no_contact_5_months' },
      {
        accompanimentStart: '2025-12-31',
      },
    ),
    person(4, { sex: 'F', birthYear: 1960 }, { accompanimentStart: '2026-01-01' }),
    person(5, { sex: 'F', birthYear: 1980 }, { identifiedOn: '2025-03-01' }),
  ];

  it('counts sex, age bands at the year end, QPV, ZRR and eligibility', () => {
    expect(publicProfile(persons, Y2025)).toEqual({
      persons: 3,
      sex: [
        { label: 'Femme', count: 1 },
        { label: 'Homme', count: 1 },
        { label: NOT_GIVEN, count: 1 },
      ],
      // 2025 − 2000 = 25; 2025 − 1999 = 26.
      ageBands: [
        { label: 'Moins de 26 ans', count: 1 },
        { label: '26 à 44 ans', count: 1 },
        { label: AGE_NOT_GIVEN, count: 1 },
      ],
      qpv: 1,
      zrr: 1,
      eligibility: [
        { label: "Non inscrit auprès du réseau pour l'emploi", count: 1 },
        { label: "Inscrit sans contact avec l'organisme référent depuis 5 mois", count: 1 },
        { label: NOT_GIVEN, count: 1 },
      ],
    });
  });
});

describe('extensions, follow-ups, remobilisation sessions', () => {
  it('counts an extension in the year its accompaniment passes 9 months', () => {
    const persons = [
      person(1, {}, { accompanimentStart: '2025-03-31', extendedUntil: '2026-03-31' }),
      person(2, {}, { accompanimentStart: '2025-04-01', extendedUntil: '2026-04-01' }),
      person(3, {}, { accompanimentStart: '2025-01-01' }),
    ];
    // 31 March + 9 months = 31 December 2025; 1 April + 9 months = 1 January 2026.
    expect(extensionsInYear(persons, Y2025)).toBe(1);
    expect(extensionsInYear(persons, Y2026)).toBe(1);
  });

  it('counts the follow-ups of the year by situation, as FOLLOWUP_6M counts them', () => {
    const followUp = (id: number, date: string, situation: PathwayDates['followUpSituation']) =>
      person(
        id,
        {},
        {
          accompanimentStart: '2024-06-01',
          exitDate: '2024-12-01',
          exitType: 'training',
          followUpDate: date,
          followUpSituation: situation,
        },
      );
    const persons = [
      followUp(1, '2025-06-01', 'employment'),
      followUp(2, '2025-06-02', 'employment'),
      followUp(3, '2025-06-03', 'unknown'),
      followUp(4, '2026-01-01', 'training'),
    ];
    const rows = followUpsBySituation(persons, Y2025);
    expect(rows).toEqual([
      { label: 'En emploi', count: 2 },
      { label: 'Situation inconnue', count: 1 },
    ]);
    const detail = indicator(
      computeIndicators({ persons, outreach: [], coordination: [] }, [Y2025]),
      'FOLLOWUP_6M',
    ).detail;
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(detail?.followUps);
  });

  it('counts one collective session per workshop date and staff, every other volet-2 action as individual', () => {
    const action = (type: string, date: string, staff = 'A. B.', volet = 2) => ({
      type,
      date,
      staff,
      volet,
    });
    expect(
      remobilisationSessions(
        [
          action('workshop', '2025-02-01'),
          action('workshop', '2025-02-01'),
          action('workshop', '2025-02-01', 'C. D.'),
          action('workshop', '2025-03-01'),
          action('interview', '2025-03-02'),
          action('phone', '2025-03-03'),
          action('interview', '2025-03-04', 'A. B.', 3),
          action('interview', '2026-01-01'),
        ],
        Y2025,
      ),
    ).toEqual({ collectiveSessions: 3, individualSessions: 2 });
  });
});

describe('outreach and coordination', () => {
  const contact = (id: number, date: string, commune: string, count: number): OutreachRecord => ({
    id,
    date,
    channel: 'street',
    commune,
    qpv: false,
    zrr: false,
    count,
  });

  it('sums the contacts of the year by place, most first', () => {
    expect(
      contactsByPlace(
        [
          contact(1, '2025-01-01', 'Vitré', 3),
          contact(2, '2025-02-01', 'Rennes', 5),
          contact(3, '2025-03-01', 'Vitré', 4),
          contact(4, '2025-04-01', ' ', 1),
          contact(5, '2026-01-01', 'Rennes', 9),
        ],
        Y2025,
      ),
    ).toEqual([
      { label: 'Vitré', count: 7 },
      { label: 'Rennes', count: 5 },
      { label: 'Lieu non renseigné', count: 1 },
    ]);
  });

  it('labels an indicator detail with a coded list, zero rows left out', () => {
    expect(labelledDetail(outreachChannels, { street: 4, digital: 0, event: 2 })).toEqual([
      { label: 'Maraude', count: 4 },
      { label: 'Évènement', count: 2 },
    ]);
  });

  it('gives the partners by type (adding up to PARTNERS), committees and actions of the year', () => {
    const event = (
      id: number,
      date: string,
      kind: CoordinationRecord['kind'],
      partnerIds: number[],
    ): CoordinationRecord => ({ id, date, kind, partnerIds });
    const coordination = [
      event(1, '2025-01-10', 'coordination', [1, 2]),
      event(2, '2025-02-10', 'copil', [2, 3]),
      event(3, '2025-03-10', 'copil', []),
      event(4, '2025-04-10', 'cte', [4]),
      event(5, '2026-01-10', 'coordination', [5]),
    ];
    const types = new Map([
      [1, 'france_travail'],
      [2, 'association'],
      [3, 'association'],
      [4, 'siae'],
      [5, 'plie'],
    ]);
    const figures = coordinationFigures(coordination, types, Y2025);
    expect(figures).toEqual({
      partnersByType: [
        { label: 'France Travail', count: 1 },
        { label: 'SIAE', count: 1 },
        { label: 'Association', count: 2 },
      ],
      committees: [
        { label: "Comité territorial pour l'emploi", held: 1, attended: 1 },
        { label: 'Comité de pilotage (COPIL)', held: 2, attended: 2 },
      ],
      actions: [{ label: 'Action de coordination', count: 1 }],
    });
    const partners = indicator(
      computeIndicators({ persons: [], outreach: [], coordination }, [Y2025]),
      'PARTNERS',
    );
    expect(figures.partnersByType.reduce((sum, row) => sum + row.count, 0)).toBe(partners.value);
  });
});

describe('barriers, names, scale', () => {
  it('reads the barriers per category from the BARRIERS_LIFTED detail', () => {
    expect(
      barriersFromDetail({ healthIdentified: 3, healthLifted: 1, housingIdentified: 0 }),
    ).toEqual([{ label: 'Santé', identified: 3, lifted: 1 }]);
    expect(barriersFromDetail(undefined)).toEqual([]);
  });

  it('names the DREETS, or the DEETS overseas', () => {
    expect(dreetsName('Bretagne')).toBe('DREETS Bretagne');
    expect(dreetsName('La Réunion')).toBe('DEETS La Réunion');
  });

  it('gives a share with its terms as their exact ratio', () => {
    expect(reportValue('percent', 66.66666666666667, { numerator: 12, denominator: 18 })).toBe(
      12 / 18,
    );
    expect(reportValue('percent', null, { numerator: 0, denominator: 0 })).toBeNull();
    expect(reportValue('months', 7.5, { denominator: 4 })).toBe(7.5);
    expect(reportValue('percent', 40)).toBe(0.4);
  });

  it('turns the app’s percentages into ratios, and nothing else', () => {
    expect(toReportScale('percent', 55)).toBe(0.55);
    expect(toReportScale('count', 55)).toBe(55);
    expect(toReportScale('percent', null)).toBeNull();
  });
});

describe('CPO totals', () => {
  const years = (...values: [number | null, number | null, number?][]) =>
    values.map(([realised, target, denominator]) => ({
      realised,
      target,
      ...(denominator !== undefined ? { denominator } : {}),
    }));

  it('sums counts of events (the whole-CPO figure) and their targets', () => {
    expect(cpoTotal('ACC_ENTRIES', 'count', years([10, 12], [20, 18], [5, 6]), 35)).toEqual({
      realised: 35,
      target: 36,
    });
  });

  it('gives no target total when a year has none, and none for PARTNERS', () => {
    expect(cpoTotal('ACC_ENTRIES', 'count', years([10, 12], [20, null]), 30).target).toBeNull();
    expect(cpoTotal('PARTNERS', 'count', years([10, 12], [20, 12]), 25)).toEqual({
      realised: 25,
      target: null,
    });
  });

  it('sums manual counts only when every year has one', () => {
    expect(cpoTotal('CUSTOM', 'count', years([1, null], [2, null]), undefined).realised).toBe(3);
    expect(cpoTotal('CUSTOM', 'count', years([1, null], [null, null]), undefined).realised).toBe(
      null,
    );
  });

  it('leaves stocks, amounts and manual ratios without a total', () => {
    expect(cpoTotal('ACC_ACTIVE', 'count', years([10, 12], [20, 18]), 20)).toEqual({
      realised: null,
      target: null,
    });
    expect(cpoTotal('COST_PER_PERSON', 'euros', years([100, 90]), undefined)).toEqual({
      realised: null,
      target: null,
    });
    expect(cpoTotal('CUSTOM_RATE', 'percent', years([40, 50]), undefined)).toEqual({
      realised: null,
      target: null,
    });
  });

  it('takes the recomputed ratio, and weights the yearly targets by the denominators', () => {
    // 1/4 and 3/4: the ratio of the sums is 50 % whatever the weights of the years.
    expect(
      cpoTotal('EXIT_POSITIVE_RATE', 'percent', years([25, 40, 4], [75, 60, 12]), 62.5),
    ).toEqual({ realised: 62.5, target: 55 });
    expect(
      cpoTotal('EXIT_POSITIVE_RATE', 'percent', years([null, 40, 0], [null, 60, 0]), null),
    ).toEqual({ realised: null, target: 50 });
  });

  it('over random records: a count of events over the whole CPO is the sum of its years; a rate is never an average of the years', () => {
    const dateArb = fc
      .integer({ min: 0, max: 729 })
      .map((days) => new Date(Date.UTC(2025, 0, 1) + days * 86_400_000).toISOString().slice(0, 10));
    const personArb = (id: number) =>
      fc
        .record({
          accompanimentStart: dateArb,
          exitDate: fc.option(dateArb, { nil: null }),
          exitType: fc.option(fc.constantFrom(...exitTypes.map((type) => type.code)), {
            nil: null,
          }),
        })
        .map(({ accompanimentStart, exitDate, exitType }) =>
          person(
            id,
            {},
            {
              accompanimentStart,
              exitDate: exitDate !== null && exitDate < accompanimentStart ? null : exitDate,
              exitType,
            },
          ),
        );
    const personsArb = fc
      .integer({ min: 0, max: 20 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => personArb(i + 1))));
    fc.assert(
      fc.property(personsArb, (persons: PersonRecord[]) => {
        const inputs = { persons, outreach: [], coordination: [] };
        const yearly = computeIndicators(inputs, [Y2025, Y2026]);
        const whole = computeIndicators(inputs, [{ index: 0, start: Y2025.start, end: Y2026.end }]);
        const perYear = (code: string) => [indicator(yearly, code, 1), indicator(yearly, code, 2)];
        const entries = perYear('ACC_ENTRIES');
        const total = cpoTotal(
          'ACC_ENTRIES',
          'count',
          entries.map((r) => ({ realised: r.value, target: null })),
          indicator(whole, 'ACC_ENTRIES', 0).value,
        );
        expect(total.realised).toBe((entries[0]!.value ?? 0) + (entries[1]!.value ?? 0));
        const rates = perYear('EXIT_POSITIVE_RATE');
        const wholeRate = indicator(whole, 'EXIT_POSITIVE_RATE', 0);
        const numerator = (rates[0]!.numerator ?? 0) + (rates[1]!.numerator ?? 0);
        const denominator = (rates[0]!.denominator ?? 0) + (rates[1]!.denominator ?? 0);
        expect(wholeRate.value).toBe(denominator === 0 ? null : (100 * numerator) / denominator);
      }),
    );
  });
});
