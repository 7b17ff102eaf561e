/** Asks before an action that cannot be undone (a deletion, a purge), and shows its error. */
import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorSummary } from './ErrorSummary';
import { markFirstField } from './markFirstField';

export function ConfirmModal({
  opened,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  loading = false,
  error = null,
  disabled = false,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
  error?: unknown;
  disabled?: boolean;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack ref={markFirstField}>
        <ErrorSummary error={error} />
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button color="red.9" onClick={onConfirm} loading={loading} disabled={disabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
