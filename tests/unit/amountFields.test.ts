/**
 * The contract's money and quantity fields: a negative, an unreadable (NaN) or a missing
 * figure is refused with a French message naming the field, and an unreadable figure does
 * not hide the other problems of the same form.
 */
import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { allocationKeyInput } from '../../shared/contract/allocation';
import { conventionInput } from '../../shared/contract/conventions';
import { amountCents, positiveAmountCents, quantity } from '../../shared/contract/fields';
import { targetInput } from '../../shared/contract/objectives';
import { validConvention } from '../fixtures/conventionInput';

function messages(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('amountCents', () => {
  const field = amountCents('Montant prévu');
  it.each([
    [-50_000, 'Montant prévu : le montant ne peut pas être négatif.'],
    [Number.NaN, 'Montant prévu : montant absent ou illisible.'],
    ['180.000', 'Montant prévu : montant absent ou illisible.'],
    [undefined, 'Montant prévu : montant obligatoire.'],
    [12.5, 'Montant prévu : montant en centimes entiers attendu.'],
    [100_000_000_001, 'Montant prévu : montant trop élevé.'],
  ])('refuses %s with « %s »', (value, message) => {
    expect(messages(field.safeParse(value))).toEqual([`: ${message}`]);
  });

  it('accepts zero and whole cents, and null only where the field is nullable', () => {
    expect(field.parse(0)).toBe(0);
    expect(field.parse(18_000_000)).toBe(18_000_000);
    expect(field.nullable().parse(null)).toBeNull();
    expect(field.safeParse(null).success).toBe(false);
  });

  it('a positive amount says one thing for an unreadable figure, another for zero', () => {
    expect(messages(positiveAmountCents('Montant').safeParse(Number.NaN))).toEqual([
      ': Montant : montant absent ou illisible.',
    ]);
    expect(messages(positiveAmountCents('Montant').safeParse(0))).toEqual([
      ': Montant : plus de 0 €.',
    ]);
  });
});

describe('money and quantity fields of the calls', () => {
  it('a budget line refuses a negative forecast, naming the line', () => {
    const result = contract['budget.set'].input.safeParse({
      conventionId: 1,
      yearIndex: 1,
      lines: [{ row: '64', amountCents: -50_000 }],
    });
    expect(messages(result)).toEqual([
      'lines.0.amountCents: Montant prévu : le montant ne peut pas être négatif.',
    ]);
  });

  it('an allocation key refuses a negative or unreadable quantity', () => {
    const key = {
      label: 'Temps passé',
      basis: 'time',
      totalQuantity: 6400,
      evidence: 'Relevés de temps',
      rows: ['64'],
    };
    expect(messages(allocationKeyInput.safeParse({ ...key, siegQuantity: -10 }))).toEqual([
      'siegQuantity: Part du SIEG : pas de valeur négative.',
    ]);
    expect(messages(allocationKeyInput.safeParse({ ...key, siegQuantity: Number.NaN }))).toEqual([
      'siegQuantity: Part du SIEG : valeur absente ou illisible.',
    ]);
  });

  it('the variance threshold refuses more than 100 % and a negative percentage', () => {
    const input = (basisPoints: number) =>
      contract['budget.setThreshold'].input.safeParse({
        conventionId: 1,
        basisPoints,
        cents: 500_000,
      });
    expect(messages(input(10_001))).toEqual(['basisPoints: Seuil en % : 100 % au plus.']);
    expect(messages(input(-1))).toEqual(['basisPoints: Seuil en % : pas de valeur négative.']);
  });

  it('a target and a manual value refuse a negative', () => {
    expect(messages(targetInput.safeParse({ indicatorId: 1, yearIndex: 1, value: -3 }))).toEqual([
      'value: Cible : pas de valeur négative.',
    ]);
    expect(quantity('Valeur réalisée').safeParse(-1).success).toBe(false);
  });

  it('an unreadable State contribution does not hide a wrong end date', () => {
    const result = conventionInput.safeParse(
      validConvention({
        endDate: '2024-12-31',
        stateContributions: [{ yearIndex: 1, amountCents: Number.NaN }],
      }),
    );
    expect(messages(result)).toEqual([
      "stateContributions.0.amountCents: Contribution de l'État : montant absent ou illisible.",
      'endDate: La date de fin doit être postérieure à la date de début.',
    ]);
  });
});
