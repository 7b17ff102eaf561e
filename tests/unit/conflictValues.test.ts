/**
 * What a refused stale save shows beside the user's entry: only the fields that differ, with
 * their French label and value as the user reads them, never the version itself.
 */
import { describe, expect, test } from 'vitest';
import { AppError } from '../../shared/errors';
import { formatEuros } from '../../shared/format';
import { staleVersion, valueDifferences } from '../../renderer/src/lib/conflictValues';

describe('a stale save', () => {
  test('is recognised only as a CONFLICT carrying the current record and its version', () => {
    const current = { person: { commune: 'Quimper' }, version: 3 };
    const conflict = AppError.fromData({
      code: 'CONFLICT',
      message: 'Cette fiche a été modifiée par c.riou à 10:04 : …',
      fields: [],
      current,
    });
    expect(staleVersion(conflict)).toEqual({ message: conflict.message, current, version: 3 });
    // Another conflict (a duplicate reference) has no current record: a plain error.
    expect(staleVersion(new AppError('CONFLICT', 'Existe déjà.'))).toBeNull();
    expect(staleVersion(new AppError('VALIDATION', 'x', [], current))).toBeNull();
  });

  test('sets the fields that differ beside the entry, labelled and formatted in French', () => {
    const current = {
      pathway: { referent: 'M. Tanguy', exitDate: '2026-06-01', extensionReason: '' },
      version: 4,
    };
    const typed = {
      pathway: { referent: 'A. Riou', exitDate: null, extensionReason: null },
    };
    expect(valueDifferences(current, typed)).toEqual([
      {
        path: 'pathway.referent',
        label: 'Référent de parcours',
        current: 'M. Tanguy',
        typed: 'A. Riou',
      },
      { path: 'pathway.exitDate', label: 'Date de sortie', current: '01/06/2026', typed: '—' },
    ]);
  });
});

test('a record of the compensation page: amounts in cents are shown in euros', () => {
  // The payment's current values (payments.save's shape) and the form's entry.
  const current = { id: 7, expectedCents: 1_300_000, receivedCents: null, note: 'A', version: 2 };
  const typed = { expectedCents: 1_234_500, receivedCents: null, note: 'A' };
  expect(valueDifferences(current, typed)).toEqual([
    {
      path: 'expectedCents',
      label: 'Montant attendu',
      current: formatEuros(1_300_000),
      typed: formatEuros(1_234_500),
    },
  ]);
});
