/**
 * Choosing the file an import reads (the FEC, the follow-up spreadsheet), and the alert that
 * lists why the backend refused it. One place, so both imports look and read the same.
 */
import { Alert, FileInput, Text } from '@mantine/core';
import type { AppError } from '../../../shared/errors';

export function FilePicker({
  label,
  placeholder,
  accept,
  value,
  onChange,
  error,
}: {
  label: string;
  placeholder: string;
  accept: string;
  value: File | null;
  onChange: (file: File | null) => void;
  error: string | null;
}) {
  return (
    <FileInput
      label={label}
      placeholder={placeholder}
      accept={accept}
      value={value}
      onChange={onChange}
      clearable
      clearButtonProps={{ 'aria-label': 'Retirer le fichier' }}
      maw={520}
      // The placeholder is drawn as text here, not as a native placeholder: keep it readable.
      styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
      error={error}
    />
  );
}

/** The backend's refusal of a file: its message, then one item per line or field at fault. */
export function RefusedFileAlert({ title, error }: { title: string; error: AppError }) {
  return (
    <Alert color="red" role="alert" title={title}>
      <Text size="sm">{error.message}</Text>
      {error.fields.length > 0 && (
        <ul>
          {error.fields.map((field) => (
            <li key={`${field.path}:${field.message}`}>
              <Text size="sm">{field.message}</Text>
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
