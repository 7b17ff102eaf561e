/**
 * Deleting a table row after a confirmation. `useDeleteConfirm` holds the row the deletion
 * waits on; `DeleteConfirmModal` asks about it with `ConfirmModal`, closes once the deletion
 * succeeds and stays open, with the error, when it fails.
 */
import { Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ConfirmModal } from './ConfirmModal';

type DeleteAction = {
  reset: () => void;
  mutate: (input: { id: number }, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: unknown;
};

export type Deletion<T> = {
  remove: DeleteAction;
  /** The row being deleted, or null when nothing is asked. */
  target: T | null;
  close: () => void;
  ask: (row: T) => void;
};

export function useDeleteConfirm<T extends { id: number }>(remove: DeleteAction): Deletion<T> {
  const [target, setTarget] = useState<T | null>(null);
  return {
    remove,
    target,
    close: () => setTarget(null),
    // The previous attempt's error belongs to another row: cleared before asking again.
    ask: (row: T) => {
      remove.reset();
      setTarget(row);
    },
  };
}

export function DeleteConfirmModal<T extends { id: number }>({
  deletion,
  title,
  onDeleted,
  children,
}: {
  deletion: Deletion<T>;
  title: string;
  /** Runs once the deletion succeeded, after the modal closed (a notification, say). */
  onDeleted?: (row: T) => void;
  /** What will be deleted, said in a sentence; called only while a row is asked about. */
  children: (row: T) => ReactNode;
}) {
  const { remove, target, close } = deletion;
  return (
    <ConfirmModal
      opened={target !== null}
      title={title}
      confirmLabel="Supprimer"
      loading={remove.isPending}
      error={remove.error}
      onClose={close}
      onConfirm={() =>
        target &&
        remove.mutate(
          { id: target.id },
          {
            onSuccess: () => {
              close();
              onDeleted?.(target);
            },
          },
        )
      }
    >
      <Text size="sm">{target && children(target)}</Text>
    </ConfirmModal>
  );
}
