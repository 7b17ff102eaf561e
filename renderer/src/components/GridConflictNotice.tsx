/**
 * A grid save refused because someone changed some of the same cells first (budget,
 * targets, account mapping: checked cell by cell against the values the grid loaded). The
 * French message naming who and when, the cells at stake with their current value beside
 * the user's entry, and « Reprendre les valeurs actuelles », which takes the current values
 * for those cells and keeps the user's other edits. Nothing was written.
 */
import { AppError } from '../../../shared/errors';
import { ConflictAlert, type ConflictRow } from './ConflictNotice';

export interface GridConflict {
  message: string;
  /** The refused cells as they are now, in the grid call's input shape. */
  current: Record<string, unknown>;
}

/** The refusal of a grid save over cells changed since, or null for any other error. */
export function gridConflict(error: unknown): GridConflict | null {
  if (!(error instanceof AppError) || error.code !== 'CONFLICT' || !error.current) return null;
  return { message: error.message, current: error.current };
}

export type GridConflictRow = ConflictRow;

export function GridConflictNotice({
  conflict,
  rows,
  onReload,
}: {
  conflict: GridConflict;
  rows: GridConflictRow[];
  onReload: () => void;
}) {
  return (
    <ConflictAlert
      title="Tableau modifié entre-temps"
      message={conflict.message}
      firstColumn="Case"
      rows={rows}
      onReload={onReload}
    />
  );
}
