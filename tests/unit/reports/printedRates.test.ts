/**
 * The reviewer's findings on the indicator tables, checked on the rules that print them:
 * rates from the printed numbers, ceilings read as kept or exceeded, follow-ups « dus »,
 * meeting names once, chart labels whole, sheet names cut at a word.
 */
import { describe, expect, it } from 'vitest';
import {
  CEILING_EXCEEDED,
  CEILING_MET,
  NONE_DUE,
  achievement,
  achievementCell,
  followUpNotRecorded,
  unitValue,
} from '../../../electron/backend/reports/figures';
import { meetingName } from '../../../electron/backend/reports/activityContent';
import { wrapLabel } from '../../../electron/backend/reports/charts';
import { sheetName } from '../../../electron/backend/reports/tableExport';
import type { TableBlock } from '../../../electron/backend/reports/content';

const NBSP = '\u00a0';

describe('achievement rate', () => {
  it('is the printed realised over the printed target (the reader’s arithmetic)', () => {
    // The demo's figures: exact ratios gave 63 %, 127 %, 34 %, 111 %.
    expect(achievementCell('INVISIBLE_SHARE', 25 / 79, 0.5, 'percent').text).toBe(`64${NBSP}%`);
    expect(achievementCell('WOMEN_SHARE', 50 / 79, 0.5, 'percent').text).toBe(`126${NBSP}%`);
    expect(achievementCell('YOUTH_SHARE', 8 / 78, 0.3, 'percent').text).toBe(`33${NBSP}%`);
    expect(achievementCell('EXIT_POSITIVE_RATE', 12 / 18, 0.6, 'percent').text).toBe(`112${NBSP}%`);
    // Months to one decimal, as printed: 4.95 prints « 5 mois », 5 / 9 = 56 %.
    expect(unitValue(4.954, 'months', 5)).toBe('5 mois');
    expect(achievement(4.954, 9, 'months')).toBeCloseTo(5 / 9, 10);
    expect(achievement(3, 0, 'count')).toBeNull();
    expect(achievement(null, 10, 'count')).toBeNull();
  });

  it('says whether a ceiling is kept, with no rate for the chart', () => {
    expect(achievementCell('DROP_OUT', 6, 10, 'count')).toEqual({ text: CEILING_MET, ratio: null });
    expect(achievementCell('DROP_OUT', 11, 10, 'count').text).toBe(CEILING_EXCEEDED);
    expect(achievementCell('DROP_OUT', 10, 10, 'count').text).toBe(CEILING_MET);
    expect(achievementCell('COST_PER_PERSON', 346_861, 350_000, 'euros').text).toBe(CEILING_MET);
    expect(achievementCell('COST_PER_PERSON', 350_001, 350_000, 'euros').text).toBe(
      CEILING_EXCEEDED,
    );
    expect(achievementCell('PARTNERS', 8, 20, 'count')).toEqual({
      text: `40${NBSP}%`,
      ratio: 0.4,
    });
  });
});

describe('six-month follow-ups not recorded', () => {
  it('tells none due from due and not recorded', () => {
    expect(followUpNotRecorded('0', 0)).toBe(NONE_DUE);
    expect(followUpNotRecorded('18', 18)).toBe('non renseigné (18 dus)');
    expect(followUpNotRecorded('< 5', 3)).toBe('non renseigné (< 5 dus)');
    expect(followUpNotRecorded(null, undefined)).toBe('non renseigné');
  });
});

describe('names printed once and whole', () => {
  it('prints a meeting’s name once when its title already says the instance', () => {
    expect(
      meetingName(
        'Comité territorial pour l’emploi',
        "Comité territorial pour l'emploi — bassin de Rennes",
      ),
    ).toBe("Comité territorial pour l'emploi — bassin de Rennes");
    expect(meetingName('Comité de pilotage (COPIL)', 'Comité de pilotage O2R avec la DREETS')).toBe(
      'Comité de pilotage O2R avec la DREETS',
    );
    expect(meetingName('Action de coordination', 'Rencontre avec le chantier')).toBe(
      'Action de coordination — Rencontre avec le chantier',
    );
    expect(meetingName('Comité de pilotage (COPIL)', null)).toBe('Comité de pilotage (COPIL)');
  });

  it('wraps a long chart label at a word instead of cutting it', () => {
    const label = "Part des personnes non inscrites auprès du réseau pour l'emploi";
    const wrapped = wrapLabel(label);
    expect(wrapped.split('\n').length).toBe(2);
    expect(wrapped.replace('\n', ' ')).toBe(label);
    expect(wrapLabel('Partenaires actifs')).toBe('Partenaires actifs');
  });

  it('cuts sheet names at a word boundary, ≤ 31 characters, unique', () => {
    const used = new Set<string>();
    const table = (title: string) => ({ title, id: 'x' }) as unknown as TableBlock;
    const first = sheetName(table('Indicateurs : réalisé et cible de l’année'), used);
    const second = sheetName(table('Indicateurs : réalisé et cible de l’année'), used);
    expect(first).toBe('Indicateurs réalisé et cible');
    expect(second).toBe('Indicateurs réalisé et cible 2');
    const long = sheetName(table('Réunions et actions de coordination de l’année'), used);
    expect(long).toBe('Réunions et actions');
    for (const name of [first, second, long]) expect(name.length).toBeLessThanOrEqual(31);
  });
});
