/**
 * The shape of the records the indicators are computed from. The backend reads them from
 * the database; pure functions in shared/ compute every figure from them, so the screens,
 * the drill-down lists and the reports all show the same numbers.
 */
import type { IsoDate } from './conventionYears';
import type {
  BarrierCategory,
  CoordinationKind,
  EligibilityGround,
  ExitTypeCode,
  FollowUpSituation,
  OutreachChannel,
  Sex,
} from './peopleLists';

export interface PathwayDates {
  identifiedOn: IsoDate | null;
  remobilisationStart: IsoDate | null;
  accompanimentStart: IsoDate | null;
  plannedEnd: IsoDate | null;
  /** Set when the accompaniment was extended (past 9 months, up to 12). */
  extendedUntil: IsoDate | null;
  exitDate: IsoDate | null;
  exitType: ExitTypeCode | null;
  followUpDate: IsoDate | null;
  followUpSituation: FollowUpSituation | null;
}

export interface BarrierRecord {
  id: number;
  category: BarrierCategory;
  identifiedOn: IsoDate;
  liftedOn: IsoDate | null;
}

export interface PersonRecord {
  id: number;
  /** Pseudonymous code: the only way a person appears outside their own page. */
  fileNumber: string;
  sex: Sex | null;
  birthYear: number | null;
  qpv: boolean;
  zrr: boolean;
  eligibilityGround: EligibilityGround | null;
  lastReferentContact: IsoDate | null;
  pathway: PathwayDates;
  barriers: BarrierRecord[];
}

export interface OutreachRecord {
  id: number;
  date: IsoDate;
  channel: OutreachChannel;
  commune: string;
  qpv: boolean;
  zrr: boolean;
  count: number;
}

export interface CoordinationRecord {
  id: number;
  date: IsoDate;
  kind: CoordinationKind;
  partnerIds: number[];
}

export interface IndicatorInputs {
  persons: readonly PersonRecord[];
  outreach: readonly OutreachRecord[];
  coordination: readonly CoordinationRecord[];
}

/** The period an indicator is computed over: one convention year. */
export interface YearWindow {
  index: number;
  start: IsoDate;
  end: IsoDate;
}
