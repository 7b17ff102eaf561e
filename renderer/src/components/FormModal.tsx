/**
 * A modal form that saves one record: the save's error above the fields, then « Annuler » and
 * the save button. Its parent mounts it only while open, so the fields start fresh each time.
 *
 * After a refusal the form stays open with what the user typed, under the French messages, so
 * it can be corrected. From then on only « Annuler » (or the close cross) closes it, and that
 * deliberately discards the entry: a stray click outside or Escape no longer loses it.
 *
 * It opens on its first field, not on the close cross, so one can start typing at once.
 *
 * Edit forms send the version they were loaded from; when someone saved the record first the
 * refusal shows who and when, the current values beside the entry, and (with `onReload`)
 * « Reprendre les valeurs actuelles ».
 */
import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorSummary } from './ErrorSummary';
import { markFirstField } from './markFirstField';

export function FormModal({
  title,
  submitLabel,
  onSubmit,
  onClose,
  saving,
  error,
  size = 'lg',
  typed,
  onReload,
  children,
}: {
  title: string;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  saving: boolean;
  error: unknown;
  /** A short form (one or two fields) keeps Mantine's default width. */
  size?: 'md' | 'lg';
  /** Someone saved the record first: what the user typed, shown beside the current values. */
  typed?: Record<string, unknown>;
  /** « Reprendre les valeurs actuelles »: reloads the fields from the current record. */
  onReload?: (current: Record<string, unknown>, version: number) => void;
  children: ReactNode;
}) {
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size={size}
      closeOnClickOutside={!error}
      closeOnEscape={!error}
    >
      <Stack gap="sm" ref={markFirstField}>
        <ErrorSummary error={error} typed={typed} onReload={onReload} />
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={onSubmit} loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
