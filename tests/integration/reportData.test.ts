/**
 * The report figures read from a real database: the follow-up spreadsheet fixture imported
 * as an operator would, plus outreach, coordination, actions, targets and an avenant. Key
 * figures are checked against the fixture's hand count (expected.json) and against the CSV
 * read here on its own; the indicator table against `indicators.realised`; and no identity
 * value may reach the model.
 */
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  activityFigures,
  finalIndicatorFigures,
} from '../../electron/backend/services/reportData/activityModel';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const TODAY = '2026-11-23';
const FIXTURE_DIR = join(process.cwd(), 'tests', 'fixtures', 'people');
const FIXTURE_FILE = 'suivi-2025-2026.csv';
const fixtureBytes = readFileSync(join(FIXTURE_DIR, FIXTURE_FILE));
const expected = JSON.parse(readFileSync(join(FIXTURE_DIR, 'expected.json'), 'utf8')) as {
  persons: number;
  women: number;
  entered_accompaniment_2025: number;
  exits_2025: number;
  positive_exits_2025: number;
};

/** The fixture read here, without the app's code: enough to count women and stays. */
const fixtureRows = iconv
  .decode(fixtureBytes, 'win1252')
  .split(/\r?\n/)
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const cells = line.split(';');
    const iso = (text = '') => {
      const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
      return match ? `${match[3]}-${match[2]}-${match[1]}` : null;
    };
    return {
      fileNumber: cells[0] ?? '',
      lastName: (cells[1] ?? '').trim(),
      firstName: (cells[2] ?? '').trim(),
      woman: (cells[3] ?? '').trim().toLowerCase().startsWith('f'),
      entry: iso(cells[12]),
      exit: iso(cells[15]),
    };
  });
const accompaniedBetween = (start: string, end: string) =>
  fixtureRows.filter(
    (row) => row.entry !== null && row.entry <= end && (row.exit === null || row.exit >= start),
  );

/** Planted in a person's identity: none of it may reach a report. */
const CANARY = {
  lastName: 'Canarixyzzy',
  firstName: 'Zébulonne',
  phone: '06 99 98 97 96',
  email: 'canari.xyzzy@exemple.fr',
};
const CANARY_FILE = 'CAN-7F3A';

const base64 = (bytes: Buffer) => bytes.toString('base64');

async function setup() {
  backend = await testBackend();
  const { id: conventionId } = await backend.call(
    'conventions.create',
    validConvention({
      coHolders: [
        { name: 'Association Tremplin Test', siret: '77567227200017', isLead: true },
        { name: 'Régie de quartier Bellevue', siret: '', isLead: false },
      ],
    }),
  );
  const call = backend.call.bind(backend);

  // People: the operators' spreadsheet, and one person with the canary identity.
  const preview = await call('people.importPreview', {
    conventionId,
    fileName: FIXTURE_FILE,
    contentBase64: base64(fixtureBytes),
  });
  await call('people.importCommit', {
    conventionId,
    fileName: FIXTURE_FILE,
    contentBase64: base64(fixtureBytes),
    mapping: preview.mapping,
  });
  await call('people.create', {
    conventionId,
    person: {
      fileNumber: CANARY_FILE,
      sex: 'M',
      birthYear: 1985,
      commune: 'Brest',
      inseeCode: '29019',
      qpv: true,
      qpvName: 'Bellevue',
      zrr: false,
      eligibilityGround: 'not_registered',
      lastReferentContact: null,
      situationFlags: [],
    },
    identity: CANARY,
    pathway: {
      identifiedOn: '2026-01-10',
      accompanimentStart: '2026-02-01',
      extendedUntil: '2027-02-01',
      extensionReason: 'Plusieurs freins à lever',
      referent: 'C. Le Gall',
    },
  });
  const people = await call('people.list', { conventionId, today: TODAY });
  const idOf = (fileNumber: string) => people.find((p) => p.fileNumber === fileNumber)!.id;

  // A follow-up at 6 months on the first exit of 2025.
  const exited2025 = fixtureRows
    .filter((row) => row.exit !== null && row.exit.startsWith('2025'))
    .sort((a, b) => a.exit!.localeCompare(b.exit!))[0]!;
  const detail = await call('people.get', { id: idOf(exited2025.fileNumber), today: TODAY });
  await call('pathways.update', {
    personId: detail.id,
    version: detail.pathwayVersion,
    pathway: { ...detail.pathway, followUpDate: '2025-12-31', followUpSituation: 'employment' },
  });

  // Remobilisation: one workshop with two participants, one interview; a volet-3 workshop.
  const [first, second] = fixtureRows;
  for (const fileNumber of [first!.fileNumber, second!.fileNumber]) {
    await call('actions.add', {
      personId: idOf(fileNumber),
      type: 'workshop',
      date: '2025-05-10',
      minutes: 120,
      volet: 2,
      staff: 'M. Tanguy',
    });
  }
  await call('actions.add', {
    personId: idOf(first!.fileNumber),
    type: 'interview',
    date: '2025-05-12',
    minutes: 45,
    volet: 2,
    staff: 'M. Tanguy',
  });
  await call('actions.add', {
    personId: idOf(second!.fileNumber),
    type: 'workshop',
    date: '2025-06-10',
    minutes: 60,
    volet: 3,
    staff: 'M. Tanguy',
  });

  // Outreach log.
  const contact = (date: string, channel: 'street' | 'digital' | 'partner' | 'event') => ({
    conventionId,
    date,
    channel,
  });
  await call('outreach.add', { ...contact('2025-03-01', 'street'), commune: 'Rennes', count: 12 });
  await call('outreach.add', { ...contact('2025-04-01', 'digital'), count: 3 });
  await call('outreach.add', { ...contact('2025-05-01', 'partner'), commune: 'Vitré', count: 7 });
  await call('outreach.add', { ...contact('2026-02-01', 'event'), commune: 'Rennes', count: 4 });

  // Coordination.
  const partner = async (name: string, type: 'france_travail' | 'association' | 'siae') =>
    (await call('partners.save', { conventionId, partner: { name, type } })).id;
  const p1 = await partner('France Travail Brest', 'france_travail');
  const p2 = await partner('Secours populaire', 'association');
  const p3 = await partner('Chantier d’insertion du Port', 'siae');
  const event = (date: string, kind: 'coordination' | 'copil' | 'cte', partnerIds: number[]) =>
    call('coordination.add', { conventionId, date, kind, title: 'Réunion', partnerIds });
  await event('2025-02-01', 'coordination', [p1, p2]);
  await event('2025-06-01', 'copil', [p2, p3]);
  await event('2025-09-01', 'cte', [p1]);
  await event('2026-03-01', 'coordination', [p3]);

  // Objectives: targets, an avenant, a manual value, one indicator switched off.
  const { definitions } = await call('indicators.list', { conventionId });
  const idOfCode = (code: string) => definitions.find((d) => d.code === code)!.id;
  await call('targets.set', {
    conventionId,
    targets: [
      { indicatorId: idOfCode('ACC_ENTRIES'), yearIndex: 1, value: 80 },
      { indicatorId: idOfCode('ACC_ENTRIES'), yearIndex: 2, value: 90 },
      { indicatorId: idOfCode('ACC_ENTRIES'), yearIndex: 3, value: 100 },
      { indicatorId: idOfCode('WOMEN_SHARE'), yearIndex: 1, value: 50 },
      { indicatorId: idOfCode('EXIT_POSITIVE_RATE'), yearIndex: 1, value: 60 },
    ],
  });
  await call('avenants.create', {
    conventionId,
    signedOn: '2025-05-20',
    effectiveFrom: '2025-06-01',
    object: 'Révision des entrées',
    changes: [{ kind: 'target', indicatorId: idOfCode('ACC_ENTRIES'), yearIndex: 1, value: 75 }],
  });
  await call('indicators.setManual', {
    conventionId,
    indicatorId: idOfCode('COST_PER_PERSON'),
    yearIndex: 1,
    value: 250_000,
    comment: 'Estimation',
  });
  await call('indicators.save', {
    conventionId,
    definitions: definitions.map((d) => ({
      id: d.id,
      code: d.code,
      label: d.label,
      unit: d.unit,
      source: d.source,
      active: d.code !== 'YOUTH_SHARE',
    })),
  });
  return conventionId;
}

const sum = (rows: readonly { count: number }[]) => rows.reduce((total, r) => total + r.count, 0);
/** The app keeps percentages 0–100; the reports take ratios, exact when the terms are known. */
const ratio = (unit: string, value: number | null) =>
  value === null ? null : unit === 'percent' ? value / 100 : value;
const reported = (
  unit: string,
  row: { value: number | null; numerator?: number; denominator?: number },
) =>
  unit === 'percent' && row.numerator !== undefined && row.denominator !== undefined
    ? row.denominator === 0
      ? null
      : row.numerator / row.denominator
    : ratio(unit, row.value);

describe('activity report figures from the database', () => {
  test('key figures match the fixture’s hand count and the CSV read on its own', async () => {
    const conventionId = await setup();
    const model = activityFigures(backend.database.readDb, conventionId, 1, TODAY);

    expect(model.year).toEqual({
      label: 'Année 1 (2025)',
      startDate: '2025-01-01',
      endDate: '2025-12-31',
    });
    expect(model.accompaniment.entries).toBe(expected.entered_accompaniment_2025);
    expect(sum(model.exits.byType)).toBe(expected.exits_2025);
    expect(sum(model.exits.byType.filter((row) => row.positive))).toBe(
      expected.positive_exits_2025,
    );
    expect(model.exits.followUp6m).toEqual([{ label: 'En emploi', count: 1 }]);

    // The CSV read here agrees with the hand count, then gives the profile of 2025.
    expect(fixtureRows).toHaveLength(expected.persons);
    expect(fixtureRows.filter((row) => row.woman)).toHaveLength(expected.women);
    const accompanied2025 = accompaniedBetween('2025-01-01', '2025-12-31');
    expect(model.profile.persons).toBe(accompanied2025.length);
    expect(model.profile.sex.find((row) => row.label === 'Femme')?.count).toBe(
      accompanied2025.filter((row) => row.woman).length,
    );
    expect(sum(model.profile.sex)).toBe(model.profile.persons);
    expect(sum(model.profile.ageBands)).toBe(model.profile.persons);
    expect(sum(model.profile.eligibility)).toBe(model.profile.persons);

    expect(model.outreach).toEqual({
      totalContacts: 22,
      personsIdentified: expect.any(Number) as number,
      byChannel: [
        { label: 'Maraude', count: 12 },
        { label: 'Maraude numérique', count: 3 },
        { label: 'Orientation partenaire', count: 7 },
      ],
      byPlace: [
        { label: 'Rennes', count: 12 },
        { label: 'Vitré', count: 7 },
        { label: 'Lieu non renseigné', count: 3 },
      ],
    });
    expect(model.remobilisation).toMatchObject({ collectiveSessions: 1, individualSessions: 1 });
    // The log itself (dates, partners, decisions) is checked on the demo in reportsMasking.
    expect(model.coordination.meetings).toHaveLength(3);
    expect(model.coordination).toMatchObject({
      activePartners: 3,
      partnersByType: [
        { label: 'France Travail', count: 1 },
        { label: 'SIAE', count: 1 },
        { label: 'Association', count: 1 },
      ],
      committees: [
        { label: "Comité territorial pour l'emploi", held: 1, attended: 1 },
        { label: 'Comité de pilotage (COPIL)', held: 1, attended: 1 },
      ],
      actions: [{ label: 'Action de coordination', count: 1 }],
    });
    expect(model.barriers.length).toBeGreaterThan(0);
    for (const row of model.barriers) expect(row.lifted).toBeLessThanOrEqual(row.identified);

    // The canary's extension takes effect in 2026 (entry 1 February + 9 months).
    expect(model.accompaniment.extensions).toBe(0);
    const year2 = activityFigures(backend.database.readDb, conventionId, 2, TODAY);
    expect(year2.accompaniment.extensions).toBe(1);
    expect(year2.year.label).toBe('Année 2 (2026)');

    expect(model.operator).toEqual({
      name: 'Association Tremplin Test',
      siret: '775 672 272 00017',
      address: '1 place de la Mairie, 29200 Brest',
    });
    expect(model.convention).toMatchObject({
      reference: 'CPO-O2R-TEST-001',
      dreetsRegion: 'DREETS Bretagne',
      volets: [
        { number: 1, label: 'Repérage' },
        { number: 2, label: 'Remobilisation' },
        { number: 3, label: 'Accompagnement' },
      ],
      territories: [
        { name: 'Brest', inseeCode: '29019', qpv: true, zrr: false },
        { name: 'Guipavas', inseeCode: '29075', qpv: false, zrr: false },
      ],
      coHolders: [
        { name: 'Association Tremplin Test', siret: '775 672 272 00017', chefDeFile: true },
        { name: 'Régie de quartier Bellevue', chefDeFile: false },
      ],
    });
    expect(() => activityFigures(backend.database.readDb, conventionId, 4, TODAY)).toThrow(
      /3 année/,
    );
  });

  test('the indicators are what indicators.realised returns for the year, with targets as amended', async () => {
    const conventionId = await setup();
    const model = activityFigures(backend.database.readDb, conventionId, 1, TODAY);
    const realised = (
      await backend.call('indicators.realised', { conventionId, date: TODAY })
    ).filter((row) => row.yearIndex === 1);
    const { definitions } = await backend.call('indicators.list', { conventionId });
    const unitOf = (code: string) => definitions.find((d) => d.code === code)!.unit;

    expect(model.indicators.map((i) => i.code)).toEqual(realised.map((r) => r.code));
    expect(model.indicators.some((i) => i.code === 'YOUTH_SHARE')).toBe(false);
    for (const row of realised) {
      const figure = model.indicators.find((i) => i.code === row.code)!;
      expect(figure.unit).toBe(unitOf(row.code));
      expect(figure.realised).toBe(reported(figure.unit, row));
      if (figure.realised !== null && row.value !== null)
        expect(figure.realised).toBeCloseTo(ratio(figure.unit, row.value)!, 12);
      expect(figure.target).toBe(ratio(figure.unit, row.target));
      if (figure.unit === 'percent' && row.numerator !== undefined)
        expect(figure.base).toEqual({ numerator: row.numerator, denominator: row.denominator });
    }
    const byCode = (code: string) => model.indicators.find((i) => i.code === code)!;
    expect(byCode('ACC_ENTRIES')).toMatchObject({
      realised: expected.entered_accompaniment_2025,
      target: 75,
      countsPeople: true,
    });
    expect(byCode('EXIT_POSITIVE_RATE')).toMatchObject({
      realised: expected.positive_exits_2025 / expected.exits_2025,
      target: 0.6,
      base: { numerator: expected.positive_exits_2025, denominator: expected.exits_2025 },
    });
    expect(byCode('WOMEN_SHARE').target).toBe(0.5);
    expect(byCode('WOMEN_SHARE').base?.denominator).toBe(model.profile.persons);
    expect(byCode('PARTNERS').countsPeople).toBeUndefined();
    expect(byCode('COST_PER_PERSON')).toMatchObject({ unit: 'euros', realised: 250_000 });

    // The sections and the table say the same.
    expect(model.accompaniment.activeAtYearEnd).toBe(byCode('ACC_ACTIVE').realised);
    expect(model.outreach.totalContacts).toBe(byCode('REP_CONTACTS').realised);
    expect(model.outreach.personsIdentified).toBe(byCode('REP_PERSONS').realised);
    expect(model.remobilisation.persons).toBe(byCode('REMOB_PERSONS').realised);
    const months = byCode('DURATION_AVG').realised;
    expect(model.accompaniment.averageLengthDays).toBeCloseTo((months ?? 0) * (365.25 / 12), 6);
  });

  test('the final table: each year as indicators.realised gives it, and CPO totals', async () => {
    const conventionId = await setup();
    const final = finalIndicatorFigures(backend.database.readDb, conventionId, TODAY);
    const realised = await backend.call('indicators.realised', { conventionId, date: TODAY });
    const rowsOf = (code: string) =>
      [1, 2, 3].map((y) => realised.find((r) => r.code === code && r.yearIndex === y)!);

    expect(final.map((f) => f.code)).toEqual([...new Set(realised.map((r) => r.code))]);
    // The convention runs 2025–2027; on TODAY (2026) year 3 has not begun: nothing realised.
    for (const figure of final) {
      // Only the figures here; the share terms and « non renseigné » flags are checked below.
      expect(figure.byYear.map(({ realised, target }) => ({ realised, target }))).toEqual(
        rowsOf(figure.code).map((row) => ({
          realised: row.yearIndex === 3 ? null : reported(figure.unit, row),
          target: ratio(figure.unit, row.target),
        })),
      );
    }
    const byCode = (code: string) => final.find((f) => f.code === code)!;

    const entries = rowsOf('ACC_ENTRIES');
    // The total target is that of the years begun (2025, 2026): year 3's 100 is left out.
    expect(byCode('ACC_ENTRIES').total).toEqual({
      realised: entries.reduce((total, row) => total + (row.value ?? 0), 0),
      target: 75 + 90,
    });
    // A share carries its terms, to be masked when one is small.
    const positiveRate = rowsOf('EXIT_POSITIVE_RATE');
    expect(byCode('EXIT_POSITIVE_RATE').byYear[0]!.base).toEqual({
      numerator: positiveRate[0]!.numerator,
      denominator: positiveRate[0]!.denominator,
    });
    expect(byCode('ACC_ENTRIES').countsPeople).toBe(true);

    // A rate over the CPO: its summed terms, not the mean of the yearly rates.
    const exits = rowsOf('EXIT_POSITIVE_RATE');
    const numerator = exits.reduce((total, row) => total + (row.numerator ?? 0), 0);
    const denominator = exits.reduce((total, row) => total + (row.denominator ?? 0), 0);
    expect(byCode('EXIT_POSITIVE_RATE').total.realised).toBe(numerator / denominator);

    // A share of people over the CPO counts each person once (the canary is a man).
    const accompanied = accompaniedBetween('2025-01-01', '2027-12-31');
    expect(byCode('WOMEN_SHARE').total.realised).toBe(
      accompanied.filter((row) => row.woman).length / (accompanied.length + 1),
    );

    expect(byCode('ACC_ACTIVE').total).toEqual({ realised: null, target: null });
    expect(byCode('COST_PER_PERSON').total).toEqual({ realised: null, target: null });
    expect(byCode('PARTNERS').total.realised).toBe(3);
  });

  test('no identity value reaches the model, nor any file number', async () => {
    const conventionId = await setup();
    const db = backend.database.readDb;
    const texts = [
      JSON.stringify(activityFigures(db, conventionId, 1, TODAY)),
      JSON.stringify(activityFigures(db, conventionId, 2, TODAY)),
      JSON.stringify(finalIndicatorFigures(db, conventionId, TODAY)),
    ];
    // The canary is accompanied in year 2: it is counted there.
    expect(activityFigures(db, conventionId, 2, TODAY).profile.persons).toBe(
      accompaniedBetween('2026-01-01', '2026-12-31').length + 1,
    );
    // The canary is really in the identity table.
    const canary = (await backend.call('people.list', { conventionId, today: TODAY })).find(
      (p) => p.fileNumber === CANARY_FILE,
    )!;
    expect((await backend.call('people.get', { id: canary.id, today: TODAY })).identity).toEqual(
      CANARY,
    );
    const names = new Set(
      fixtureRows.flatMap((row) => [row.lastName, row.firstName]).filter((n) => n.length >= 4),
    );
    expect(names.size).toBeGreaterThan(20);
    for (const text of texts) {
      for (const value of Object.values(CANARY)) expect(text).not.toContain(value);
      expect(text).not.toContain(CANARY_FILE);
      expect(text).not.toMatch(/HE-\d{4}/);
      for (const name of names) expect(text).not.toContain(name);
    }
  });
});
