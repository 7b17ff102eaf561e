/**
 * What a section listing editable records holds besides its table: the edit modal (which
 * row, or a new one) and the deletion asked for confirmation, with its French notice once
 * done. The section renders RecordTable, its form modal while `editor.opened`, and
 * DeleteConfirmModal with `deletion`.
 */
import { notifications } from '@mantine/notifications';
import type { CallInput, Channel } from '../../../shared/contract';
import { useAction } from '../lib/queries';
import { useDeleteConfirm } from './DeleteConfirm';
import { useEditModal } from './useEditModal';

/** The channels that take a record's id alone (deletions). */
type DeleteChannel = {
  [C in Channel]: CallInput<C> extends { id: number }
    ? { id: number } extends CallInput<C>
      ? C
      : never
    : never;
}[Channel];

export function useRecordSection<T extends { id: number }>(
  deleteChannel: DeleteChannel,
  /** Shown once a record is deleted, e.g. « Versement supprimé. » */
  deletedNotice: string,
) {
  const editor = useEditModal<T>();
  const remove = useAction(deleteChannel, {
    onSuccess: () => notifications.show({ color: 'green', message: deletedNotice }),
  });
  const deletion = useDeleteConfirm<T>(remove);
  return { editor, remove, deletion };
}
