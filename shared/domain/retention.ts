/**
 * How long the records of a SIEG entrustment are kept (finance.md §1; Decision 2012/21/EU,
 * art. 8): during the entrustment and at least ten years after its end. The FEC imports,
 * the allocation keys with their evidence and the archived documents are such records.
 */
import { addYears, formatISO, parseISO } from 'date-fns';
import { formatDate } from '../format';

export const RECORDS_RETENTION_YEARS = 10;

/** The last day the records of a CPO ending on `endDate` must still be kept. */
export function recordsKeptUntil(endDate: string): string {
  return formatISO(addYears(parseISO(endDate), RECORDS_RETENTION_YEARS), {
    representation: 'date',
  });
}

/** Whether records of a CPO ending on `endDate` may no longer be deleted on `today`. */
export function recordsUnderRetention(endDate: string, today: string): boolean {
  return today <= recordsKeptUntil(endDate);
}

/** The sentence the SIEG annex and the screens print. */
export function retentionSentence(endDate: string): string {
  return (
    'Les pièces du contrôle (FEC, clés de répartition et leurs justificatifs, documents ' +
    'transmis) sont conservées pendant toute la durée du mandat et dix ans après la fin de la ' +
    `convention, soit jusqu’au ${formatDate(recordsKeptUntil(endDate))} au moins (décision ` +
    '2012/21/UE, article 8).'
  );
}
