/** Calls about the analytic axis, allocation keys and the SIEG's share of the costs. */
import { z } from 'zod';
import { cerfaRowCodes } from '../domain/cerfa';
import { analyticRuleKinds } from '../domain/allocation';
import { id, mutation, ok, query } from './define';
import { quantity, requiredText } from './fields';

const axis = z.enum(['sieg', 'other', 'general'], {
  error: 'Axe : SIEG, autres activités ou frais généraux.',
});
const yearIndex = z.number().int().min(1).max(10);

export const allocationKeyInput = z
  .object({
    id: id.optional(),
    label: requiredText('Intitulé de la clé', 200),
    basis: z.enum(['time', 'fte', 'floor_area', 'persons', 'flat_percent'], {
      error: 'Base de la clé : choisissez dans la liste.',
    }),
    siegQuantity: quantity('Part du SIEG'),
    totalQuantity: quantity('Total'),
    evidence: requiredText('Justificatif (sur quoi repose la clé)', 2000),
    rows: z.array(z.enum(cerfaRowCodes as [string, ...string[]])).max(40),
  })
  .superRefine((key, ctx) => {
    if (key.basis === 'flat_percent') {
      if (key.siegQuantity > 10_000)
        ctx.addIssue({
          code: 'custom',
          path: ['siegQuantity'],
          message: 'Un forfait ne dépasse pas 100 %.',
        });
      return;
    }
    if (key.totalQuantity <= 0)
      ctx.addIssue({
        code: 'custom',
        path: ['totalQuantity'],
        message: 'Le total doit être positif.',
      });
    if (key.siegQuantity > key.totalQuantity) {
      ctx.addIssue({
        code: 'custom',
        path: ['siegQuantity'],
        message: 'La part du SIEG ne peut pas dépasser le total.',
      });
    }
    if (key.rows.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['rows'],
        message: 'Indiquez les lignes de charges que la clé répartit.',
      });
  });

export const siegScope = z.object({
  /** « L'organisme n'a pas d'autre activité » : every line is the SIEG's by default. */
  siegOnly: z.boolean(),
  specialRights: requiredText('Droits spéciaux ou exclusifs', 500),
});

const keyRow = z.object({
  id,
  label: z.string(),
  basis: z.enum(['time', 'fte', 'floor_area', 'persons', 'flat_percent']),
  siegQuantity: z.number(),
  totalQuantity: z.number(),
  evidence: z.string(),
  rows: z.array(z.string()),
  share: z.number(),
});

export const allocationCalls = {
  'analytic.get': query(
    z.object({ conventionId: id, yearIndex }),
    z.object({
      hasFile: z.boolean(),
      codes: z.array(
        z.object({
          code: z.string(),
          axis,
          saved: z.boolean(),
          netDebitCents: z.number(),
          lines: z.number(),
        }),
      ),
      rules: z.array(z.object({ id, kind: z.enum(analyticRuleKinds), value: z.string(), axis })),
      /** Net debit of the kept lines by axis. */
      byAxis: z.object({ sieg: z.number(), other: z.number(), general: z.number() }),
      /** Kept lines of the year, and those carrying an analytic code. */
      totalLines: z.number(),
      codedLines: z.number(),
      /** Lines without a code, by CERFA row, with what the guide proposes for each row. */
      guide: z.array(
        z.object({
          row: z.string(),
          label: z.string(),
          /** Signed as the row reads (charges positive, produits positive). */
          amountCents: z.number(),
          proposal: axis,
          reason: z.string(),
          /** Every line of the row is placed by a rule (none left to the default). */
          decided: z.boolean(),
          accounts: z.array(
            z.object({
              account: z.string(),
              label: z.string(),
              /** The funder's auxiliary account of a 74 line ('' otherwise). */
              auxiliary: z.string(),
              amountCents: z.number(),
              axis,
              fromRule: z.boolean(),
            }),
          ),
        }),
      ),
    }),
  ),
  /** The guide's rows confirmed by the user: one rule per account (or funder), one transaction. */
  'analytic.applyRules': mutation(
    z.object({
      conventionId: id,
      rules: z
        .array(
          z.object({
            kind: z.enum(['account', 'auxiliary']),
            value: z.string().trim().min(1).max(20),
            axis,
          }),
        )
        .min(1, { message: 'Aucune ligne à placer.' })
        .max(500),
    }),
    z.object({ created: z.number(), updated: z.number() }),
  ),
  'analytic.setCode': mutation(
    z.object({ conventionId: id, code: z.string().trim().min(1).max(40), axis }),
    ok,
  ),
  'analytic.saveRule': mutation(
    z.object({
      conventionId: id,
      rule: z.object({
        id: id.optional(),
        kind: z.enum(analyticRuleKinds),
        value: z
          .string()
          .trim()
          .min(1, { message: 'Compte, préfixe, journal ou compte auxiliaire obligatoire.' })
          .max(20),
        axis,
      }),
    }),
    z.object({ id }),
  ),
  'analytic.deleteRule': mutation(z.object({ id }), ok),
  'keys.list': query(z.object({ conventionId: id, yearIndex }), z.array(keyRow)),
  'keys.save': mutation(
    z.object({ conventionId: id, yearIndex, key: allocationKeyInput }),
    z.object({ id }),
  ),
  'keys.delete': mutation(z.object({ id }), ok),
  /**
   * « Reprendre les clés de l'année précédente »: the previous year's keys, quantities kept,
   * evidence marked « à mettre à jour ». Refused when the year has keys unless `replace`.
   * Analytic rules are per convention, not per year: they already apply to every year.
   */
  'keys.copyPrevious': mutation(
    z.object({ conventionId: id, yearIndex, replace: z.boolean().default(false) }),
    z.object({ copied: z.number(), replaced: z.number() }),
  ),
  'siegCosts.get': query(
    z.object({ conventionId: id, yearIndex }),
    z.object({
      hasActuals: z.boolean(),
      rows: z.array(
        z.object({
          row: z.string(),
          label: z.string(),
          sieg: z.number(),
          other: z.number(),
          general: z.number(),
          keyLabel: z.string().nullable(),
          share: z.number().nullable(),
          allocated: z.number(),
          siegCost: z.number(),
        }),
      ),
      direct: z.number(),
      allocated: z.number(),
      flat: z.number(),
      total: z.number(),
      unallocatedGeneral: z.number(),
      /** The operator has no other activity: lines no code or rule places are the SIEG's. */
      siegOnly: z.boolean(),
      /** Keys and a flat rate the same year: the flat rate is left out, the control blocked. */
      keyConflict: z.boolean(),
      /** The SIEG's produits by row: its own lines and its share of the common ones. */
      revenueRows: z.array(
        z.object({
          row: z.string(),
          label: z.string(),
          sieg: z.number(),
          general: z.number(),
          keyLabel: z.string().nullable(),
          share: z.number().nullable(),
          allocated: z.number(),
          siegRevenue: z.number(),
        }),
      ),
      /** The share common revenue no key names goes to the SIEG with; null without keys. */
      commonShare: z.number().nullable(),
      unallocatedGeneralRevenue: z.number(),
      /** SIEG revenue by CERFA row (own lines + share of the common ones), for C and R. */
      siegRevenue: z.array(
        z.object({ row: z.string(), label: z.string(), amountCents: z.number() }),
      ),
      /** Dedicated funds on the SIEG: 689 put aside, 789 used. Out of K and R. */
      dedicated: z.object({ provision: z.number(), use: z.number() }),
      /** Accounts no mapping rule places: they block the compensation control. */
      unmapped: z.array(
        z.object({ account: z.string(), label: z.string(), netDebitCents: z.number() }),
      ),
    }),
  ),
  'siegScope.get': query(z.object({ conventionId: id }), siegScope),
  /** What the convention says of the operator's activities and of special rights. */
  'siegScope.set': mutation(z.object({ conventionId: id, scope: siegScope }), ok),
};
