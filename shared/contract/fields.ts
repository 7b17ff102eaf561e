/** Field schemas shared by several calls, each with its French message. */
import { z } from 'zod';
import { isFiscalYearEnd, isIsoDate } from '../domain/conventionYears';
import { siretProblem, siretProblemMessages, normaliseSiret } from '../domain/siret';

export const isoDate = z
  .string({ error: 'Date obligatoire.' })
  .refine(isIsoDate, { message: 'Date invalide (attendu : jj/mm/aaaa).' });

export const optionalIsoDate = isoDate.nullable();

export const fiscalYearEnd = z
  .string()
  .refine(isFiscalYearEnd, { message: 'Date de clôture invalide (jour et mois, par ex. 31/12).' });

export const requiredText = (label: string, max = 200) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .min(1, { message: `${label} : champ obligatoire.` })
    .max(max, { message: `${label} : ${max} caractères au plus.` });

export const optionalText = (label: string, max = 500) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label} : ${max} caractères au plus.` })
    .default('');

export const siret = z
  .string({ error: 'SIRET obligatoire.' })
  .transform(normaliseSiret)
  .superRefine((value, ctx) => {
    const problem = siretProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: siretProblemMessages[problem] });
  });

export const optionalSiret = z
  .string()
  .transform(normaliseSiret)
  .superRefine((value, ctx) => {
    if (value === '') return;
    const problem = siretProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: siretProblemMessages[problem] });
  })
  .default('');

export const amountCents = (label: string) =>
  z
    .number({ error: `${label} : montant obligatoire.` })
    .int({ message: `${label} : montant en centimes entiers attendu.` })
    .nonnegative({ message: `${label} : le montant ne peut pas être négatif.` })
    .max(100_000_000_000, { message: `${label} : montant trop élevé.` });

export const yearIndex = z.number().int().min(1).max(10);
