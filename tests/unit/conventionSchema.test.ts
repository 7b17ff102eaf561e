import { describe, expect, it } from 'vitest';
import {
  conventionInput,
  conventionWarnings,
  type ConventionInput,
} from '../../shared/contract/conventions';
import { siretProblemMessages } from '../../shared/domain/siret';
import { validConvention } from '../fixtures/conventionInput';

/** A convention that passes every rule; each test breaks one thing. */
const validInput = validConvention;

function withOperator(operator: Partial<ConventionInput['operator']>): ConventionInput {
  const input = validInput();
  return { ...input, operator: { ...input.operator, ...operator } };
}

type Path = readonly (string | number)[];

/** The issues the schema reports, as plain path/message pairs. */
function issuesOf(input: unknown) {
  const result = conventionInput.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

function messagesAt(input: unknown, path: Path): string[] {
  return issuesOf(input)
    .filter((issue) => JSON.stringify(issue.path) === JSON.stringify(path))
    .map((issue) => issue.message);
}

describe('conventionInput', () => {
  it('accepts a valid convention', () => {
    const result = conventionInput.safeParse(validInput());
    expect(result.success).toBe(true);
  });

  it('normalises the SIRET and the RNA and fills defaults', () => {
    const input = validInput();
    const result = conventionInput.safeParse({
      ...input,
      operator: {
        ...input.operator,
        siret: '775 672 272 00017',
        rna: ' w123456789 ',
        address: undefined,
      },
      territories: [{ inseeCode: '2a004', commune: 'Ajaccio' }],
    });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.operator.siret).toBe('77567227200017');
    expect(result.data.operator.rna).toBe('W123456789');
    expect(result.data.operator.address).toBe('');
    expect(result.data.territories).toEqual([
      { inseeCode: '2A004', commune: 'Ajaccio', qpv: false, zrr: false },
    ]);
  });

  it('accepts a one-day-longer or shorter convention (a warning, not an error)', () => {
    expect(conventionInput.safeParse(validInput({ endDate: '2028-01-01' })).success).toBe(true);
    expect(conventionInput.safeParse(validInput({ endDate: '2027-12-30' })).success).toBe(true);
  });

  describe('dates', () => {
    it('rejects an end date before the start date, on endDate, in French', () => {
      const issues = issuesOf(validInput({ startDate: '2025-01-01', endDate: '2024-12-31' }));
      expect(issues).toEqual([
        { path: ['endDate'], message: 'La date de fin doit être postérieure à la date de début.' },
      ]);
    });

    it('rejects an end date equal to the start date', () => {
      expect(messagesAt(validInput({ endDate: '2025-01-01' }), ['endDate'])).toEqual([
        'La date de fin doit être postérieure à la date de début.',
      ]);
    });

    it('rejects a convention that would span more than six financial years', () => {
      const messages = messagesAt(validInput({ endDate: '2031-12-31' }), ['endDate']);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/7 exercices/);
    });

    it('accepts exactly six financial years', () => {
      expect(issuesOf(validInput({ endDate: '2030-12-31' }))).toEqual([]);
    });

    it('rejects a signature date after the end of the convention', () => {
      expect(messagesAt(validInput({ signedOn: '2028-01-01' }), ['signedOn'])).toEqual([
        'La date de signature ne peut pas être postérieure à la fin de la convention.',
      ]);
      expect(issuesOf(validInput({ signedOn: '2027-12-31' }))).toEqual([]);
      expect(issuesOf(validInput({ signedOn: null }))).toEqual([]);
    });

    it('rejects an impossible start date on startDate, and only there', () => {
      expect(messagesAt(validInput({ startDate: '2025-02-30' }), ['startDate'])).toEqual([
        'Date invalide (attendu : jj/mm/aaaa).',
      ]);
      // No follow-up noise from rules that need a valid date (years, contributions).
      expect(issuesOf(validInput({ startDate: '2025-02-30' }))).toHaveLength(1);
      expect(issuesOf(validInput({ fiscalYearEnd: '13-01' }))).toHaveLength(1);
    });

    it('rejects a 29 February or malformed financial-year close', () => {
      expect(messagesAt(validInput({ fiscalYearEnd: '02-29' }), ['fiscalYearEnd'])).toHaveLength(1);
      expect(messagesAt(validInput({ fiscalYearEnd: '1231' }), ['fiscalYearEnd'])).toHaveLength(1);
    });
  });

  describe('operator', () => {
    it('rejects a SIRET failing its checksum on operator.siret', () => {
      expect(issuesOf(withOperator({ siret: '77567227200018' }))).toEqual([
        { path: ['operator', 'siret'], message: siretProblemMessages.checksum },
      ]);
    });

    it('reports a SIRET with letters or a wrong length', () => {
      expect(messagesAt(withOperator({ siret: '7756722720001A' }), ['operator', 'siret'])).toEqual([
        siretProblemMessages.digits,
      ]);
      expect(messagesAt(withOperator({ siret: '775672272' }), ['operator', 'siret'])).toEqual([
        siretProblemMessages.length,
      ]);
    });

    it('rejects a malformed RNA or postal code', () => {
      expect(messagesAt(withOperator({ rna: 'W12345' }), ['operator', 'rna'])).toEqual([
        'Numéro RNA invalide (W suivi de 9 chiffres).',
      ]);
      expect(messagesAt(withOperator({ postalCode: '2920' }), ['operator', 'postalCode'])).toEqual([
        'Code postal invalide (5 chiffres).',
      ]);
      expect(issuesOf(withOperator({ rna: '', postalCode: '' }))).toEqual([]);
    });

    it('rejects a blank operator name', () => {
      expect(messagesAt(withOperator({ name: '   ' }), ['operator', 'name'])).toEqual([
        "Nom de l'opérateur : champ obligatoire.",
      ]);
    });
  });

  describe('State contributions', () => {
    it('rejects a negative contribution on its amountCents', () => {
      const input = validInput({
        stateContributions: [
          { yearIndex: 1, amountCents: 12_000_000 },
          { yearIndex: 2, amountCents: -1 },
        ],
      });
      expect(messagesAt(input, ['stateContributions', 1, 'amountCents'])).toEqual([
        "Contribution de l'État : le montant ne peut pas être négatif.",
      ]);
    });

    it('rejects a contribution that is not whole cents', () => {
      const input = validInput({ stateContributions: [{ yearIndex: 1, amountCents: 10.5 }] });
      expect(messagesAt(input, ['stateContributions', 0, 'amountCents'])).toHaveLength(1);
    });

    it('rejects two contributions for the same year', () => {
      const input = validInput({
        stateContributions: [
          { yearIndex: 1, amountCents: 1 },
          { yearIndex: 2, amountCents: 1 },
          { yearIndex: 2, amountCents: 2 },
        ],
      });
      const issues = issuesOf(input);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toEqual(['stateContributions', 2, 'yearIndex']);
      expect(issues[0]?.message).toContain('chevaucher');
    });

    it('rejects a contribution for a year the convention does not have', () => {
      const input = validInput({ stateContributions: [{ yearIndex: 4, amountCents: 1 }] });
      expect(messagesAt(input, ['stateContributions', 0, 'yearIndex'])).toEqual([
        "La convention ne compte que 3 année(s) : l'année 4 n'existe pas.",
      ]);
      // With partial years the same dates can hold a fourth year.
      const partial = validInput({
        startDate: '2025-04-01',
        endDate: '2028-03-31',
        signedOn: null,
        stateContributions: [{ yearIndex: 4, amountCents: 1 }],
      });
      expect(issuesOf(partial)).toEqual([]);
    });
  });

  describe('co-holders', () => {
    const holder = (name: string, isLead: boolean) => ({ name, siret: '', isLead });

    it('accepts one chef de file', () => {
      expect(issuesOf(validInput({ coHolders: [holder('A', true), holder('B', false)] }))).toEqual(
        [],
      );
    });

    it('rejects two chefs de file', () => {
      expect(issuesOf(validInput({ coHolders: [holder('A', true), holder('B', true)] }))).toEqual([
        { path: ['coHolders'], message: 'Un seul chef de file par convention.' },
      ]);
    });

    it('checks a co-holder SIRET when one is given', () => {
      const input = validInput({
        coHolders: [{ name: 'A', siret: '12345678900016', isLead: false }],
      });
      expect(messagesAt(input, ['coHolders', 0, 'siret'])).toEqual([siretProblemMessages.checksum]);
    });
  });

  describe('territories', () => {
    it('rejects a duplicate INSEE code on the second occurrence', () => {
      const input = validInput({
        territories: [
          { inseeCode: '29019', commune: 'Brest' },
          { inseeCode: '29075', commune: 'Guipavas' },
          { inseeCode: '29019', commune: 'Brest (bis)' },
        ],
      });
      expect(issuesOf(input)).toEqual([
        {
          path: ['territories', 2, 'inseeCode'],
          message: 'La commune 29019 est déjà dans la liste.',
        },
      ]);
    });

    it('compares INSEE codes after trimming and upper-casing', () => {
      const input = validInput({
        territories: [
          { inseeCode: '2A004', commune: 'Ajaccio' },
          { inseeCode: ' 2a004', commune: 'Ajaccio' },
        ],
      });
      expect(messagesAt(input, ['territories', 1, 'inseeCode'])).toEqual([
        'La commune 2A004 est déjà dans la liste.',
      ]);
    });

    it('rejects a malformed INSEE code', () => {
      const input = validInput({ territories: [{ inseeCode: '2C004', commune: 'X' }] });
      expect(messagesAt(input, ['territories', 0, 'inseeCode'])).toEqual([
        'Code INSEE invalide (5 caractères, par ex. 35238).',
      ]);
    });
  });

  describe('volets', () => {
    it('rejects a convention covering no volet', () => {
      const input = validInput({
        volets: [1, 2, 3, 4].map((number) => ({
          number,
          label: `Volet ${number}`,
          covered: false,
        })),
      });
      expect(issuesOf(input)).toEqual([
        { path: ['volets'], message: 'Cochez au moins un volet couvert par la convention.' },
      ]);
    });

    it('rejects a list that is not volets 1 to 4', () => {
      const input = validInput({
        volets: [1, 2, 3, 3].map((number) => ({ number, label: `Volet ${number}`, covered: true })),
      });
      expect(messagesAt(input, ['volets'])).toEqual(['Les volets 1 à 4 sont attendus.']);
    });

    it('accepts volets in any order', () => {
      const input = validInput({
        volets: [4, 2, 1, 3].map((number) => ({
          number,
          label: `Volet ${number}`,
          covered: number === 4,
        })),
      });
      expect(issuesOf(input)).toEqual([]);
    });
  });

  it('bounds the reasonable profit between 0 and 20 %', () => {
    expect(messagesAt(validInput({ reasonableProfitBp: -1 }), ['reasonableProfitBp'])).toEqual([
      'Le bénéfice raisonnable ne peut pas être négatif.',
    ]);
    expect(messagesAt(validInput({ reasonableProfitBp: 2001 }), ['reasonableProfitBp'])).toEqual([
      'Bénéfice raisonnable : 20 % au plus.',
    ]);
    expect(issuesOf(validInput({ reasonableProfitBp: 2000 }))).toEqual([]);
  });
});

describe('conventionWarnings', () => {
  it('has nothing to say about three full calendar years', () => {
    expect(
      conventionWarnings({
        startDate: '2025-01-01',
        endDate: '2027-12-31',
        fiscalYearEnd: '12-31',
      }),
    ).toEqual([]);
  });

  it('warns when the convention does not last exactly three years', () => {
    const warnings = conventionWarnings({
      startDate: '2025-01-01',
      endDate: '2026-12-31',
      fiscalYearEnd: '12-31',
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('pas exactement 3 ans');
    expect(
      conventionWarnings({
        startDate: '2025-01-01',
        endDate: '2028-12-31',
        fiscalYearEnd: '12-31',
      }),
    ).toHaveLength(1);
  });

  it('lists the partial years of a three-year convention off the financial year', () => {
    expect(
      conventionWarnings({
        startDate: '2025-04-01',
        endDate: '2028-03-31',
        fiscalYearEnd: '12-31',
      }),
    ).toEqual(['Exercice(s) partiel(s) : année 1 (2025), année 4 (2028).']);
    expect(
      conventionWarnings({
        startDate: '2025-01-01',
        endDate: '2027-12-31',
        fiscalYearEnd: '06-30',
      }),
    ).toEqual(['Exercice(s) partiel(s) : année 1 (2024-2025), année 4 (2027-2028).']);
  });

  it('gives both warnings when the duration is off and a year is partial', () => {
    const warnings = conventionWarnings({
      startDate: '2025-01-01',
      endDate: '2026-06-30',
      fiscalYearEnd: '12-31',
    });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('3 ans');
    expect(warnings[1]).toBe('Exercice(s) partiel(s) : année 2 (2026).');
  });

  it('leaves an end before the start to the validation error', () => {
    expect(
      conventionWarnings({
        startDate: '2027-12-31',
        endDate: '2025-01-01',
        fiscalYearEnd: '12-31',
      }),
    ).toEqual([]);
  });
});
