/**
 * A grid's entry, cell by cell, with the value each cell showed when loaded (`was`), for the
 * grid calls checked against it (`budget.set`, `targets.set`). A cell the user has not
 * touched follows the stored value when it changes (a colleague's save arriving through the
 * events channel); a cell being edited keeps the user's entry and the value it was loaded
 * from, so its save is checked against it. Only the changed cells are sent.
 */
import { useState } from 'react';

export type Cells = Record<string, number | null>;

export interface ChangedCell {
  key: string;
  value: number | null;
  was: number | null;
}

const at = (cells: Cells, key: string) => cells[key] ?? null;

/**
 * The next (loaded, values) when the stored cells change: untouched cells take the stored
 * value; a cell whose entry is now what is stored (the user's own save) is no longer changed.
 */
export function followStored(stored: Cells, loaded: Cells, values: Cells) {
  const nextLoaded: Cells = { ...loaded };
  const nextValues: Cells = { ...values };
  for (const key of new Set([...Object.keys(stored), ...Object.keys(loaded)])) {
    const now = at(stored, key);
    if (at(values, key) === at(loaded, key)) {
      nextLoaded[key] = now;
      nextValues[key] = now;
    } else if (at(values, key) === now) nextLoaded[key] = now;
  }
  return { loaded: nextLoaded, values: nextValues };
}

/** The cells whose entry differs from what they showed when loaded. */
export function changedCells(loaded: Cells, values: Cells): ChangedCell[] {
  return [...new Set([...Object.keys(loaded), ...Object.keys(values)])]
    .filter((key) => at(values, key) !== at(loaded, key))
    .map((key) => ({ key, value: at(values, key), was: at(loaded, key) }));
}

export function useCellDraft(stored: Cells) {
  const storedKey = JSON.stringify(stored);
  const [state, setState] = useState({ storedKey, loaded: stored, values: stored });
  // The stored cells changed (a save, here or elsewhere): adjusted during render, the
  // React way for state derived from props, rather than in an effect.
  let draft = state;
  if (state.storedKey !== storedKey) {
    draft = { storedKey, ...followStored(stored, state.loaded, state.values) };
    setState(draft);
  }
  return {
    values: draft.values,
    loaded: draft.loaded,
    changed: changedCells(draft.loaded, draft.values),
    setCell: (key: string, value: number | null) =>
      setState((current) => ({ ...current, values: { ...current.values, [key]: value } })),
    /** « Reprendre les valeurs actuelles »: these cells take their current value. */
    takeCurrent: (current: Cells) =>
      setState((now) => ({
        ...now,
        loaded: { ...now.loaded, ...current },
        values: { ...now.values, ...current },
      })),
  };
}
