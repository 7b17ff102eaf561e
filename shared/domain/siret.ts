/**
 * SIRET and SIREN checks. Both carry a Luhn checksum; La Poste's establishments
 * (SIREN 356 000 000) are the one documented exception: their SIRET digits add up to
 * a multiple of 5 instead.
 */

const LA_POSTE_SIREN = '356000000';

export function normaliseSiret(text: string): string {
  return text.replace(/[\s.\u00a0-]/g, '');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type SiretProblem = 'length' | 'digits' | 'checksum';

/** Null when the SIRET is valid, else what is wrong with it. */
export function siretProblem(text: string): SiretProblem | null {
  const siret = normaliseSiret(text);
  if (!/^\d*$/.test(siret)) return 'digits';
  if (siret.length !== 14) return 'length';
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== `${LA_POSTE_SIREN}00048`) {
    const digitSum = [...siret].reduce((total, digit) => total + Number(digit), 0);
    return digitSum % 5 === 0 ? null : 'checksum';
  }
  return luhnValid(siret) ? null : 'checksum';
}

export const siretProblemMessages: Record<SiretProblem, string> = {
  length: 'Le SIRET doit comporter 14 chiffres.',
  digits: 'Le SIRET ne doit contenir que des chiffres.',
  checksum: 'Ce SIRET est invalide (la clé de contrôle ne correspond pas) : vérifiez les chiffres.',
};

export function sirenOf(siret: string): string {
  return normaliseSiret(siret).slice(0, 9);
}
