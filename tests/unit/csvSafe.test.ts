/**
 * The one CSV neutraliser (reports' tables, the screens' exports, the people import's issue
 * list): what a spreadsheet would run as a formula is written as text; figures stay figures.
 */
import { describe, expect, test } from 'vitest';
import { csvField, neutraliseFormula } from '../../shared/csvSafe';
import { formatEuros, formatPercent } from '../../shared/format';

describe('neutraliseFormula', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x.test","clic")', '\'=HYPERLINK("http://x.test","clic")'],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['-', "'-"],
    ['- Rennes', "'- Rennes"],
  ])('%j is neutralised', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  test.each([
    formatEuros(-123_456),
    formatEuros(-100),
    formatPercent(-0.125, 1),
    `+${formatPercent(0.12, 1)}`,
    '-3',
    '+3',
    '−1 234,00 €',
    'Rennes',
    '< 5',
    '',
    "l'accueil = 3",
  ])('%j is left as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe('csvField', () => {
  test('quotes the separator, quotes, line breaks and edge spaces, after neutralising', () => {
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('dit "oui"')).toBe('"dit ""oui"""');
    expect(csvField('deux\nlignes')).toBe('"deux\nlignes"');
    expect(csvField(' marge')).toBe('" marge"');
    expect(csvField('=A1;B1')).toBe('"\'=A1;B1"');
    expect(csvField(12)).toBe('12');
  });
});
