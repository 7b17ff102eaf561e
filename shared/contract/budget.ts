/** Calls about the budget (forecast), the account → CERFA mapping and budget vs actual. */
import { z } from 'zod';
import { cerfaRowCodes } from '../domain/cerfa';
import { id, mutation, ok, query } from './define';
import { amountCents, optionalText } from './fields';

const row = z.enum(cerfaRowCodes as [string, ...string[]], {
  error: 'Ligne du compte rendu : choisissez dans la liste.',
});
const chartVersion = z.enum(['ANC_2018_06', 'ANC_2022_06']);
const yearIndex = z.number().int().min(1).max(10);

export const budgetVsActualRow = z.object({
  row: z.string(),
  label: z.string(),
  side: z.enum(['charges', 'produits']),
  inKind: z.boolean(),
  forecastCents: z.number(),
  actualCents: z.number(),
  gapCents: z.number(),
  gapRatio: z.number().nullable(),
  significant: z.boolean(),
  explanation: z.string().nullable(),
  /** The accounts behind the actual, for the drill-down to FEC lines. */
  accounts: z.array(
    z.object({
      account: z.string(),
      auxiliary: z.string(),
      label: z.string(),
      netDebitCents: z.number(),
    }),
  ),
});
export type BudgetVsActualRow = z.output<typeof budgetVsActualRow>;

const totals = z.object({ forecastCents: z.number(), actualCents: z.number() });

const mappingRuleInput = z.object({
  conventionId: id,
  chartVersion,
  prefix: z.string().regex(/^\d{1,12}$/, { message: 'Compte ou préfixe : chiffres seulement.' }),
  /** Limits the rule to one auxiliary account (a subsidy's funder); '' = any. */
  auxiliary: z.string().trim().max(40).default(''),
  /** null removes the convention's rule (the catalogue's applies again). */
  row: row.nullable(),
  /**
   * The convention's own rule for this prefix (and auxiliary) when the form was loaded, null
   * when it had none: a rule stored differently since is refused (CONFLICT). Omitted by
   * writers without a form, which always apply.
   */
  was: z.string().nullable().optional(),
});

export const budgetCalls = {
  'mapping.get': query(
    z.object({ conventionId: id, yearIndex }),
    z.object({
      chartVersion,
      fiscalYearEnd: z.string(),
      rules: z.array(
        z.object({
          prefix: z.string(),
          auxiliary: z.string(),
          row: z.string(),
          source: z.enum(['catalogue', 'convention']),
        }),
      ),
      /** The accounts of the year's active FEC import, with the row each one goes to. */
      accounts: z.array(
        z.object({
          account: z.string(),
          /** The CompAuxNum of a subsidy (74x), '' elsewhere: its funder. */
          auxiliary: z.string(),
          auxiliaryLabel: z.string(),
          label: z.string(),
          netDebitCents: z.number(),
          row: z.string().nullable(),
          toAssign: z.boolean(),
          /** The funder row the labels point to, for a subsidy still to assign. */
          suggestedRow: z.string().nullable(),
        }),
      ),
    }),
  ),
  'mapping.set': mutation(mappingRuleInput, ok),
  /** Several rules in one action (e.g. accepting every suggested funder). */
  'mapping.setMany': mutation(
    z.object({
      conventionId: id,
      chartVersion,
      rules: z
        .array(mappingRuleInput.omit({ conventionId: true, chartVersion: true }))
        .min(1)
        .max(500),
    }),
    z.object({ changed: z.number() }),
  ),
  'budget.get': query(
    z.object({ conventionId: id }),
    z.array(z.object({ yearIndex: z.number(), row: z.string(), amountCents: z.number() })),
  ),
  'budget.set': mutation(
    z.object({
      conventionId: id,
      yearIndex,
      lines: z
        .array(
          z.object({
            row,
            amountCents: amountCents('Montant prévu').nullable(),
            /**
             * The amount the grid showed when loaded (null: empty cell). The grid sends only
             * the cells the user changed, each with `was`; a cell stored differently since is
             * refused (CONFLICT), so colleagues on different lines never collide. Without
             * `was` (imports, scripts) the line is written unchecked.
             */
            was: z.number().int().nullable().optional(),
          }),
        )
        .max(100),
    }),
    z.object({ changed: z.number() }),
  ),
  'budget.copyYear': mutation(
    z.object({ conventionId: id, fromYear: yearIndex, toYear: yearIndex }),
    z.object({ copied: z.number() }),
  ),
  'budget.vsActual': query(
    z.object({
      conventionId: id,
      /** null: the whole CPO, every year cumulated. */
      yearIndex: yearIndex.nullable(),
      /** The whole operator, or the SIEG activity alone (direct + allocated costs, SIEG revenue). */
      scope: z.enum(['operator', 'sieg']).default('operator'),
    }),
    z.object({
      /** The years it covers (one, or all of the CPO). */
      years: z.array(z.number()),
      fiscalYearEnd: z.string().nullable(),
      hasActuals: z.boolean(),
      threshold: z.object({ basisPoints: z.number(), cents: z.number() }),
      rows: z.array(budgetVsActualRow),
      charges: totals,
      produits: totals,
      /** Produits − charges, outside contributions in kind. */
      balance: totals,
      unexplained: z.number(),
      toAssignCents: z.number(),
    }),
  ),
  'budget.explainGap': mutation(
    z.object({ conventionId: id, yearIndex, row, text: optionalText('Explication', 4000) }),
    ok,
  ),
  'budget.setThreshold': mutation(
    z.object({
      conventionId: id,
      basisPoints: z
        .number({ error: 'Seuil en % : nombre attendu.' })
        .int({ message: 'Seuil en % : deux décimales au plus.' })
        .min(0, { message: 'Seuil en % : pas de valeur négative.' })
        .max(10_000, { message: 'Seuil en % : 100 % au plus.' }),
      cents: amountCents('Seuil en euros'),
    }),
    ok,
  ),
};
