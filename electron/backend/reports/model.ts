/**
 * The plain data of the three reports (DESIGN.md, "Reports"). The services fill these from
 * the database; the builders here never read it. Only aggregates: nothing in these types can
 * hold the name or identity of a person supported — counts, shares, amounts and texts
 * written for the report. Money is integer cents; dates are ISO `YYYY-MM-DD`.
 */
import type { Cents } from '../../../shared/money';
import type { GapThreshold } from '../../../shared/domain/cerfa';
import type { ClassTotals, ReconciliationPart } from '../../../shared/domain/reconciliation';
import type { KeyBasis } from '../../../shared/domain/allocation';
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';

export interface OperatorInfo {
  name: string;
  siret: string;
  address: string;
}

export interface CoHolderInfo {
  name: string;
  siret?: string;
  chefDeFile: boolean;
}

export interface TerritoryInfo {
  name: string;
  inseeCode?: string;
  qpv?: boolean;
  zrr?: boolean;
}

export interface ConventionInfo {
  reference: string;
  title: string;
  /** As printed, e.g. "DREETS Bretagne". */
  dreetsRegion: string;
  startDate: string;
  endDate: string;
  volets: readonly { number: number; label: string }[];
  territories: readonly TerritoryInfo[];
  coHolders: readonly CoHolderInfo[];
}

export interface YearInfo {
  /** e.g. "Année 1 (2025)". */
  label: string;
  startDate: string;
  endDate: string;
}

/**
 * Where the figures come from, kept with the model for the archive (hash and snapshot) and
 * never printed: the tests plant a canary here to prove it.
 */
export interface ReportSource {
  conventionId: number;
  yearId: number | null;
  snapshotTag: string;
}

export interface ReportBase {
  operator: OperatorInfo;
  convention: ConventionInfo;
  /** ISO date of generation, printed on the cover. */
  generatedOn: string;
  /** A draft prints "PROJET — document incomplet" and the list of what is missing. */
  draft: boolean;
  missingItems: readonly string[];
  /** Small cells under this count of people are masked (default 5). */
  smallCellThreshold?: number;
  source: ReportSource;
}

/**
 * One indicator. `realised`/`target`: a count, a ratio 0–1 for 'percent', months, or cents
 * for 'euros'. `countsPeople` counts are masked when small; a percent with its `base`
 * (numerator/denominator in people) is masked when either term is small.
 */
export interface IndicatorFigure {
  code: string;
  label: string;
  unit: IndicatorUnit;
  realised: number | null;
  target: number | null;
  countsPeople?: boolean;
  base?: { numerator: number; denominator: number };
  /** Nothing was ever recorded for it (no lifted barrier, no follow-up due): « non renseigné », not 0. */
  notRecorded?: boolean;
  /**
   * A figure the app computes (the net SIEG cost per person): `value`, and `formula` printed
   * under the table. When `realised` was typed by hand it overrides the computed value and
   * the report labels it as such (`manualOverride`).
   */
  computed?: { value: number | null; formula: string };
  manualOverride?: boolean;
}

/** A count by category (channel, place, exit type…). */
export interface CategoryCount {
  label: string;
  count: number;
}

export interface ActivityNarratives {
  highlights: string;
  difficulties: string;
  outlook: string;
  /** A comment per volet (1 to 4), printed under its figures when written. */
  volets?: Readonly<Record<number, string>>;
}

export interface ActivityReportModel extends ReportBase {
  year: YearInfo;
  indicators: readonly IndicatorFigure[];
  outreach: {
    /** Contacts made, anonymous ones included. */
    totalContacts: number;
    personsIdentified: number;
    byChannel: readonly CategoryCount[];
    byPlace: readonly CategoryCount[];
  };
  remobilisation: {
    persons: number;
    collectiveSessions: number;
    individualSessions: number;
  };
  accompaniment: {
    entries: number;
    activeAtYearEnd: number;
    averageLengthDays: number | null;
    /** People whose accompaniment passed 9 months. */
    over9Months: number;
    extensions: number;
  };
  barriers: readonly { label: string; identified: number; lifted: number }[];
  exits: {
    /** `group`: the exit group of the type (employment, training, droit_commun, drop_out…). */
    byType: readonly (CategoryCount & { positive: boolean; group?: string })[];
    /** Follow-up situation 6 months after exit. */
    followUp6m: readonly CategoryCount[];
    /**
     * Follow-ups due in the year (six months after an exit, up to the report date) and, of
     * them, those done (a situation recorded). Absent: not known.
     */
    followUpsDue?: { due: number; done: number };
  };
  coordination: {
    activePartners: number;
    partnersByType: readonly CategoryCount[];
    committees: readonly { label: string; held: number; attended: number }[];
    actions: readonly CategoryCount[];
    /**
     * The meetings and actions of the year, by date: what it was (`kind`: the label of the
     * coded list), its title, the partner organisations and the decisions recorded.
     */
    meetings?: readonly {
      date: string;
      kind: string;
      title: string;
      partners: readonly string[];
      decisions: string;
    }[];
  };
  profile: {
    persons: number;
    sex: readonly CategoryCount[];
    ageBands: readonly CategoryCount[];
    qpv: number;
    zrr: number;
    eligibility: readonly CategoryCount[];
  };
  narratives: ActivityNarratives;
  /**
   * Keys of the cells masked for the whole convention (secondary suppression decided over
   * every document of the convention, `cellBook.ts`); absent: decided on this document alone.
   */
  suppressed?: readonly string[];
}

/** One CERFA row's figures, by the code of `cerfaRows`; absent rows are zero. */
export interface CerfaFigures {
  code: string;
  forecast: Cents;
  actual: Cents;
  /**
   * A second actual, shown beside: by default the SIEG (O2R) share of the actual; with
   * `secondActualLabel`, whatever that label says (e.g. the whole organisation's accounts).
   */
  siegActual?: Cents | null;
  /** Why the gap, for the explanatory annex (required when the gap is significant). */
  explanation?: string;
}

export interface SiegYearFigures {
  label: string;
  c: Cents;
  r: Cents;
  k: Cents;
  rp: Cents;
  /** C + R − K − RP of the year (informative). */
  balance: Cents;
  /** Drawn from the forecast (no FEC for the year yet): every conclusion on it is provisional. */
  provisional?: boolean;
}

/** `due_at_end`: within the 10 %, but the entrustment ends with no following convention. */
export type SiegOutcome = 'none' | 'carry_forward' | 'repay' | 'due_at_end';

export interface SiegPeriodFigures {
  label: string;
  yearLabels: readonly string[];
  c: Cents;
  r: Cents;
  k: Cents;
  rp: Cents;
  /** Overcompensation Σ(C+R) − Σ(K+RP), carried-in amount included. */
  oc: Cents;
  cAvg: Cents;
  /** 10 % of cAvg. */
  threshold: Cents;
  outcome: SiegOutcome;
  carriedIn: Cents;
  /** Repayments made and deductions for the years of the control. */
  repaid?: Cents;
  /** Final control: what the periods already required, repaid or carried out of the CPO. */
  disposedBefore?: Cents;
  /** Still to repay, net of what was repaid or already required. */
  amountDue: Cents;
  carriedOut?: Cents;
  carriedTo?: 'period' | 'next_convention' | null;
  /** Closes the entrustment (last period or final control). */
  last?: boolean;
  /** A year of the period has no FEC yet: its figures are forecasts, the outcome provisional. */
  provisional?: boolean;
}

/** The State contribution of a year: granted in force, received, repaid or deducted. */
export interface SiegYearPayments {
  label: string;
  granted: Cents;
  received: Cents;
  repaid: Cents;
}

export interface SiegDecisionAnnex {
  regime: 'sieg_decision';
  readings: { netting: boolean; averageOver: 'period' | 'cpo'; periodYears?: number };
  /** The parameters fixed by the convention or an avenant, and the clause that fixes them. */
  parameters?: { reasonableProfitBp: number; clause: string; source: string };
  /** Granted, received and repaid per year: what C and the repayments rest on. */
  payments?: readonly SiegYearPayments[];
  /** End of the entrustment: the following convention recorded ('' when none). */
  endOfEntrustment?: { endDate: string; followingConvention: string };
  /** Still to repay over the CPO, each control's amount once. */
  totalDue?: Cents;
  /** How long the records are kept (shared/domain/retention.ts). */
  retention?: string;
  years: readonly SiegYearFigures[];
  periods: readonly SiegPeriodFigures[];
  /**
   * What the convention and the keys say of the SIEG's perimeter: the operator's other
   * activities, how common revenue is shared, special or exclusive rights.
   */
  rules?: { siegOnly: boolean; revenueAllocation: readonly string[]; specialRights: string };
  /** Dedicated funds kept out of K and R (689 put aside, 789 used), reconciled over the CPO. */
  dedicatedFunds?: {
    years: readonly { label: string; provision: Cents; use: Cents; net: Cents }[];
    provision: Cents;
    use: Cents;
    net: Cents;
  };
  /** Why the control cannot conclude yet (unmapped accounts, keys and a flat rate). */
  blocked?: readonly string[];
}

export interface SiegDeMinimisAnnex {
  regime: 'sieg_de_minimis';
  ceiling: Cents;
  /** De minimis aid granted to the single undertaking in the three years ending today. */
  grantedRolling3Years: Cents;
  /** What could still be granted today: the ceiling less what was granted in the window. */
  remaining: Cents;
  /** The conventions of the single undertaking counted (references). */
  undertaking?: readonly string[];
  /** The highest three-year sum at any grant date, and when a ceiling is first crossed. */
  peak?: { date: string | null; total: Cents };
  crossesOn?: string | null;
  retention?: string;
}

export type SiegAnnex = SiegDecisionAnnex | SiegDeMinimisAnnex;

export interface AllocationKeyFigures {
  label: string;
  basis: KeyBasis;
  siegQuantity: number;
  totalQuantity: number;
  evidence: string;
  /** CERFA row codes the key shares. */
  rows: readonly string[];
  /** General costs shared by the key, and the SIEG's part. */
  sharedCents: Cents;
  allocatedCents: Cents;
}

export interface Attestation {
  name: string;
  role: string;
  place: string;
  date: string;
}

/** The SIEG year the compte rendu reconciles with (finance.md §1). */
export interface SiegYearReconciliation {
  basis: 'actual' | 'forecast' | 'none';
  c: Cents;
  r: Cents;
  k: Cents;
  rp: Cents;
  balance: Cents;
  /** The State contribution in force for the year (convention and avenants). */
  stateInForce: Cents;
  /** C's parts, each with where the document shows it. */
  cParts: readonly ReconciliationPart[];
  /** Public support valued outside the accounts (premises, staff): in C, in no CERFA row. */
  supportsOutsideAccounts: Cents;
  /** The part of it given in kind (premises, staff): in K as well (same value). */
  inKindInK: Cents;
  /** Dedicated funds on the action's rows 68/78, kept out of K and R. */
  dedicated: { provision: Cents; use: Cents };
  supports: readonly { label: string; amount: Cents; evidence: string }[];
  direct: Cents;
  allocated: Cents;
  flat: Cents;
}

/** A payment of the State contribution due for the year. */
export interface PaymentFigures {
  label: string;
  expectedOn: string;
  expected: Cents;
  receivedOn: string | null;
  received: Cents | null;
}

export interface FinancialReportModel extends ReportBase {
  year: YearInfo;
  gapThreshold: GapThreshold;
  rows: readonly CerfaFigures[];
  /** Detail of the 74 rows by named funder (e.g. "Conseil départemental d'Ille-et-Vilaine"). */
  funders: readonly { rowCode: string; funder: string; forecast: Cents; actual: Cents }[];
  /** Contributions in kind (86/87), described. */
  inKind: readonly {
    side: 'charges' | 'produits';
    label: string;
    actual: Cents;
    valuation: string;
  }[];
  allocationKeys: readonly AllocationKeyFigures[];
  sieg: SiegAnnex;
  observations: string;
  /** The heading of the second actual column (default "dont SIEG (réalisation)"). */
  secondActualLabel?: string;
  /**
   * The part of the action's rows 60 to 68 that comes from general costs shared by the keys
   * (printed as « dont » under them): the indirect charges of the CERFA.
   */
  allocatedInRows?: Cents;
  /** The lines of the form under 86 / 87 (860–864, 870–875), by account prefix. */
  inKindDetail?: readonly { prefix: string; actual: Cents; siegActual: Cents | null }[];
  /** The FEC's class totals and the SIEG year, for the reconciliation block. */
  reconciliation?: { fec: ClassTotals | null; sieg: SiegYearReconciliation | null };
  /** Payments of the State contribution for the year. */
  payments?: readonly PaymentFigures[];
  attestation: Attestation;
}

export interface FinalIndicatorFigures {
  code: string;
  label: string;
  unit: IndicatorUnit;
  countsPeople?: boolean;
  /**
   * One per year of the CPO, in order. `base`: the terms of a share (people), to mask it;
   * `notRecorded`: nothing ever recorded (« non renseigné », not 0).
   */
  byYear: readonly {
    realised: number | null;
    target: number | null;
    base?: { numerator: number; denominator: number };
    notRecorded?: boolean;
    /** FOLLOWUP_6M: the six-month follow-ups due in the year (so far, for the year running). */
    followUpsDue?: number;
  }[];
  /**
   * Over the whole CPO (a sum for counts; a ratio or mean computed by the service), over the
   * years begun: `target` is the sum (or weighted mean) of the targets of those years only.
   */
  total: {
    realised: number | null;
    target: number | null;
    base?: { numerator: number; denominator: number };
  };
}

export interface FinalReportModel extends ReportBase {
  years: readonly YearInfo[];
  indicators: readonly FinalIndicatorFigures[];
  /** CERFA rows, per year (forecast and actual, null before the year's FEC), as `years`. */
  finances: readonly {
    code: string;
    byYear: readonly { forecast: Cents; actual: Cents | null }[];
  }[];
  /** Per year, as `years`: the keys' share of common costs in rows 60–68; null before the FEC. */
  allocatedInRows?: readonly (Cents | null)[];
  sieg: SiegAnnex;
  narratives: { assessment: string; lessons: string; outlook: string };
  attestation: Attestation;
  /** As in `ActivityReportModel.suppressed`. */
  suppressed?: readonly string[];
}
