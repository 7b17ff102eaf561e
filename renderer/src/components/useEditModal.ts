/**
 * Which row an edit modal is open on: a row, a new one, or none. The modal is mounted only
 * while open, so each opening starts from a fresh form.
 */
import { useState } from 'react';

export function useEditModal<T>() {
  const [editing, setEditing] = useState<{ row: T | null } | null>(null);
  return {
    opened: editing !== null,
    /** The row being edited; null for a new one. */
    initial: editing?.row ?? null,
    openNew: () => setEditing({ row: null }),
    edit: (row: T) => setEditing({ row }),
    close: () => setEditing(null),
  };
}
