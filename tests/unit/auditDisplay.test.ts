/**
 * The audit log as people read it: the stored text (cents, codes, ISO dates, JSON) turned
 * into euros, French labels and dd/mm/yyyy — and what cannot be read shown as stored.
 * Expected texts are written out by hand, not produced by shared/format.
 */
import { describe, expect, test } from 'vitest';
import { auditFieldLabel, auditValueText, reportAuditEntities } from '../../shared/auditDisplay';

const nbsp = (text: string) => text.replace(/ /g, '\u00a0');

describe('audit values', () => {
  test('money fields are shown in euros, not cents', () => {
    expect(auditValueText('versement', 'expectedCents', '9000000')).toBe(nbsp('90 000,00 €'));
    expect(auditValueText('soutien public', 'amountCents', '360000')).toBe(nbsp('3 600,00 €'));
    expect(auditValueText('budget', 'montantCentimes', '-12345')).toBe(nbsp('-123,45 €'));
    expect(auditFieldLabel('expectedCents')).toBe('montant attendu');
  });

  test("the State contribution's years read in euros", () => {
    expect(
      auditValueText(
        'convention',
        'stateContributions',
        '[{"yearIndex":1,"amountCents":18000000},{"yearIndex":2,"amountCents":18000050}]',
      ),
    ).toBe('année 1 : 180\u00a0000,00\u00a0€ ; année 2 : 180\u00a0000,50\u00a0€');
  });

  test('codes read as their French labels, by entity when a field name is shared', () => {
    expect(auditValueText('versement', 'kind', 'balance')).toBe('Solde');
    expect(auditValueText('soutien public', 'kind', 'premises')).toBe(
      'Mise à disposition de locaux',
    );
    expect(auditValueText('personne', 'sex', 'F')).toBe('Femme');
    expect(auditValueText('frein', 'categorie', 'childcare')).not.toBe('childcare');
    expect(auditValueText('convention', 'regime', 'sieg_2012_21')).toMatch(/^SIEG — décision/);
    expect(auditValueText('personne', 'qpv', 'false')).toBe('Non');
  });

  test('dates are dd/mm/yyyy, basis points a percentage', () => {
    expect(auditValueText('versement', 'expectedOn', '2026-09-30')).toBe('30/09/2026');
    expect(auditValueText('convention', 'reasonableProfitBp', '250')).toBe(nbsp('2,50 %'));
  });

  test('a deleted row (field null, the whole row as JSON) reads field by field', () => {
    expect(
      auditValueText(
        'versement',
        null,
        '{"kind":"advance","expectedCents":9000000,"expectedOn":"2025-03-15","note":""}',
      ),
    ).toBe('nature : Avance ; montant attendu : 90\u00a0000,00\u00a0€ ; attendu le : 15/03/2025');
  });

  test('what does not read as its type is shown as stored; no value is a dash', () => {
    expect(auditValueText('versement', 'expectedCents', '12,5')).toBe('12,5');
    expect(auditValueText('versement', 'kind', 'unknown_kind')).toBe('unknown_kind');
    expect(auditValueText('convention', 'title', '=HYPERLINK("x")')).toBe('=HYPERLINK("x")');
    expect(auditValueText('convention', 'title', null)).toBe('—');
    expect(auditValueText('convention', 'title', '')).toBe('(vide)');
  });
});

describe('entities behind a document', () => {
  test('the financial report links to the money, the activity report to the people', () => {
    expect(reportAuditEntities.financial).toEqual(
      expect.arrayContaining(['budget', 'import FEC', 'versement', 'convention']),
    );
    expect(reportAuditEntities.financial).not.toContain('personne');
    expect(reportAuditEntities.activity).toEqual(
      expect.arrayContaining(['personne', 'action', 'cible']),
    );
    expect(reportAuditEntities.activity).not.toContain('budget');
    // Identity values are never logged, and never shown as a document's source.
    expect(reportAuditEntities.final).not.toContain('identité');
  });
});
