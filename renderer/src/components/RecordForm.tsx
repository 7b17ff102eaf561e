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
export function useRecordFields<V extends object>(initial: V, loadedVersion?: number) {
  const [values, setValues] = useState(initial);
  // The version the form was loaded from (an edit): its save is refused if someone saved
  // the record since. « Reprendre les valeurs actuelles » moves it to the current one.
  const [version, setVersion] = useState(loadedVersion);
  const set =
    <K extends keyof V>(key: K) =>
    (value: V[K]) =>
      setValues((previous) => ({ ...previous, [key]: value }));
  const text =
    <K extends { [P in keyof V]: V[P] extends string ? P : never }[keyof V]>(key: K) =>
    (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set(key)(event.currentTarget.value as V[K]);
  /** The fields from the current record (same names as the save's input), and its version. */
  const reload = (current: Record<string, unknown>, currentVersion: number) => {
    setValues((previous) => {
      const next = { ...previous } as Record<string, unknown>;
      for (const key of Object.keys(previous)) if (key in current) next[key] = current[key];
      return next as V;
    });
    setVersion(currentVersion);
  };
  return { values, set, text, setValues, version, reload };
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
  typed,
  onReload,
  children,
}: {
  title: string;
  submitLabel: string;
  save: {
    mutate: (input: I, options: { onSuccess: () => void }) => void;
    isPending: boolean;
    error: unknown;
    reset?: () => void;
  };
  /** Someone saved the record first: what the user typed, beside the current values. */
  typed?: Record<string, unknown>;
  /** « Reprendre les valeurs actuelles » (useRecordFields' `reload`); clears the refusal. */
  onReload?: (current: Record<string, unknown>, version: number) => void;
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
      typed={typed}
      onReload={
        onReload &&
        ((current, version) => {
          onReload(current, version);
          save.reset?.();
        })
      }
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
