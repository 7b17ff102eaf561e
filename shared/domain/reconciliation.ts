/**
 * The reconciliation of the compte rendu financier: what its printed totals must equal
 * (the FEC's classes, the SIEG's C and K) and how the action's result becomes the SIEG
 * balance of the year. Pure and in integer cents: every check is an exact equality, so a
 * figure that does not tie shows as a difference, never as a rounding.
 */
import type { Cents } from '../money';

/** The FEC's totals by class, each as a positive amount (charges debit, produits credit). */
export interface ClassTotals {
  /** Class 6. */
  charges: Cents;
  /** Class 7. */
  produits: Cents;
  /** Class 86 (uses of contributions in kind). */
  inKindCharges: Cents;
  /** Class 87 (contributions in kind). */
  inKindProduits: Cents;
}

/** The class totals of a FEC's accounts (net debit per account), read from the account numbers only. */
export function fecClassTotals(
  accounts: readonly { account: string; netDebitCents: Cents }[],
): ClassTotals {
  const totals: ClassTotals = { charges: 0, produits: 0, inKindCharges: 0, inKindProduits: 0 };
  for (const { account, netDebitCents } of accounts) {
    if (account.startsWith('86')) totals.inKindCharges += netDebitCents;
    else if (account.startsWith('87')) totals.inKindProduits -= netDebitCents;
    else if (account.startsWith('6')) totals.charges += netDebitCents;
    else if (account.startsWith('7')) totals.produits -= netDebitCents;
  }
  return totals;
}

export interface ReconciliationCheck {
  label: string;
  /** The reference figure (the FEC, the SIEG control). */
  expected: Cents;
  /** The figure the document prints. */
  found: Cents;
  ok: boolean;
}

/** One part of a sum, with where the document shows it. */
export interface ReconciliationPart {
  label: string;
  amount: Cents;
  where: string;
}

export interface ReconciliationInput {
  /** Null without a FEC for the year: nothing to tie the organisation column to. */
  fec: ClassTotals | null;
  /** The totals of the « Comptes de l'organisme » column as printed. */
  organisation: ClassTotals;
  action: {
    /** Totals of the action's columns as printed (contributions in kind apart). */
    charges: Cents;
    produits: Cents;
    /** The operator's own resources put into the action (row « own »): not R. */
    own: Cents;
    /** The State contribution booked on the action (row 74 État O2R). */
    stateBooked: Cents;
    /** Indirect charges as the CERFA table prints them (allocated by keys + flat rate). */
    indirectPrinted: Cents;
  };
  sieg: {
    c: Cents;
    r: Cents;
    k: Cents;
    rp: Cents;
    /** C + R − K − RP of the year. */
    balance: Cents;
    /** The State contribution in force (convention and avenants): what C takes. */
    stateInForce: Cents;
    /** Support valued outside the accounts (premises, staff made available): in C. */
    supportsOutsideAccounts: Cents;
    /** The part of it given in kind (premises, staff): in K too, the same value. */
    inKindInK: Cents;
    /** Dedicated funds on the action's rows 68 (689) and 78 (789): out of K and R. */
    dedicated: { provision: Cents; use: Cents };
    cParts: readonly ReconciliationPart[];
    direct: Cents;
    /** General costs allocated by the keys, and the flat rate. */
    allocated: Cents;
    flat: Cents;
  } | null;
}

export interface Reconciliation {
  checks: ReconciliationCheck[];
  /** From the action's result (produits − charges) to the SIEG balance, line by line. */
  resultSteps: { label: string; amount: Cents }[];
  ok: boolean;
}

function check(label: string, expected: Cents, found: Cents): ReconciliationCheck {
  return { label, expected, found, ok: expected === found };
}

export function reconcile(input: ReconciliationInput): Reconciliation {
  const checks: ReconciliationCheck[] = [];
  if (input.fec) {
    checks.push(
      check(
        'Classe 6 du FEC = total des charges de l’organisme',
        input.fec.charges,
        input.organisation.charges,
      ),
      check(
        'Classe 7 du FEC = total des produits de l’organisme',
        input.fec.produits,
        input.organisation.produits,
      ),
      check(
        'Comptes 86 du FEC = emplois des contributions en nature de l’organisme',
        input.fec.inKindCharges,
        input.organisation.inKindCharges,
      ),
      check(
        'Comptes 87 du FEC = contributions en nature de l’organisme',
        input.fec.inKindProduits,
        input.organisation.inKindProduits,
      ),
    );
  }
  const resultSteps: { label: string; amount: Cents }[] = [];
  const { sieg, action } = input;
  if (sieg) {
    checks.push(
      check(
        'Compensation publique C = somme de ses composantes',
        sieg.c,
        sieg.cParts.reduce((sum, part) => sum + part.amount, 0),
      ),
      check(
        'Coût du service K = charges directes + charges indirectes + soutiens en nature',
        sieg.k,
        sieg.direct + sieg.allocated + sieg.flat + sieg.inKindInK,
      ),
      check(
        'Charges indirectes du tableau = part réparties par clés + forfait',
        sieg.allocated + sieg.flat,
        action.indirectPrinted,
      ),
      check(
        'Total des charges de l’action = K − soutiens en nature + dotations aux fonds dédiés (689)',
        sieg.k - sieg.inKindInK + sieg.dedicated.provision,
        action.charges,
      ),
    );
    resultSteps.push(
      {
        label: 'Résultat de l’action (produits − charges)',
        amount: action.produits - action.charges,
      },
      // `0 - x` rather than `-x`: a step of nothing is 0, never −0.
      { label: 'Moins les ressources propres de l’organisme (ni C ni R)', amount: 0 - action.own },
      {
        label: 'Contribution de l’État en vigueur moins celle comptabilisée',
        amount: sieg.stateInForce - action.stateBooked,
      },
      {
        label: 'Soutiens publics valorisés hors comptes (comptés dans C)',
        amount: sieg.supportsOutsideAccounts,
      },
      {
        label: 'Moins les soutiens en nature (locaux, personnel), comptés aussi dans K',
        amount: 0 - sieg.inKindInK,
      },
      {
        label: 'Plus les dotations aux fonds dédiés (689), hors de K',
        amount: sieg.dedicated.provision,
      },
      {
        label: 'Moins les reprises de fonds dédiés (789), hors de R',
        amount: 0 - sieg.dedicated.use,
      },
      {
        label: 'Charges de l’action non comprises dans K',
        amount: action.charges - (sieg.k - sieg.inKindInK) - sieg.dedicated.provision,
      },
      { label: 'Moins le bénéfice raisonnable (BR)', amount: 0 - sieg.rp },
    );
    checks.push(
      check(
        'Résultat de l’action ajusté = solde SIEG de l’année C + R − K − BR',
        sieg.balance,
        resultSteps.reduce((sum, step) => sum + step.amount, 0),
      ),
    );
  }
  return { checks, resultSteps, ok: checks.every((entry) => entry.ok) };
}

/**
 * A control (a year, a period, the whole CPO) is provisional while any of its years rests on
 * the forecast rather than its FEC: its conclusion is then said « provisoire » wherever it is
 * printed or shown, never as a finding.
 */
export function isProvisional(
  yearIndexes: readonly number[],
  years: readonly { yearIndex: number; basis: 'actual' | 'forecast' | 'none' }[],
): boolean {
  return yearIndexes.some(
    (index) => years.find((year) => year.yearIndex === index)?.basis !== 'actual',
  );
}
