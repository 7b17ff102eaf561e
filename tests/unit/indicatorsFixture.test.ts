/**
 * Checks the indicator rules against an independent fixture: a spreadsheet export as an
 * operator would keep it (Windows-1252, `;`, French dates and labels) and the figures
 * counted from it by hand (expected.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeIndicators, type IndicatorResult } from '../../shared/domain/indicators';
import { eligibilityGrounds, exitTypes, matchCoded, sexes } from '../../shared/domain/peopleLists';
import type { PersonRecord, YearWindow } from '../../shared/domain/records';
import { sharedFixture } from '../fixtures/sharedFixtures';

const FIXTURES = sharedFixture('people');

interface Expected {
  persons: number;
  women: number;
  entered_accompaniment_2025: number;
  exits_2025: number;
  positive_exits_2025: number;
}

/** `dd/mm/yyyy` → ISO; empty → null. */
function isoFromFrench(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (!match) throw new Error(`unexpected date: ${text}`);
  return `${match[3]}-${match[2]}-${match[1]}`;
}

function readPersons(): PersonRecord[] {
  const bytes = readFileSync(`${FIXTURES}/suivi-2025-2026.csv`);
  const lines = new TextDecoder('windows-1252')
    .decode(bytes)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const [header = '', ...rows] = lines;
  const columns = header.split(';');
  const column = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`missing column: ${name}`);
    return index;
  };
  const at = {
    fileNumber: column('N° dossier'),
    sex: column('Sexe'),
    birthYear: column('Année de naissance'),
    area: column('Quartier / zone'),
    eligibility: column("Situation à l'entrée"),
    identifiedOn: column('Date de repérage'),
    remobilisationStart: column('Date remobilisation'),
    accompanimentStart: column('Date entrée accompagnement'),
    exitDate: column('Date de sortie'),
    exitType: column('Type de sortie'),
  };
  return rows.map((row, index) => {
    const cells = row.split(';');
    const cell = (i: number) => (cells[i] ?? '').trim();
    const exitTypeText = cell(at.exitType);
    const exitType = exitTypeText ? matchCoded(exitTypes, exitTypeText) : null;
    if (exitTypeText && !exitType) throw new Error(`unknown exit type: ${exitTypeText}`);
    return {
      id: index + 1,
      fileNumber: cell(at.fileNumber),
      sex: matchCoded(sexes, cell(at.sex)),
      birthYear: cell(at.birthYear) ? Number(cell(at.birthYear)) : null,
      qpv: cell(at.area).startsWith('QPV'),
      zrr: cell(at.area) === 'ZRR',
      eligibilityGround: matchCoded(eligibilityGrounds, cell(at.eligibility)),
      lastReferentContact: null,
      barriers: [],
      pathway: {
        identifiedOn: isoFromFrench(cell(at.identifiedOn)),
        remobilisationStart: isoFromFrench(cell(at.remobilisationStart)),
        accompanimentStart: isoFromFrench(cell(at.accompanimentStart)),
        plannedEnd: null,
        extendedUntil: null,
        exitDate: isoFromFrench(cell(at.exitDate)),
        exitType,
        followUpDate: null,
        followUpSituation: null,
      },
    };
  });
}

const expected = JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as Expected;
const persons = readPersons();
const Y2025: YearWindow = { index: 1, start: '2025-01-01', end: '2025-12-31' };
const results = computeIndicators({ persons, outreach: [], coordination: [] }, [Y2025]);

function result(code: string): IndicatorResult {
  const found = results.find((item) => item.code === code);
  if (!found) throw new Error(`no ${code}`);
  return found;
}

describe('indicators on the follow-up spreadsheet fixture', () => {
  it('reads every person', () => {
    expect(persons).toHaveLength(expected.persons);
  });

  it('counts the women over all persons (F, Femme, "femme " with a trailing space)', () => {
    expect(persons.filter((p) => p.sex === 'F')).toHaveLength(expected.women);
    expect(persons.every((p) => p.sex !== null)).toBe(true);
  });

  it('counts the entries into accompaniment in 2025', () => {
    expect(result('ACC_ENTRIES').value).toBe(expected.entered_accompaniment_2025);
  });

  it('counts the exits of 2025 and the positive ones', () => {
    const rate = result('EXIT_POSITIVE_RATE');
    expect(rate.denominator).toBe(expected.exits_2025);
    expect(rate.numerator).toBe(expected.positive_exits_2025);
    expect(rate.detail).toEqual({ exitsWithoutType: 0 });
    const positiveByGroup =
      (result('EXIT_EMPLOYMENT').value ?? 0) +
      (result('EXIT_TRAINING').value ?? 0) +
      (result('EXIT_DROIT_COMMUN').value ?? 0);
    expect(positiveByGroup).toBe(expected.positive_exits_2025);
    expect(positiveByGroup + (result('DROP_OUT').value ?? 0)).toBe(expected.exits_2025);
  });
});
