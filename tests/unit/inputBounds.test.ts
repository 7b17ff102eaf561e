/**
 * The generic bounds every call's input meets (shared/contract/define.ts): text length and
 * control characters, finite numbers within ±1e12 — unless the field declares its own.
 */
import { describe, expect, test } from 'vitest';
import { contract } from '../../shared/contract';
import { MAX_NUMBER, MAX_TEXT } from '../../shared/contract/define';
import { formatNumber } from '../../shared/format';

const issues = (channel: keyof typeof contract, input: unknown) => {
  const parsed = contract[channel].input.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('generic input bounds', () => {
  test('a text without its own maximum stops at 10 000 characters, in French', () => {
    const base = { conventionId: 1, fiscalYearEnd: '2025-12-31', account: '6' };
    expect(issues('fec.accountLines', { ...base, analytic: 'a'.repeat(MAX_TEXT) })).toEqual([]);
    expect(issues('fec.accountLines', { ...base, analytic: 'a'.repeat(MAX_TEXT + 1) })).toEqual([
      `analytic: Texte trop long : ${formatNumber(MAX_TEXT)} caractères au plus.`,
    ]);
  });

  test('a field that declares a longer maximum keeps it', () => {
    const narrative = { conventionId: 1, yearIndex: 1, section: 'bilan' };
    expect(issues('narratives.set', { ...narrative, text: 'é'.repeat(20_000) })).toEqual([]);
    expect(issues('narratives.set', { ...narrative, text: 'é'.repeat(20_001) })).toHaveLength(1);
    // A file's bytes, base64: far beyond 10 000 characters, declared by the field.
    const file = { conventionId: 1, fileName: 'suivi.csv', contentBase64: 'QUJD'.repeat(10_000) };
    expect(issues('people.importPreview', file)).toEqual([]);
  });

  test('NUL and other control characters are refused; tab and line ends are text', () => {
    const base = { conventionId: 1, yearIndex: 1, section: 'bilan' };
    expect(issues('narratives.set', { ...base, text: 'ligne 1\r\nligne 2\tfin' })).toEqual([]);
    for (const control of ['\u0000', '\u0007', '\u001b', '\u007f']) {
      expect(issues('narratives.set', { ...base, text: `a${control}b` })).toEqual([
        'text: Texte refusé : il contient un caractère de contrôle (octet nul…).',
      ]);
    }
  });

  test('numbers: finite, within ±1e12 unless the field declares its range', () => {
    const base = { conventionId: 1, fiscalYearEnd: '2025-12-31', account: '6', analytic: '' };
    // `conventionId` is a positive integer with no upper bound of its own.
    expect(issues('fec.accountLines', { ...base, conventionId: MAX_NUMBER })).toEqual([]);
    expect(issues('fec.accountLines', { ...base, conventionId: MAX_NUMBER + 1 })).toEqual([
      'conventionId: Nombre hors des limites admises.',
    ]);
    expect(
      issues('indicators.setManual', {
        conventionId: 1,
        indicatorId: 1,
        yearIndex: 1,
        value: 1e308,
      }),
    ).toContain('value: Valeur réalisée : valeur trop élevée.');
  });

  test('a contact’s INSEE code has the shape of one', () => {
    const contact = { conventionId: 1, date: '2026-03-05', channel: 'street', count: 1 };
    expect(issues('outreach.add', { ...contact, inseeCode: '35238' })).toEqual([]);
    expect(issues('outreach.add', { ...contact, inseeCode: '2A004' })).toEqual([]);
    expect(issues('outreach.add', { ...contact, inseeCode: '35A38' })).toHaveLength(1);
    expect(issues('outreach.add', { ...contact, inseeCode: '3'.repeat(5_000_000) })).not.toEqual(
      [],
    );
  });
});
