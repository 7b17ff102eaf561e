/**
 * The State contribution's payment schedule: what is late, partly paid or not scheduled.
 * Pure; the dashboard and the compensation page read the same statuses.
 */
import { differenceInCalendarDays, parseISO } from 'date-fns';
import type { Cents } from '../money';

export type PaymentKind = 'advance' | 'instalment' | 'balance' | 'repayment';

export const paymentKindLabels: Record<PaymentKind, string> = {
  advance: 'Avance',
  instalment: 'Acompte',
  balance: 'Solde',
  // Also a deduction the State made on a later payment: both settle a year's overcompensation.
  repayment: 'Reversement à l’État ou déduction',
};

export interface Payment {
  kind: PaymentKind;
  expectedOn: string;
  expectedCents: Cents;
  receivedOn: string | null;
  receivedCents: Cents | null;
}

export type PaymentStatus = 'received' | 'partial' | 'late' | 'due_soon' | 'upcoming';

export const paymentStatusLabels: Record<PaymentStatus, string> = {
  received: 'Reçu',
  partial: 'Reçu en partie',
  late: 'En retard',
  due_soon: 'Attendu sous 30 jours',
  upcoming: 'À venir',
};

/** A payment counts as received once a date is given; an amount short of the expected one is partial. */
export function paymentStatus(payment: Payment, today: string): PaymentStatus {
  if (payment.receivedOn !== null) {
    return (payment.receivedCents ?? 0) < payment.expectedCents ? 'partial' : 'received';
  }
  const days = differenceInCalendarDays(parseISO(payment.expectedOn), parseISO(today));
  if (days < 0) return 'late';
  return days <= 30 ? 'due_soon' : 'upcoming';
}

export function daysLate(payment: Payment, today: string): number {
  if (payment.receivedOn !== null) return 0;
  return Math.max(0, differenceInCalendarDays(parseISO(today), parseISO(payment.expectedOn)));
}

export interface YearPayments {
  yearIndex: number;
  /** The contribution in force for the year (convention as amended). */
  grantedCents: Cents;
  /** Σ expected of the payments from the State (repayments apart). */
  scheduledCents: Cents;
  receivedCents: Cents;
  /**
   * Paid back to the State, or deducted from a later payment (made): the control counts it
   * against the overcompensation of this year (shared/domain/compensation.ts, Settlement).
   */
  repaidCents: Cents;
}

export function yearPayments(
  yearIndex: number,
  grantedCents: Cents,
  payments: readonly Payment[],
): YearPayments {
  let scheduledCents = 0;
  let receivedCents = 0;
  let repaidCents = 0;
  for (const payment of payments) {
    if (payment.kind === 'repayment') {
      if (payment.receivedOn !== null) repaidCents += payment.receivedCents ?? 0;
      continue;
    }
    scheduledCents += payment.expectedCents;
    if (payment.receivedOn !== null) receivedCents += payment.receivedCents ?? 0;
  }
  return { yearIndex, grantedCents, scheduledCents, receivedCents, repaidCents };
}

/**
 * The whole convention's figures: the years' own figures added up (each payment counts in
 * one year only), so a total shown for the CPO is the sum of the years shown beside it.
 */
export function wholePayments(
  years: readonly Omit<YearPayments, 'yearIndex'>[],
): Omit<YearPayments, 'yearIndex'> {
  const whole = { grantedCents: 0, scheduledCents: 0, receivedCents: 0, repaidCents: 0 };
  for (const year of years) {
    whole.grantedCents += year.grantedCents;
    whole.scheduledCents += year.scheduledCents;
    whole.receivedCents += year.receivedCents;
    whole.repaidCents += year.repaidCents;
  }
  return whole;
}
