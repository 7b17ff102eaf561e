/**
 * A form's entry and the version of the record it was loaded from (optimistic locking): the
 * save sends that version, so saving over someone else's newer save is refused instead of
 * overwriting it.
 *
 * When the record moves on (another user, another window, this page's other section) a form
 * nobody is typing in follows it; an entry in progress keeps its version, so its save is
 * checked. After this form's own save the entry counts as loaded at the version returned.
 */
import { useState } from 'react';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface State<T> {
  draft: T;
  /** The values the entry was loaded from (or last saved): equal to the draft = untouched. */
  base: T;
  version: number;
  /** The record's version last seen from the page, to notice when it moves on. */
  seen: number;
}

export function useVersionedDraft<T>(source: T, sourceVersion: number) {
  const [state, setState] = useState<State<T>>(() => ({
    draft: source,
    base: source,
    version: sourceVersion,
    seen: sourceVersion,
  }));
  // Adjusted during render (React's pattern for state derived from a changed prop).
  if (sourceVersion !== state.seen) {
    const untouched = same(state.draft, state.base);
    setState(
      untouched
        ? { draft: source, base: source, version: sourceVersion, seen: sourceVersion }
        : { ...state, seen: sourceVersion },
    );
  }
  return {
    draft: state.draft,
    setDraft: (update: T | ((current: T) => T)) =>
      setState((current) => ({
        ...current,
        draft: typeof update === 'function' ? (update as (value: T) => T)(current.draft) : update,
      })),
    /** The version the entry was loaded from: the one the save sends. */
    version: state.version,
    /** After this form's save: the entry is now the record, at `version`. */
    saved: (version: number) =>
      setState((current) => ({ ...current, base: current.draft, version })),
    /** « Reprendre les valeurs actuelles »: the entry replaced by the current record. */
    reload: (values: T, version: number) =>
      setState((current) => ({ ...current, draft: values, base: values, version })),
  };
}
