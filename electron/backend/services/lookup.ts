/**
 * Looking a convention up, with the one French "not found" every service gives. Shared by
 * the services so that none of them imports another just to find a convention.
 */
import { eq } from 'drizzle-orm';
import { chartVersionFor } from '../../../shared/domain/cerfa';
import { conventionYears } from '../../../shared/domain/conventionYears';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { conventions } from '../db/schema';

/** The convention row, or the one French "not found" every service gives. */
export function conventionRow(db: Db, conventionId: number) {
  const row = db.select().from(conventions).where(eq(conventions.id, conventionId)).get();
  if (!row)
    throw AppError.notFound('Cette convention est introuvable (elle a peut-être été supprimée).');
  return row;
}

/**
 * A convention year by its index, with the chart of accounts in force for it. `path` names
 * the field of the call that gave the index, so the form can point at it.
 */
export function conventionYear(
  db: Db,
  conventionId: number,
  yearIndex: number,
  path = 'yearIndex',
) {
  const convention = conventionRow(db, conventionId);
  const year = conventionYears(
    convention.startDate,
    convention.endDate,
    convention.fiscalYearEnd,
  ).find((y) => y.index === yearIndex);
  if (!year)
    throw AppError.validation([{ path, message: `La convention n'a pas d'année ${yearIndex}.` }]);
  return { convention, year, chartVersion: chartVersionFor(year.fiscalYearStart) };
}
