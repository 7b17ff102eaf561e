/**
 * What the guide proposes for each CERFA row of an uncoded FEC, and how a copied key's
 * evidence is flagged. Proposals are only proposals (the user confirms), but they must
 * send the State's O2R contribution to the SIEG and never a cost straight to it.
 */
import { describe, expect, test } from 'vitest';
import { copiedKeyEvidence, proposedAxisForRow } from '../../shared/domain/allocation';
import { cerfaRows } from '../../shared/domain/cerfa';

describe('proposedAxisForRow', () => {
  test("the State's O2R line goes to the SIEG, other funders stay common", () => {
    expect(proposedAxisForRow('74_state_o2r').axis).toBe('sieg');
    expect(proposedAxisForRow('74_commune').axis).toBe('general');
    expect(proposedAxisForRow('74_eu').axis).toBe('general');
  });

  test('staff and every charge row are general costs to share by a key; sales are other', () => {
    expect(proposedAxisForRow('64')).toEqual({
      axis: 'general',
      reason: 'Charges de personnel : à répartir par une clé (temps passé ou ETP).',
    });
    for (const row of cerfaRows.filter((candidate) => candidate.side === 'charges'))
      expect(proposedAxisForRow(row.code).axis, row.code).toBe('general');
    expect(proposedAxisForRow('70').axis).toBe('other');
  });

  test('every row has a French reason', () => {
    for (const row of cerfaRows) expect(proposedAxisForRow(row.code).reason).toMatch(/\S/);
  });
});

describe('copiedKeyEvidence', () => {
  test('flags the evidence and keeps it, within the 2 000 characters of the field', () => {
    expect(copiedKeyEvidence('Feuilles de temps', 1)).toBe(
      "« à mettre à jour » (repris de l'année 1) Feuilles de temps",
    );
    expect(copiedKeyEvidence('x'.repeat(2000), 2)).toHaveLength(2000);
  });
});
