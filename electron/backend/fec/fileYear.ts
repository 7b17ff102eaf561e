/**
 * Which financial year a FEC covers. The rules name the file SIRENFECAAAAMMJJ with the
 * closing date, but some packages put the export date there: the file's own dates, read
 * through the convention's calendar (a year may run 1 May → 30 April), decide when the two
 * disagree. Pure: the caller gives the name, the dates, the convention and today.
 */
import {
  conventionYears,
  fiscalYearEndOnOrAfter,
  fromIso,
  toIso,
} from '../../../shared/domain/conventionYears';
import { formatDate } from '../../../shared/format';
import { addDays, addYears } from 'date-fns';

export interface FileYear {
  start: string;
  end: string;
  from: 'fileName' | 'dates';
  /** In French: which was used and why (shown in the preview). */
  why: string;
  /** Not closed when read: entries after today, or a year ending after today. */
  provisional: boolean;
}

/** The closing date written in a SIRENFECAAAAMMJJ name, if it is a real date. */
export function dateInFileName(fileName: string): string | null {
  const named = /(?:^|[^0-9])\d{9}FEC(\d{4})(\d{2})(\d{2})/i.exec(fileName);
  if (!named) return null;
  const candidate = `${named[1]}-${named[2]}-${named[3]}`;
  return Number.isNaN(fromIso(candidate).getTime()) || toIso(fromIso(candidate)) !== candidate
    ? null
    : candidate;
}

function span(end: string) {
  return { start: toIso(addDays(addYears(fromIso(end), -1), 1)), end };
}

/**
 * The year before the lines are read: the name's date taken as a close, else the year
 * holding today. Only a first guess, so the reading can start; `decideFileYear` settles it.
 */
export function guessFileYear(fileName: string, fiscalYearEnd: string, today: string) {
  const named = dateInFileName(fileName);
  const end = fiscalYearEndOnOrAfter(named ?? today, fiscalYearEnd);
  return { ...span(end), from: named ? ('fileName' as const) : ('dates' as const) };
}

/**
 * The year, once the file's first and last dates are known. The dates' year (the
 * convention's financial year holding them) wins over the name when all the lines fall in
 * it and the name's date comes after them (an export date, then); when they span two years
 * (out-of-year lines), the name's year is kept if the dates reach it, else the year of the
 * last date.
 */
export function decideFileYear(input: {
  fileName: string;
  firstDate: string | null;
  lastDate: string | null;
  fiscalYearEnd: string;
  today: string;
}): FileYear {
  const { fileName, firstDate, lastDate, fiscalYearEnd, today } = input;
  const named = dateInFileName(fileName);
  const namedEnd = named ? fiscalYearEndOnOrAfter(named, fiscalYearEnd) : null;
  const closes = `clos le ${fiscalYearEnd.slice(3)}/${fiscalYearEnd.slice(0, 2)} selon la convention`;
  let end: string;
  let from: FileYear['from'];
  let why: string;
  if (firstDate === null || lastDate === null) {
    end = namedEnd ?? fiscalYearEndOnOrAfter(today, fiscalYearEnd);
    from = namedEnd ? 'fileName' : 'dates';
    why = namedEnd
      ? `d’après le nom du fichier (date du ${formatDate(named)})`
      : 'aucune écriture datée : exercice en cours';
  } else {
    const firstEnd = fiscalYearEndOnOrAfter(firstDate, fiscalYearEnd);
    const lastEnd = fiscalYearEndOnOrAfter(lastDate, fiscalYearEnd);
    const dates = `écritures du ${formatDate(firstDate)} au ${formatDate(lastDate)}`;
    if (firstEnd === lastEnd) {
      end = lastEnd;
      if (namedEnd === lastEnd) {
        from = 'fileName';
        why = `le nom du fichier et les dates concordent (${dates}, exercice ${closes})`;
      } else if (named && namedEnd !== null && named < lastDate) {
        // A date before the entries cannot be an export date: the name is taken at its word,
        // and the lines out of its year are asked about.
        end = namedEnd;
        from = 'fileName';
        why = `d’après le nom du fichier (date du ${formatDate(named)}) ; attention, les ${dates} sont d’un autre exercice`;
      } else if (named) {
        from = 'dates';
        why = `d’après les dates (${dates}, exercice ${closes}) : la date du nom du fichier, ${formatDate(named)}, est sans doute celle de l’export, pas celle de la clôture`;
      } else {
        from = 'dates';
        why = `d’après les dates (${dates}, exercice ${closes}) : le nom du fichier ne donne pas la date de clôture (SIRENFECAAAAMMJJ)`;
      }
    } else if (namedEnd !== null && namedEnd >= firstEnd && namedEnd <= lastEnd) {
      end = namedEnd;
      from = 'fileName';
      why = `d’après le nom du fichier (date du ${formatDate(named)}) ; les ${dates} débordent sur un autre exercice`;
    } else {
      end = lastEnd;
      from = 'dates';
      why = `d’après la dernière date (${dates}, sur deux exercices ${closes})`;
    }
  }
  const provisional = end > today || (lastDate !== null && lastDate > today);
  return { ...span(end), from, why, provisional };
}

/**
 * A French refusal when the year is none of the convention's, naming the convention's
 * financial years; null when it is one of them.
 */
export function yearOutsideConvention(
  year: { start: string; end: string },
  convention: { startDate: string; endDate: string; fiscalYearEnd: string },
): string | null {
  const years = conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd);
  if (years.some((each) => each.fiscalYearEnd === year.end)) return null;
  const names = years.map((each) => `${each.label} (clos le ${formatDate(each.fiscalYearEnd)})`);
  return `ce FEC couvre l’exercice du ${formatDate(year.start)} au ${formatDate(year.end)}, qui n’est pas un exercice de la convention (du ${formatDate(convention.startDate)} au ${formatDate(convention.endDate)} : ${names.join(', ')}).`;
}
