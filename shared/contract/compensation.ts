/**
 * Calls about the SIEG compensation: the State contribution's payments, other public
 * support of the service, the overcompensation control and its settings, and the de
 * minimis watch for conventions under that regime.
 */
import { z } from 'zod';
import { id, mutation, ok, query, version } from './define';
import {
  amountCents,
  isoDate,
  optionalText,
  positiveAmountCents,
  requiredText,
  yearIndex,
} from './fields';

const cents = z.number();
const outcome = z.enum(['none', 'carry_forward', 'repay', 'due_at_end']);

export const controlSchema = z.object({
  label: z.string(),
  yearIndexes: z.array(z.number()),
  c: cents,
  r: cents,
  k: cents,
  rp: cents,
  carriedIn: cents,
  oc: cents,
  averageBase: z.object({ c: cents, years: z.number() }),
  cAvg: cents,
  threshold: cents,
  outcome,
  /** Closes the entrustment: the last period or the final control. */
  last: z.boolean(),
  /** Repayments made and deductions for the years of the control. */
  repaid: cents,
  /** Final control: what the periods already required, repaid or carried out of the CPO. */
  disposedBefore: cents,
  amountDue: cents,
  carriedOut: cents,
  carriedTo: z.enum(['period', 'next_convention']).nullable(),
});
export type ControlData = z.output<typeof controlSchema>;

const amountLine = z.object({ row: z.string(), label: z.string(), amountCents: cents });

export const compensationYearSchema = z.object({
  yearIndex: z.number(),
  label: z.string(),
  fiscalYearEnd: z.string(),
  /** Where K and R come from: the year's FEC, the forecast while there is none, or nothing. */
  basis: z.enum(['actual', 'forecast', 'none']),
  c: cents,
  r: cents,
  k: cents,
  rp: cents,
  balance: cents,
  outcome,
  detail: z.object({
    /** The State contribution in force for the year (convention as amended). */
    stateContribution: cents,
    /** The same contribution as booked on the SIEG in the FEC (74 O2R line), if any. */
    stateBooked: cents.nullable(),
    /** Other public subsidies of the SIEG from the 74 lines (or the forecast). */
    otherPublic: z.array(amountLine),
    /** Support entered by hand: free premises, staff made available, other subsidies. */
    supports: z.array(
      z.object({
        id,
        version,
        kind: z.enum(['subsidy', 'premises', 'staff', 'other']),
        funder: z.string(),
        amountCents: cents,
        evidence: z.string(),
      }),
    ),
    /** Other SIEG revenue per CERFA row. */
    revenue: z.array(amountLine),
    costs: z.object({
      direct: cents,
      allocated: cents,
      flat: cents,
      unallocatedGeneral: cents,
      /** Premises and staff made available: counted in K as in C (same value). */
      inKind: cents,
    }),
    /** Dedicated funds on the SIEG (689 put aside, 789 used): out of K and R. */
    dedicated: z.object({ provision: cents, use: cents }),
    /** Accounts with no CERFA row: they block the control. */
    unmapped: z.array(z.object({ account: z.string(), label: z.string(), netDebitCents: cents })),
    /** Keys and a flat rate the same year: blocks the control. */
    keyConflict: z.boolean(),
  }),
});

/** Why the control cannot conclude yet, and where the user settles it. */
export const blockedSchema = z.object({
  reasons: z.array(z.string()),
  unmapped: z.array(
    z.object({
      yearIndex: z.number(),
      yearLabel: z.string(),
      account: z.string(),
      label: z.string(),
      netDebitCents: cents,
    }),
  ),
  keyConflictYears: z.array(z.number()),
  link: z.object({
    tab: z.literal('budget'),
    section: z.enum(['correspondance', 'sieg']),
    yearIndex: z.number(),
  }),
});

export const dedicatedFundsSchema = z.object({
  years: z.array(z.object({ yearIndex: z.number(), provision: cents, use: cents, net: cents })),
  provision: cents,
  use: cents,
  /** Σ 689 − Σ 789 over the CPO: put aside and not used by its end. */
  net: cents,
});
export type CompensationYearData = z.output<typeof compensationYearSchema>;

export const compensationSettings = z.object({
  netting: z.boolean(),
  averageOver: z.enum(['period', 'cpo']),
  periodYears: z
    .number()
    .int()
    .min(1, { message: 'Période de contrôle : un an au moins.' })
    .max(3, { message: 'Période de contrôle : trois ans au plus.' }),
});

/** The parameters the CPO fixes (an avenant changes them): see shared/domain/compensation.ts. */
export const compensationParametersInput = z.object({
  reasonableProfitBp: z
    .number({ error: 'Bénéfice raisonnable : nombre attendu.' })
    .int({ message: 'Bénéfice raisonnable : deux décimales au plus.' })
    .min(0, { message: 'Le bénéfice raisonnable ne peut pas être négatif.' })
    .max(2000, { message: 'Bénéfice raisonnable : 20 % au plus.' }),
  ocNetting: z.boolean(),
  ocAverageOver: z.enum(['period', 'cpo'], {
    error: 'Moyenne de la compensation : choisissez dans la liste.',
  }),
  controlPeriodYears: z
    .number({ error: 'Période de contrôle : nombre attendu.' })
    .int({ message: 'Période de contrôle : un nombre entier d’années.' })
    .min(1, { message: 'Période de contrôle : un an au moins.' })
    .max(3, { message: 'Période de contrôle : trois ans au plus.' }),
  compensationClause: requiredText('Clause de l’avenant', 200),
});

const paymentKind = z.enum(['advance', 'instalment', 'balance', 'repayment'], {
  error: 'Nature du versement : choisissez dans la liste.',
});

export const paymentInput = z
  .object({
    id: id.optional(),
    /** Required with `id` (an edit): the version the form was loaded from. */
    version: version.optional(),
    yearIndex,
    kind: paymentKind,
    expectedOn: isoDate,
    expectedCents: positiveAmountCents('Montant attendu'),
    receivedOn: isoDate.nullable().default(null),
    receivedCents: amountCents('Montant reçu').nullable().default(null),
    note: optionalText('Note', 300),
  })
  .superRefine((payment, ctx) => {
    if ((payment.receivedOn === null) !== (payment.receivedCents === null))
      ctx.addIssue({
        code: 'custom',
        path: [payment.receivedOn === null ? 'receivedOn' : 'receivedCents'],
        message: 'Un versement reçu a une date et un montant.',
      });
  });

export const compensationCalls = {
  'compensation.get': query(
    z.object({ conventionId: id }),
    z.object({
      regime: z.string(),
      /** The readings in force today (convention or avenant). */
      settings: compensationSettings,
      reasonableProfitBp: z.number(),
      /** Where the parameters in force come from, with their clause. */
      parameters: z.object({
        clause: z.string(),
        source: z
          .object({ avenantNumber: z.number(), signedOn: z.string(), effectiveFrom: z.string() })
          .nullable(),
        /** The convention's signature: after it, only an avenant changes the parameters. */
        signedOn: z.string().nullable(),
      }),
      /** The end of the entrustment: the following convention that will deduct a carry, if any. */
      endOfEntrustment: z.object({
        endDate: z.string(),
        followingConvention: z.string(),
        /** The following convention when it is recorded here (same operator). */
        linked: z.object({ id, reference: z.string() }).nullable(),
      }),
      /** Still to repay over the CPO, each control's amount once. */
      totalDue: cents,
      /** Repayments made and deductions over the CPO. */
      totalRepaid: cents,
      years: z.array(compensationYearSchema),
      periods: z.array(controlSchema),
      final: controlSchema.nullable(),
      /** What makes a figure provisional or incomplete, in French. */
      warnings: z.array(z.string()),
      /** Non-null: the control cannot conclude (unmapped accounts, keys and flat rate). */
      blocked: blockedSchema.nullable(),
      dedicatedFunds: dedicatedFundsSchema,
      /** The operator's activities and special or exclusive rights, as the convention says. */
      scope: z.object({ siegOnly: z.boolean(), specialRights: z.string() }),
    }),
  ),
  /** An avenant changing the compensation parameters, from its effective date on. */
  'compensation.amendParameters': mutation(
    z.object({
      conventionId: id,
      avenant: z.object({
        signedOn: isoDate,
        effectiveFrom: isoDate,
        object: requiredText("Objet de l'avenant", 500),
      }),
      parameters: compensationParametersInput,
    }),
    z.object({ id, number: z.number() }),
  ),
  'payments.list': query(
    z.object({ conventionId: id, today: isoDate }),
    z.object({
      payments: z.array(
        z.object({
          id,
          version,
          yearIndex: z.number(),
          kind: paymentKind,
          expectedOn: z.string(),
          expectedCents: cents,
          receivedOn: z.string().nullable(),
          receivedCents: cents.nullable(),
          note: z.string(),
          status: z.enum(['received', 'partial', 'late', 'due_soon', 'upcoming']),
          daysLate: z.number(),
        }),
      ),
      years: z.array(
        z.object({
          yearIndex: z.number(),
          label: z.string(),
          grantedCents: cents,
          scheduledCents: cents,
          receivedCents: cents,
          repaidCents: cents,
        }),
      ),
      /** The whole CPO: the years' figures added up (shared/domain/payments.ts). */
      whole: z.object({
        grantedCents: cents,
        scheduledCents: cents,
        receivedCents: cents,
        repaidCents: cents,
      }),
      /** Late or missing payments, in French, for the dashboard. */
      alerts: z.array(
        z.object({ level: z.enum(['late', 'missing', 'partial', 'excess']), text: z.string() }),
      ),
    }),
  ),
  'payments.save': mutation(
    z.object({ conventionId: id, payment: paymentInput }),
    z.object({ id, version }),
  ),
  'payments.delete': mutation(z.object({ id }), ok),
  'supports.save': mutation(
    z.object({
      conventionId: id,
      support: z.object({
        id: id.optional(),
        /** Required with `id` (an edit): the version the form was loaded from. */
        version: version.optional(),
        yearIndex,
        kind: z.enum(['subsidy', 'premises', 'staff', 'other'], {
          error: 'Nature du soutien : choisissez dans la liste.',
        }),
        funder: requiredText('Financeur', 120),
        amountCents: positiveAmountCents('Valeur'),
        evidence: optionalText('Justificatif', 500),
      }),
    }),
    z.object({ id, version }),
  ),
  'supports.delete': mutation(z.object({ id }), ok),
  'deMinimis.get': query(
    z.object({ conventionId: id, today: isoDate }),
    z.object({
      applies: z.boolean(),
      ceilingCents: cents,
      generalCeilingCents: cents,
      /** The single undertaking: every convention of the operator's SIREN. */
      undertaking: z.object({
        siren: z.string(),
        conventions: z.array(z.object({ id, reference: z.string(), regime: z.string() })),
      }),
      /** Granted in the three years ending today (any period of three years). */
      current: z.object({ total: cents, general: cents, windowStart: z.string() }),
      /** What could still be granted today under the ceilings. */
      headroom: z.object({ total: cents, general: cents }),
      peak: z.object({ date: z.string().nullable(), total: cents, general: cents }),
      level: z.enum(['ok', 'near', 'over']),
      crossesOn: z.string().nullable(),
      aids: z.array(
        z.object({
          id: z.number().nullable(),
          /** The recorded aid's version (null for a signature, not editable here). */
          version: z.number().nullable(),
          /** A convention's signature, an avenant's signature, or other aid recorded. */
          source: z.enum(['convention', 'avenant', 'other']),
          conventionId: z.number(),
          conventionReference: z.string(),
          grantor: z.string(),
          date: z.string(),
          amountCents: cents,
          regulation: z.enum(['sieg', 'general']),
          expected: z.boolean(),
          note: z.string(),
        }),
      ),
    }),
  ),
  'deMinimis.saveAid': mutation(
    z.object({
      conventionId: id,
      aid: z.object({
        id: id.optional(),
        /** Required with `id` (an edit): the version the form was loaded from. */
        version: version.optional(),
        grantor: requiredText('Organisme', 120),
        grantedOn: isoDate,
        amountCents: positiveAmountCents('Montant'),
        regulation: z.enum(['sieg', 'general'], { error: 'Règlement : choisissez dans la liste.' }),
        note: optionalText('Note', 300),
      }),
    }),
    z.object({ id, version }),
  ),
  'deMinimis.deleteAid': mutation(z.object({ id }), ok),
};
