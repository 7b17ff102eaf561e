/**
 * Calls about the SIEG compensation: the State contribution's payments, other public
 * support of the service, the overcompensation control and its settings, and the de
 * minimis watch for conventions under that regime.
 */
import { z } from 'zod';
import { id, mutation, ok, query } from './define';
import {
  amountCents,
  isoDate,
  optionalText,
  positiveAmountCents,
  requiredText,
  yearIndex,
} from './fields';

const cents = z.number();
const outcome = z.enum(['none', 'carry_forward', 'repay']);

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
  amountDue: cents,
  carriedOut: cents,
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
    }),
  }),
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

const paymentKind = z.enum(['advance', 'instalment', 'balance', 'repayment'], {
  error: 'Nature du versement : choisissez dans la liste.',
});

export const paymentInput = z
  .object({
    id: id.optional(),
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
      settings: compensationSettings,
      reasonableProfitBp: z.number(),
      years: z.array(compensationYearSchema),
      periods: z.array(controlSchema),
      final: controlSchema.nullable(),
      /** What makes a figure provisional or incomplete, in French. */
      warnings: z.array(z.string()),
    }),
  ),
  'compensation.setSettings': mutation(
    z.object({ conventionId: id, settings: compensationSettings }),
    ok,
  ),
  'payments.list': query(
    z.object({ conventionId: id, today: isoDate }),
    z.object({
      payments: z.array(
        z.object({
          id,
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
      /** Late or missing payments, in French, for the dashboard. */
      alerts: z.array(
        z.object({ level: z.enum(['late', 'missing', 'partial', 'excess']), text: z.string() }),
      ),
    }),
  ),
  'payments.save': mutation(
    z.object({ conventionId: id, payment: paymentInput }),
    z.object({ id }),
  ),
  'payments.delete': mutation(z.object({ id }), ok),
  'supports.save': mutation(
    z.object({
      conventionId: id,
      support: z.object({
        id: id.optional(),
        yearIndex,
        kind: z.enum(['subsidy', 'premises', 'staff', 'other'], {
          error: 'Nature du soutien : choisissez dans la liste.',
        }),
        funder: requiredText('Financeur', 120),
        amountCents: positiveAmountCents('Valeur'),
        evidence: optionalText('Justificatif', 500),
      }),
    }),
    z.object({ id }),
  ),
  'supports.delete': mutation(z.object({ id }), ok),
  'deMinimis.get': query(
    z.object({ conventionId: id, today: isoDate }),
    z.object({
      applies: z.boolean(),
      ceilingCents: cents,
      generalCeilingCents: cents,
      current: z.object({ total: cents, general: cents, windowStart: z.string() }),
      peak: z.object({ date: z.string().nullable(), total: cents, general: cents }),
      level: z.enum(['ok', 'near', 'over']),
      crossesOn: z.string().nullable(),
      aids: z.array(
        z.object({
          id: z.number().nullable(),
          source: z.enum(['convention', 'other']),
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
        grantor: requiredText('Organisme', 120),
        grantedOn: isoDate,
        amountCents: positiveAmountCents('Montant'),
        regulation: z.enum(['sieg', 'general'], { error: 'Règlement : choisissez dans la liste.' }),
        note: optionalText('Note', 300),
      }),
    }),
    z.object({ id }),
  ),
  'deMinimis.deleteAid': mutation(z.object({ id }), ok),
};
