import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  luhnValid,
  normaliseSiret,
  sirenOf,
  siretProblem,
  siretProblemMessages,
} from '../../shared/domain/siret';

/** The digit that makes `payload + digit` pass Luhn. */
function luhnCheckDigit(payload: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (luhnValid(`${payload}${digit}`)) return String(digit);
  }
  throw new Error(`no Luhn check digit for ${payload}`);
}

const digitString = (minLength: number, maxLength: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength, maxLength })
    .map((digits) => digits.join(''));

/** A valid 14-digit SIRET outside La Poste (whose SIREN follows another rule). */
const ordinarySiret = digitString(13, 13)
  .filter((payload) => !payload.startsWith('356000000'))
  .map((payload) => `${payload}${luhnCheckDigit(payload)}`);

describe('luhnValid', () => {
  it('accepts known Luhn numbers', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('0')).toBe(true);
    expect(luhnValid('12345678900015')).toBe(true);
  });

  it('rejects numbers whose checksum is off', () => {
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('12345678900016')).toBe(false);
  });

  it('rejects empty strings and non-digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('1234a')).toBe(false);
    expect(luhnValid('12 34')).toBe(false);
  });

  it('doubles every second digit from the right (a doubled 9 counts as 9)', () => {
    // 91: 1 + (9*2-9) = 10 → valid; 19: 9 + 2 = 11 → invalid.
    expect(luhnValid('91')).toBe(true);
    expect(luhnValid('19')).toBe(false);
    // 59: 9 + (5*2-9) = 10 → valid (a digit > 4 doubled loses 9).
    expect(luhnValid('59')).toBe(true);
  });

  it('property: the computed check digit always yields a valid number', () => {
    fc.assert(
      fc.property(digitString(1, 20), (payload) => {
        expect(luhnValid(`${payload}${luhnCheckDigit(payload)}`)).toBe(true);
      }),
    );
  });

  it('property: changing any single digit of a valid Luhn number breaks Luhn', () => {
    fc.assert(
      fc.property(
        digitString(1, 20),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (payload, positionSeed, shift) => {
          const valid = `${payload}${luhnCheckDigit(payload)}`;
          const position = positionSeed % valid.length;
          const original = Number(valid[position]);
          const changed = String((original + shift) % 10);
          const mutated = `${valid.slice(0, position)}${changed}${valid.slice(position + 1)}`;
          expect(mutated).not.toBe(valid);
          expect(luhnValid(mutated)).toBe(false);
        },
      ),
    );
  });
});

describe('normaliseSiret', () => {
  it('removes spaces, no-break spaces, dots and hyphens', () => {
    expect(normaliseSiret('123 456 789 00015')).toBe('12345678900015');
    expect(normaliseSiret('123.456.789.00015')).toBe('12345678900015');
    expect(normaliseSiret('123\u00a0456\u00a0789\u00a000015')).toBe('12345678900015');
    expect(normaliseSiret('123-456-789-00015')).toBe('12345678900015');
    expect(normaliseSiret('\t123456789 00015\n')).toBe('12345678900015');
  });

  it('keeps letters so they can be reported', () => {
    expect(normaliseSiret('1234A678900015')).toBe('1234A678900015');
  });
});

describe('siretProblem', () => {
  it.each(['12345678900015', '77567227200017', '98765432100015'])(
    'accepts the valid SIRET %s',
    (siret) => {
      expect(siretProblem(siret)).toBeNull();
    },
  );

  it("accepts La Poste's head office 35600000000048 (plain Luhn)", () => {
    expect(siretProblem('35600000000048')).toBeNull();
  });

  it('accepts another La Poste establishment whose digits add up to a multiple of 5, though it fails Luhn', () => {
    const siret = '35600000012346'; // 3+5+6+1+2+3+4+6 = 30
    expect(luhnValid(siret)).toBe(false);
    expect(siretProblem(siret)).toBeNull();
  });

  it('rejects a La Poste establishment whose digit sum is not a multiple of 5, even if it passes Luhn', () => {
    const siret = '35600000010013'; // digit sum 19
    expect(luhnValid(siret)).toBe(true);
    expect(siretProblem(siret)).toBe('checksum');
  });

  it('accepts valid SIRETs written with spaces or dots', () => {
    expect(siretProblem('123 456 789 00015')).toBeNull();
    expect(siretProblem('775.672.272.00017')).toBeNull();
    expect(siretProblem('987\u00a0654\u00a0321\u00a000015')).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['1234567890001', '13 digits'],
    ['123456789000150', '15 digits'],
    ['123', '3 digits'],
  ])('reports a wrong length for %j (%s)', (siret) => {
    expect(siretProblem(siret)).toBe('length');
  });

  it.each(['1234567890001A', 'ABCDEFGHIJKLMN', '12345678900O15', '12345678900015x'])(
    'reports non-digits for %j, before checking the length',
    (siret) => {
      expect(siretProblem(siret)).toBe('digits');
    },
  );

  it('reports a checksum problem for a 14-digit number failing Luhn', () => {
    expect(siretProblem('12345678900016')).toBe('checksum');
    expect(siretProblem('77567227200018')).toBe('checksum');
  });

  it('reports a checksum problem when two adjacent digits are swapped', () => {
    // 12345678900015 → 21345678900015
    expect(siretProblem('21345678900015')).toBe('checksum');
  });

  it('property: every generated Luhn-valid SIRET outside La Poste is accepted, spaced or not', () => {
    fc.assert(
      fc.property(ordinarySiret, (siret) => {
        expect(siretProblem(siret)).toBeNull();
        const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
        expect(siretProblem(spaced)).toBeNull();
      }),
    );
  });

  it('property: changing one digit of a valid SIRET outside La Poste yields a checksum problem', () => {
    fc.assert(
      fc.property(
        ordinarySiret,
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 1, max: 9 }),
        (siret, position, shift) => {
          const changed = String((Number(siret[position]) + shift) % 10);
          const mutated = `${siret.slice(0, position)}${changed}${siret.slice(position + 1)}`;
          fc.pre(!mutated.startsWith('356000000'));
          expect(siretProblem(mutated)).toBe('checksum');
        },
      ),
    );
  });

  it('has a French message for every problem', () => {
    expect(siretProblemMessages.length).toBe('Le SIRET doit comporter 14 chiffres.');
    expect(siretProblemMessages.digits).toMatch(/chiffres/);
    expect(siretProblemMessages.checksum).toMatch(/invalide/);
  });
});

describe('sirenOf', () => {
  it('returns the first nine digits after normalisation', () => {
    expect(sirenOf('775 672 272 00017')).toBe('775672272');
    expect(sirenOf('35600000000048')).toBe('356000000');
  });
});
