/**
 * The convention's deadlines on one timeline: each year's compte rendu financier and bilan
 * d'activité, the State's payments, the SIEG overcompensation controls, the bilan final, the
 * end of the CPO and the next AMI. Pure: the backend gathers the facts (years, archive,
 * payment statuses, controls) from the services that own them and this module orders them.
 *
 * Rules and where they come from:
 * - Yearly documents: due six months after the close of the operator's FINANCIAL year, not
 *   of the convention year (loi 2000-321 art. 10, o2r-cpo.md « What the operator reports »).
 *   A partial last year (the CPO ends before the close) is still reported six months after
 *   the close. The dates are those of `conventionYears()` (`reportDue`), never recomputed.
 * - The archive knows which documents were generated (final, not draft) and when; it does
 *   not know whether they were sent. A generated document is shown « généré le … », not
 *   « envoyé »; its year stops being overdue in the timeline, since the app can do no more.
 * - SIEG control: at least every 3 years and at the end of the CPO (finance.md §1). A
 *   control rests on the approved accounts of its last year, so it is placed on that year's
 *   report date (proposed reading: the texts give no date).
 * - Bilan final: at the end of the CPO (o2r-cpo.md), with the last year's documents
 *   (proposed; shown as an estimate).
 * - Next AMI: the CPO is « 3 years, renewable » through a new AMI and the bilan final feeds
 *   the application; no text gives the call's date, so the only date the app can derive is
 *   the end of the CPO, by which a renewal must be decided. Always flagged as an estimate.
 */
import { daysBetween, type ConventionYear, type IsoDate } from './conventionYears';

export type DeadlineKind = 'report' | 'payment' | 'siegControl' | 'finalReport' | 'cpoEnd' | 'ami';

/** overdue: past and not done; upcoming: still ahead; done: generated or received. */
export type DeadlineState = 'overdue' | 'upcoming' | 'done';

export interface DeadlineItem {
  /** Stable key, for lists. */
  key: string;
  kind: DeadlineKind;
  /** The convention year it belongs to, null for the whole CPO. */
  yearIndex: number | null;
  /** What is due, in French. */
  label: string;
  due: IsoDate;
  /** Calendar days from today to the due date (negative when past). */
  daysLeft: number;
  state: DeadlineState;
  /** A date the texts do not fix: derived by a proposed reading. */
  estimate: boolean;
  /** A short French note (« généré le … », amount, outcome). */
  note: string | null;
}

/** A document of the archive: only the final ones (not drafts) count as generated. */
export interface ArchivedDocument {
  kind: 'activity' | 'financial' | 'final';
  yearIndex: number | null;
  draft: boolean;
  /** ISO instant. */
  generatedAt: string;
}

export interface ScheduledPayment {
  id: number;
  yearIndex: number;
  label: string;
  expectedOn: IsoDate;
  status: 'received' | 'partial' | 'late' | 'due_soon' | 'upcoming';
  note: string | null;
}

export interface ControlDue {
  /** The control's label (« Contrôle 2025-2027 »). */
  label: string;
  yearIndexes: readonly number[];
  /** Uses forecasts for some year: its conclusion is provisional. */
  provisional: boolean;
}

export interface DeadlineFacts {
  today: IsoDate;
  endDate: IsoDate;
  years: readonly ConventionYear[];
  documents: readonly ArchivedDocument[];
  payments: readonly ScheduledPayment[];
  controls: readonly ControlDue[];
}

/** The latest final generation of a document, or null. */
function generatedOn(
  documents: readonly ArchivedDocument[],
  kind: ArchivedDocument['kind'],
  yearIndex: number | null,
): string | null {
  let latest: string | null = null;
  for (const document of documents) {
    if (document.kind !== kind || document.draft) continue;
    if (kind !== 'final' && document.yearIndex !== yearIndex) continue;
    if (latest === null || document.generatedAt > latest) latest = document.generatedAt;
  }
  return latest;
}

/** `2026-05-12T…` → `12/05/2026`, without importing the display module's time zone rules. */
function dayOf(instant: string): string {
  const [year, month, day] = instant.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

function reportNote(financial: string | null, activity: string | null): string | null {
  if (financial === null && activity === null) return null;
  if (financial !== null && activity !== null) {
    const [first, second] = [dayOf(financial), dayOf(activity)];
    return first === second ? `générés le ${first}` : `générés le ${first} et le ${second}`;
  }
  return financial !== null
    ? `compte rendu financier généré le ${dayOf(financial)}, bilan d'activité à générer`
    : `bilan d'activité généré le ${dayOf(activity!)}, compte rendu financier à générer`;
}

function stateOf(due: IsoDate, today: IsoDate, done: boolean): DeadlineState {
  if (done) return 'done';
  return due < today ? 'overdue' : 'upcoming';
}

const stateRank: Record<DeadlineState, number> = { overdue: 0, upcoming: 1, done: 2 };

/** Overdue first, then what is ahead, then what is done; by due date inside each group. */
export function compareDeadlines(a: DeadlineItem, b: DeadlineItem): number {
  return (
    stateRank[a.state] - stateRank[b.state] ||
    a.due.localeCompare(b.due) ||
    a.key.localeCompare(b.key)
  );
}

export function deadlines(facts: DeadlineFacts): DeadlineItem[] {
  const { today, years } = facts;
  const items: DeadlineItem[] = [];
  const push = (item: Omit<DeadlineItem, 'daysLeft'>) =>
    items.push({ ...item, daysLeft: daysBetween(today, item.due) });

  for (const year of years) {
    // The CRF and the bilan d'activité go together to the DREETS (loi 2000-321 art. 10): one
    // line, done once both are generated, saying which one is when only one is.
    const financial = generatedOn(facts.documents, 'financial', year.index);
    const activity = generatedOn(facts.documents, 'activity', year.index);
    push({
      key: `report-${year.index}`,
      kind: 'report',
      yearIndex: year.index,
      label: `Compte rendu financier et bilan d'activité ${year.label}${year.partial ? ' (exercice partiel)' : ''}`,
      due: year.reportDue,
      state: stateOf(year.reportDue, today, financial !== null && activity !== null),
      estimate: false,
      note: reportNote(financial, activity),
    });
  }

  for (const payment of facts.payments) {
    push({
      key: `payment-${payment.id}`,
      kind: 'payment',
      yearIndex: payment.yearIndex,
      label: payment.label,
      due: payment.expectedOn,
      // A partial payment stays open: the rest is still awaited.
      state:
        payment.status === 'received'
          ? 'done'
          : payment.status === 'late' || payment.status === 'partial'
            ? payment.expectedOn < today
              ? 'overdue'
              : 'upcoming'
            : 'upcoming',
      estimate: false,
      note: payment.note,
    });
  }

  const last = years.at(-1);
  for (const control of facts.controls) {
    const closing = years.find((year) => year.index === Math.max(...control.yearIndexes));
    if (!closing) continue;
    push({
      key: `control-${control.yearIndexes.join('-')}-${control.label}`,
      kind: 'siegControl',
      yearIndex: null,
      label: `Contrôle SIEG — ${control.label}`,
      due: closing.reportDue,
      // The control is not archived anywhere: it stays open until its date.
      state: stateOf(closing.reportDue, today, false),
      estimate: true,
      note: control.provisional ? 'provisoire : repose encore sur le budget prévisionnel' : null,
    });
  }

  if (last) {
    const generated = generatedOn(facts.documents, 'final', null);
    push({
      key: 'final-report',
      kind: 'finalReport',
      yearIndex: null,
      label: 'Bilan final de la CPO',
      due: last.reportDue,
      state: stateOf(last.reportDue, today, generated !== null),
      estimate: true,
      note: generated === null ? null : `généré le ${dayOf(generated)}`,
    });
  }

  push({
    key: 'cpo-end',
    kind: 'cpoEnd',
    yearIndex: null,
    label: 'Fin de la CPO',
    due: facts.endDate,
    // The end is an event, not a task: once past, it is done.
    state: facts.endDate < today ? 'done' : 'upcoming',
    estimate: false,
    note: null,
  });
  push({
    key: 'ami',
    kind: 'ami',
    yearIndex: null,
    label: 'Prochain AMI (renouvellement de la CPO)',
    due: facts.endDate,
    state: facts.endDate < today ? 'done' : 'upcoming',
    estimate: true,
    note: 'estimation : au plus tard à la fin de la CPO, la DREETS fixe la date',
  });

  return items.sort(compareDeadlines);
}
