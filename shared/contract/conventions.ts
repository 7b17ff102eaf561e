/** Calls about the operator and its convention (CPO). */
import { z } from 'zod';
import {
  conventionYears,
  isFiscalYearEnd,
  isIsoDate,
  isThreeYears,
} from '../domain/conventionYears';
import { dreetsRegions, legalForms, regimes } from '../domain/referenceLists';
import { empty, id, mutation, ok, query, version } from './define';
import {
  amountCents,
  fiscalYearEnd,
  isoDate,
  optionalIsoDate,
  optionalSiret,
  optionalText,
  requiredText,
  siret,
  yearIndex,
} from './fields';

export const operatorInput = z.object({
  name: requiredText("Nom de l'opérateur"),
  legalForm: z.enum(legalForms, { error: 'Forme juridique : choisissez dans la liste.' }),
  siret,
  rna: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value) => value === '' || /^W\d{9}$/.test(value), {
      message: 'Numéro RNA invalide (W suivi de 9 chiffres).',
    })
    .default(''),
  address: optionalText('Adresse'),
  postalCode: z
    .string()
    .trim()
    .refine((value) => value === '' || /^\d{5}$/.test(value), {
      message: 'Code postal invalide (5 chiffres).',
    })
    .default(''),
  city: optionalText('Commune', 100),
  representativeName: requiredText('Nom du représentant légal'),
  representativeRole: requiredText('Qualité du représentant légal'),
});

export const voletInput = z.object({
  number: z.number().int().min(1).max(4),
  label: requiredText('Intitulé du volet'),
  covered: z.boolean(),
});

export const territoryInput = z.object({
  inseeCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value) => /^(\d{5}|2[AB]\d{3}|97\d{3})$/.test(value), {
      message: 'Code INSEE invalide (5 caractères, par ex. 35238).',
    }),
  commune: requiredText('Commune', 100),
  qpv: z.boolean().default(false),
  zrr: z.boolean().default(false),
});

export const coHolderInput = z.object({
  name: requiredText('Nom du co-porteur'),
  siret: optionalSiret,
  isLead: z.boolean().default(false),
});

export const contributionInput = z.object({
  yearIndex,
  amountCents: amountCents("Contribution de l'État"),
});

const conventionFields = z.object({
  operator: operatorInput,
  reference: requiredText('Référence de la convention', 80),
  title: optionalText('Intitulé', 200),
  dreetsRegion: z.enum(dreetsRegions, { error: 'Région DREETS : choisissez dans la liste.' }),
  signedOn: optionalIsoDate,
  startDate: isoDate,
  endDate: isoDate,
  fiscalYearEnd,
  regime: z.enum(Object.keys(regimes) as [keyof typeof regimes], {
    error: 'Régime : choisissez dans la liste.',
  }),
  /** Reasonable profit as basis points of the SIEG costs (0 for most associations). */
  reasonableProfitBp: z
    .number({ error: 'Bénéfice raisonnable : nombre attendu.' })
    .int({ message: 'Bénéfice raisonnable : deux décimales au plus.' })
    .min(0, { message: 'Le bénéfice raisonnable ne peut pas être négatif.' })
    .max(2000, { message: 'Bénéfice raisonnable : 20 % au plus.' }),
  /**
   * The control readings the CPO fixes in advance (finance.md §1), with the clause that
   * says so; after signature only an avenant changes them.
   */
  ocNetting: z.boolean().default(true),
  ocAverageOver: z
    .enum(['period', 'cpo'], { error: 'Moyenne de la compensation : choisissez dans la liste.' })
    .default('period'),
  controlPeriodYears: z
    .number({ error: 'Période de contrôle : nombre attendu.' })
    .int({ message: 'Période de contrôle : un nombre entier d’années.' })
    .min(1, { message: 'Période de contrôle : un an au moins.' })
    .max(3, { message: 'Période de contrôle : trois ans au plus.' })
    .default(3),
  compensationClause: optionalText('Clause de la convention sur la compensation', 200),
  /** The following convention that will deduct an overcompensation carried at the end. */
  followingConvention: optionalText('Convention suivante', 80),
  volets: z.array(voletInput).length(4),
  territories: z.array(territoryInput).max(500),
  coHolders: z.array(coHolderInput).max(20),
  stateContributions: z.array(contributionInput).max(10),
});

/** Rules that need several fields at once. */
export const conventionInput = conventionFields.superRefine((value, ctx) => {
  // A date already refused has its own message; rules built on it would only add noise.
  if (
    !isIsoDate(value.startDate) ||
    !isIsoDate(value.endDate) ||
    !isFiscalYearEnd(value.fiscalYearEnd)
  )
    return;
  if (value.endDate <= value.startDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['endDate'],
      message: 'La date de fin doit être postérieure à la date de début.',
    });
    return;
  }
  const years = conventionYears(value.startDate, value.endDate, value.fiscalYearEnd);
  if (years.length > 6) {
    ctx.addIssue({
      code: 'custom',
      path: ['endDate'],
      message: `La convention couvrirait ${years.length} exercices : une CPO dure 3 ans (6 exercices au plus).`,
    });
  }
  if (value.signedOn && value.signedOn > value.endDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['signedOn'],
      message: 'La date de signature ne peut pas être postérieure à la fin de la convention.',
    });
  }
  const seenYears = new Set<number>();
  value.stateContributions.forEach((contribution, index) => {
    if (seenYears.has(contribution.yearIndex)) {
      ctx.addIssue({
        code: 'custom',
        path: ['stateContributions', index, 'yearIndex'],
        message: `L'année ${contribution.yearIndex} apparaît deux fois : les années ne peuvent pas se chevaucher.`,
      });
    }
    seenYears.add(contribution.yearIndex);
    if (contribution.yearIndex > years.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['stateContributions', index, 'yearIndex'],
        message: `La convention ne compte que ${years.length} année(s) : l'année ${contribution.yearIndex} n'existe pas.`,
      });
    }
  });
  const leads = value.coHolders.filter((holder) => holder.isLead).length;
  if (leads > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['coHolders'],
      message: 'Un seul chef de file par convention.',
    });
  }
  const seenCodes = new Set<string>();
  value.territories.forEach((territory, index) => {
    if (seenCodes.has(territory.inseeCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['territories', index, 'inseeCode'],
        message: `La commune ${territory.inseeCode} est déjà dans la liste.`,
      });
    }
    seenCodes.add(territory.inseeCode);
  });
  const numbers = value.volets.map((volet) => volet.number).sort();
  if (numbers.join(',') !== '1,2,3,4') {
    ctx.addIssue({ code: 'custom', path: ['volets'], message: 'Les volets 1 à 4 sont attendus.' });
  }
  if (!value.volets.some((volet) => volet.covered)) {
    ctx.addIssue({
      code: 'custom',
      path: ['volets'],
      message: 'Cochez au moins un volet couvert par la convention.',
    });
  }
});
export type ConventionInput = z.input<typeof conventionInput>;
export type ConventionValues = z.output<typeof conventionInput>;

/** Warnings do not block saving; the form shows them. */
export function conventionWarnings(value: {
  startDate: string;
  endDate: string;
  fiscalYearEnd: string;
}): string[] {
  const warnings: string[] = [];
  if (value.endDate > value.startDate && !isThreeYears(value.startDate, value.endDate)) {
    warnings.push(
      'La convention ne dure pas exactement 3 ans : vérifiez les dates (une CPO O2R est conclue pour 3 ans).',
    );
  }
  const years = conventionYears(value.startDate, value.endDate, value.fiscalYearEnd);
  const partial = years.filter((year) => year.partial);
  if (partial.length > 0) {
    warnings.push(
      `Exercice(s) partiel(s) : ${partial.map((year) => `année ${year.index} (${year.label})`).join(', ')}.`,
    );
  }
  return warnings;
}

export const conventionYearSchema = z.object({
  index: z.number(),
  start: z.string(),
  end: z.string(),
  fiscalYearEnd: z.string(),
  fiscalYearStart: z.string(),
  partial: z.boolean(),
  reportDue: z.string(),
  label: z.string(),
});

export const conventionDetail = conventionFields.extend({
  id,
  operatorId: id,
  isDemo: z.boolean(),
  retentionMonths: z.number(),
  smallCellThreshold: z.number(),
  years: z.array(conventionYearSchema),
  warnings: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version,
});
export type ConventionDetail = z.output<typeof conventionDetail>;

export const conventionSummary = z.object({
  id,
  reference: z.string(),
  title: z.string(),
  operatorName: z.string(),
  dreetsRegion: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  isDemo: z.boolean(),
  yearCount: z.number(),
});
export type ConventionSummary = z.output<typeof conventionSummary>;

export const conventionCalls = {
  'conventions.list': query(empty, z.array(conventionSummary)),
  'conventions.get': query(z.object({ id }), conventionDetail),
  'conventions.create': mutation(conventionInput, z.object({ id, warnings: z.array(z.string()) })),
  'conventions.update': mutation(
    z.object({ id, version, values: conventionInput }),
    z.object({ id, warnings: z.array(z.string()), version }),
  ),
  'conventions.delete': mutation(z.object({ id }), ok),
  'demo.remove': mutation(empty, z.object({ removed: z.number() })),
  'demo.restore': mutation(empty, z.object({ id })),
};
