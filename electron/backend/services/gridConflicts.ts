/**
 * Optimistic check for the grids (budget, targets, account mapping), which write cell by
 * cell: a version on the whole grid would refuse two finance officers working on different
 * lines, and an empty cell has no row to carry a version. Instead each changed cell comes
 * with `was`, the value the grid showed when loaded; a cell whose stored value is no longer
 * `was` has been changed by someone else, and the save is refused like a stale version
 * (CONFLICT, who and when from the audit log, the current values of those cells). Runs
 * before anything is written, inside the call's transaction.
 */
import { AppError } from '../../../shared/errors';
import { formatChangedAt } from '../../../shared/format';
import type { BaseContext } from '../context';
import { lastChange } from './versions';

export interface CellCheck<T> {
  /** The cell's audit entity id (`année 1/60`, `OBJ1/année 2`…). */
  entityId: string;
  stored: T | null;
  /** What the grid showed; undefined: a writer without a grid, never checked. */
  was: T | null | undefined;
  /** The value being saved. */
  value: T | null;
}

/**
 * The cells changed by someone else since the grid was loaded. Saving the value already
 * stored is no conflict: nothing would be overwritten.
 */
export function staleCells<C extends CellCheck<unknown>>(cells: readonly C[]): C[] {
  return cells.filter(
    (cell) =>
      cell.was !== undefined &&
      (cell.stored ?? null) !== (cell.was ?? null) &&
      (cell.stored ?? null) !== (cell.value ?? null),
  );
}

/**
 * Throws the CONFLICT when a cell is stale: « Ce tableau a été modifié par X à HH:MM : … »
 * (X and the time from the latest audit row of those cells), `current` built from them.
 */
export function refuseStaleCells<C extends CellCheck<unknown>>(
  ctx: BaseContext,
  conventionId: number,
  entity: string,
  cells: readonly C[],
  current: (stale: C[]) => Record<string, unknown>,
): void {
  const stale = staleCells(cells);
  if (stale.length === 0) return;
  const change = lastChange(ctx, {
    conventionId,
    entities: [entity],
    entityIds: stale.map((cell) => cell.entityId),
  });
  const who = change
    ? `par ${change.user} à ${formatChangedAt(change.at, ctx.now())}`
    : 'par un autre utilisateur';
  throw AppError.staleVersion(
    `Ce tableau a été modifié ${who} : vos changements n'ont pas été enregistrés. ` +
      'Voici les valeurs actuelles.',
    current(stale),
  );
}
