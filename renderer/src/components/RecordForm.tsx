/**
 * The form modal of one record (a payment, a support, a de minimis aid): its fields' state,
 * the save with its French notice, the backend's messages under the fields, and FormModal's
 * behaviour (stays open with what was typed after a refusal, closes once saved).
 */
import { Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ChangeEvent, type ReactNode } from 'react';
import type { CallInput, Channel } from '../../../shared/contract';
import { errorMap } from '../lib/fieldErrors';
import { useAction } from '../lib/queries';
import { FormModal } from './FormModal';

/**
 * The fields of a form, one state: `set('kind')` is the onChange of a select or a money
 * input, `text('note')` that of a text input or text area.
 */
export function useRecordFields<V extends object>(initial: V) {
  const [values, setValues] = useState(initial);
  const set =
    <K extends keyof V>(key: K) =>
    (value: V[K]) =>
      setValues((previous) => ({ ...previous, [key]: value }));
  const text =
    <K extends { [P in keyof V]: V[P] extends string ? P : never }[keyof V]>(key: K) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set(key)(event.currentTarget.value as V[K]);
  return { values, set, text, setValues };
}

/**
 * The save of a record, with « `title` » and what was saved (`describe`) as its notice;
 * `errors` puts the backend's messages under the fields, by path (`payment.kind`).
 */
export function useRecordSave<C extends Channel>(
  channel: C,
  title: string,
  describe: (input: CallInput<C>) => string,
) {
  const save = useAction(channel, {
    onSuccess: (_data, input) =>
      notifications.show({ color: 'green', title, message: describe(input) }),
  });
  return { save, errors: errorMap(save.error) };
}

export function RecordFormModal<I>({
  title,
  submitLabel,
  save,
  input,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  save: {
    mutate: (input: I, options: { onSuccess: () => void }) => void;
    isPending: boolean;
    error: unknown;
  };
  /** What is sent, read when the user saves; missing values go as they are (see below). */
  input: () => I;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <FormModal
      title={title}
      submitLabel={submitLabel}
      onSubmit={() => save.mutate(input(), { onSuccess: onClose })}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
    >
      {children}
    </FormModal>
  );
}

/** A free text of a record (note, evidence): a text area growing with its text. */
export function NoteField({
  label = 'Note',
  description,
  value,
  onChange,
  error,
}: {
  label?: string;
  description?: string;
  value: string;
  onChange: (event: ChangeEvent<HTMLTextAreaElement>) => void;
  error: string | undefined;
}) {
  return (
    <Textarea
      label={label}
      description={description}
      value={value}
      onChange={onChange}
      autosize
      minRows={2}
      error={error}
    />
  );
}
