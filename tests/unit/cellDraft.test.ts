/**
 * A grid's entry against the stored cells (budget, targets): only the cells the user changed
 * are sent, each with the value it showed when loaded, and a colleague's save updates the
 * cells the user has not touched without undoing the user's entry.
 */
import { describe, expect, test } from 'vitest';
import { changedCells, followStored } from '../../renderer/src/lib/cellDraft';

describe('grid cell drafts', () => {
  test('only changed cells are sent, with the value they showed (null for an empty cell)', () => {
    const loaded = { '60': 100, '64': 500 };
    const values = { '60': 100, '64': 550, '70': 20 };
    expect(changedCells(loaded, values)).toEqual([
      { key: '64', value: 550, was: 500 },
      { key: '70', value: 20, was: null },
    ]);
    // Emptying a cell is a change to null.
    expect(changedCells(loaded, { '60': null, '64': 500 })).toEqual([
      { key: '60', value: null, was: 100 },
    ]);
  });

  test("a colleague's save moves the untouched cells; the user's entry and its `was` stay", () => {
    const loaded = { '60': 100, '64': 500 };
    const values = { '60': 100, '64': 550 };
    const next = followStored({ '60': 120, '64': 600, '61': 7 }, loaded, values);
    expect(next.values).toEqual({ '60': 120, '64': 550, '61': 7 });
    // 64 is still sent as changed from 500: the backend refuses it against the stored 600.
    expect(changedCells(next.loaded, next.values)).toEqual([{ key: '64', value: 550, was: 500 }]);
  });

  test('after the user’s own save the cell is no longer changed', () => {
    const next = followStored({ '64': 550 }, { '64': 500 }, { '64': 550 });
    expect(changedCells(next.loaded, next.values)).toEqual([]);
    // A cell emptied and saved: no row stored, nothing left to send.
    const emptied = followStored({}, { '60': 100 }, { '60': null });
    expect(changedCells(emptied.loaded, emptied.values)).toEqual([]);
  });
});
