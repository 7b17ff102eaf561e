/**
 * What is wrong or missing in one person's pathway, against the rules of the offer
 * (o2r-cpo.md: public, accompaniment of 6 to 9 months up to 12, situation 6 months after
 * exit). The warnings never block an entry: the operator sees them in the person's page
 * and in the list, and fixes the record or explains it.
 */
import { addMonths } from 'date-fns';
import { formatDate } from '../format';
import { fromIso, toIso, type IsoDate } from './conventionYears';
import type { PersonRecord } from './records';

export type PathwayWarningCode =
  'eligibility_not_shown' | 'over_9_months' | 'over_12_months' | 'followup_missing';

export type PathwayWarning = { code: PathwayWarningCode; message: string };

/** Short labels, for a list column or a filter. */
export const warningLabels: Record<PathwayWarningCode, string> = {
  eligibility_not_shown: 'Éligibilité non démontrée',
  over_9_months: 'Plus de 9 mois sans extension',
  over_12_months: 'Plus de 12 mois',
  followup_missing: 'Suivi à 6 mois manquant',
};

/** Registered jobseekers are eligible after this many months without referent contact. */
const NO_CONTACT_MONTHS = 5;
const USUAL_MAX_MONTHS = 9;
const EXTENDED_MAX_MONTHS = 12;
const FOLLOW_UP_MONTHS = 6;

/** Remembered answers: the list checks 10 000 people against the same few hundred days. */
const monthsLater = new Map<string, IsoDate>();

/** Calendar months, so that "9 months from 15 March" is 15 December, as users count. */
function plusMonths(date: IsoDate, months: number): IsoDate {
  const key = `${date}+${months}`;
  let later = monthsLater.get(key);
  if (later === undefined) {
    if (monthsLater.size > 100_000) monthsLater.clear();
    later = toIso(addMonths(fromIso(date), months));
    monthsLater.set(key, later);
  }
  return later;
}

function eligibilityWarning(person: PersonRecord, start: IsoDate): PathwayWarning | null {
  const ground = person.eligibilityGround;
  if (ground === null) {
    return {
      code: 'eligibility_not_shown',
      message: "Motif d'éligibilité non renseigné à l'entrée en accompagnement.",
    };
  }
  if (ground !== 'no_contact_5_months') return null;
  const contact = person.lastReferentContact;
  if (contact === null) {
    return {
      code: 'eligibility_not_shown',
      message:
        "Date du dernier contact avec l'organisme référent non renseignée : l'absence de contact depuis 5 mois n'est pas démontrée.",
    };
  }
  // Counted from the contact forward: at entry, 5 full calendar months must have elapsed.
  if (plusMonths(contact, NO_CONTACT_MONTHS) > start) {
    return {
      code: 'eligibility_not_shown',
      message: `Dernier contact avec l'organisme référent le ${formatDate(contact)}, moins de 5 mois avant l'entrée en accompagnement du ${formatDate(start)}.`,
    };
  }
  return null;
}

/**
 * - eligibility_not_shown: the person entered accompaniment with no eligibility ground, or
 *   with the ground "no contact for 5 months" and no date of last contact, or a last contact
 *   less than 5 calendar months before entry (contact + 5 months > entry).
 * - over_12_months: accompaniment ongoing (entered on or before today, no exit) and today is
 *   after entry + 12 months, extension or not. It replaces over_9_months.
 * - over_9_months: ongoing, today after entry + 9 months, and no extension recorded.
 * - followup_missing: exited, today after exit + 6 months, and no follow-up date.
 */
export function pathwayWarnings(person: PersonRecord, today: IsoDate): PathwayWarning[] {
  const warnings: PathwayWarning[] = [];
  const { accompanimentStart: start, exitDate, extendedUntil, followUpDate } = person.pathway;

  if (start !== null) {
    const eligibility = eligibilityWarning(person, start);
    if (eligibility) warnings.push(eligibility);

    if (exitDate === null && start <= today) {
      if (today > plusMonths(start, EXTENDED_MAX_MONTHS)) {
        warnings.push({
          code: 'over_12_months',
          message: `Accompagnement en cours depuis plus de 12 mois (entrée le ${formatDate(start)}) : la durée maximale est dépassée.`,
        });
      } else if (extendedUntil === null && today > plusMonths(start, USUAL_MAX_MONTHS)) {
        warnings.push({
          code: 'over_9_months',
          message: `Accompagnement en cours depuis plus de 9 mois (entrée le ${formatDate(start)}) sans extension enregistrée.`,
        });
      }
    }
  }

  if (
    exitDate !== null &&
    followUpDate === null &&
    today > plusMonths(exitDate, FOLLOW_UP_MONTHS)
  ) {
    warnings.push({
      code: 'followup_missing',
      message: `Sortie le ${formatDate(exitDate)}, il y a plus de 6 mois : la situation à 6 mois n'est pas renseignée.`,
    });
  }

  return warnings;
}
