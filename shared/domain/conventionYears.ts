/**
 * Convention years: the CPO runs from its start to its end date, and is cut into years at
 * each close of the operator's financial year. A convention that starts or ends mid-way
 * through a financial year gets a partial first or last year. Each financial year's
 * reporting (compte rendu financier, bilan d'activité) is due six months after its close.
 */
import { addDays, addMonths, addYears, differenceInCalendarDays, format, parseISO } from 'date-fns';

export type IsoDate = string;

export interface ConventionYear {
  /** 1-based, in order. */
  index: number;
  start: IsoDate;
  end: IsoDate;
  /** Close of the financial year this convention year belongs to. */
  fiscalYearEnd: IsoDate;
  /** Start of that financial year (the day after the previous close). */
  fiscalYearStart: IsoDate;
  /** True when the convention covers only part of the financial year. */
  partial: boolean;
  /** Compte rendu financier and activity report due: six months after the close. */
  reportDue: IsoDate;
  /** "2025", or "2025-2026" for a financial year that straddles two calendar years. */
  label: string;
}

export function toIso(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

export function fromIso(iso: IsoDate): Date {
  return parseISO(iso);
}

// Remembered answers: an import checks the same few hundred days tens of thousands of times.
const checkedIsoDates = new Map<string, boolean>();

export function isIsoDate(text: string): boolean {
  let valid = checkedIsoDates.get(text);
  if (valid === undefined) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseISO(text) : null;
    valid = date !== null && !Number.isNaN(date.getTime()) && toIso(date) === text;
    if (checkedIsoDates.size < 50_000) checkedIsoDates.set(text, valid);
  }
  return valid;
}

/** `MM-DD`; 02-29 is refused because it does not exist every year. */
export function isFiscalYearEnd(text: string): boolean {
  if (!/^\d{2}-\d{2}$/.test(text) || text === '02-29') return false;
  return isIsoDate(`2025-${text}`);
}

/**
 * The close in a given calendar year. A close on 28 February means "end of February":
 * in a leap year the 29th still belongs to the closing year, not to the next one.
 */
function closeInYear(year: number, fiscalYearEnd: string): IsoDate {
  if (fiscalYearEnd === '02-28' && isIsoDate(`${year}-02-29`)) return `${year}-02-29`;
  return `${year}-${fiscalYearEnd}`;
}

/** The close of the financial year that contains `date`. */
export function fiscalYearEndOnOrAfter(date: IsoDate, fiscalYearEnd: string): IsoDate {
  const year = Number(date.slice(0, 4));
  const candidate = closeInYear(year, fiscalYearEnd);
  return candidate >= date ? candidate : closeInYear(year + 1, fiscalYearEnd);
}

export function reportDueDate(fiscalYearClose: IsoDate): IsoDate {
  // « Dans les six mois suivant la fin de l'exercice »: the six months start the day after
  // the close, so a 30 April close is due on 31 October (not 30 October, as adding six
  // months to the close itself would give), a 31 December close on 30 June.
  return toIso(addDays(addMonths(addDays(fromIso(fiscalYearClose), 1), 6), -1));
}

export function conventionYears(
  startDate: IsoDate,
  endDate: IsoDate,
  fiscalYearEnd: string,
): ConventionYear[] {
  if (!isIsoDate(startDate) || !isIsoDate(endDate) || !isFiscalYearEnd(fiscalYearEnd)) return [];
  if (endDate < startDate) return [];
  const years: ConventionYear[] = [];
  let cursor = startDate;
  while (cursor <= endDate) {
    const close = fiscalYearEndOnOrAfter(cursor, fiscalYearEnd);
    const previousClose = closeInYear(Number(close.slice(0, 4)) - 1, fiscalYearEnd);
    const fiscalYearStart = toIso(addDays(fromIso(previousClose), 1));
    const end = close < endDate ? close : endDate;
    const startYear = fiscalYearStart.slice(0, 4);
    const closeYear = close.slice(0, 4);
    years.push({
      index: years.length + 1,
      start: cursor,
      end,
      fiscalYearEnd: close,
      fiscalYearStart,
      partial: cursor !== fiscalYearStart || end !== close,
      reportDue: reportDueDate(close),
      label: startYear === closeYear ? closeYear : `${startYear}-${closeYear}`,
    });
    cursor = toIso(addDays(fromIso(end), 1));
  }
  return years;
}

/**
 * The default length of a CPO: three years, ending the day before the third anniversary.
 * A convention starting on 29 February has its anniversary on 1 March.
 */
export function defaultEndDate(startDate: IsoDate): IsoDate {
  if (startDate.endsWith('-02-29')) return `${Number(startDate.slice(0, 4)) + 3}-02-28`;
  return toIso(addDays(addYears(fromIso(startDate), 3), -1));
}

export function isThreeYears(startDate: IsoDate, endDate: IsoDate): boolean {
  return defaultEndDate(startDate) === endDate;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(fromIso(to), fromIso(from));
}

/** The convention year that contains `date`, if any. */
export function yearContaining(years: readonly ConventionYear[], date: IsoDate) {
  return years.find((year) => year.start <= date && date <= year.end);
}

export interface Deadline {
  yearIndex: number;
  label: string;
  due: IsoDate;
  daysLeft: number;
}

/** The next report that falls due on or after `today`, or null once all are past. */
export function nextDeadline(years: readonly ConventionYear[], today: IsoDate): Deadline | null {
  for (const year of years) {
    if (year.reportDue >= today) {
      return {
        yearIndex: year.index,
        label: year.label,
        due: year.reportDue,
        daysLeft: daysBetween(today, year.reportDue),
      };
    }
  }
  return null;
}
