/** Field schemas shared by several calls, each with its French message. */
import { z } from 'zod';
import { maxAmountCents } from '../amount';
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

/**
 * A figure typed in an amount field. Missing and unreadable (NaN: what the amount field
 * sends for text it could not read) get their own messages, each naming the field. The
 * unreadable case does not abort the parse, so the rules that span several fields (dates,
 * totals) still report their own problems in the same answer.
 */
const typedFigure = (missing: string, unreadable: string) =>
  z
    .union([z.number(), z.nan()], {
      error: (issue) => (issue.input === undefined || issue.input === null ? missing : unreadable),
    })
    .superRefine((value, ctx) => {
      if (Number.isNaN(value)) ctx.addIssue({ code: 'custom', message: unreadable });
    });

/** A check that leaves an unreadable figure to the message above. */
const readable = (test: (value: number) => boolean) => (value: number) =>
  Number.isNaN(value) || test(value);

/** A euro amount in integer cents, never negative. */
export const amountCents = (label: string) =>
  typedFigure(`${label} : montant obligatoire.`, `${label} : montant absent ou illisible.`)
    .refine(
      readable((value) => Number.isInteger(value)),
      `${label} : montant en centimes entiers attendu.`,
    )
    .refine(
      readable((value) => value >= 0),
      `${label} : le montant ne peut pas être négatif.`,
    )
    .refine(
      readable((value) => value <= maxAmountCents),
      `${label} : montant trop élevé.`,
    );

/** An amount that must be more than zero (an expected payment, a support's value). */
export const positiveAmountCents = (label: string) =>
  amountCents(label).refine(
    readable((value) => value > 0),
    `${label} : plus de 0 €.`,
  );

/** A count or measure typed by a person (key quantities, indicator values): never negative. */
export const quantity = (label: string, max = 1_000_000_000) =>
  typedFigure(`${label} : valeur obligatoire.`, `${label} : valeur absente ou illisible.`)
    .refine(
      readable((value) => value >= 0),
      `${label} : pas de valeur négative.`,
    )
    .refine(
      readable((value) => value <= max),
      `${label} : valeur trop élevée.`,
    );

export const yearIndex = z.number().int().min(1).max(10);
