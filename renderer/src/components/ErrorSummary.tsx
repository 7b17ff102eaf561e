/**
 * What went wrong with a save, above the form: every field message, or the error's own
 * message when no field is at fault. Nothing was written (each action is one transaction).
 */
import { Alert, List, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { AppError } from '../../../shared/errors';
import { staleVersion } from '../lib/conflictValues';
import { errorMessage } from '../lib/fieldErrors';
import { ConflictNotice } from './ConflictNotice';

/** Height of the sticky AppShell header, in px (kept in step with Layout.tsx). */
export const APP_HEADER_HEIGHT = 56;

export function ErrorSummary({
  error,
  scrollIntoView = false,
  typed,
  onReload,
}: {
  error: unknown;
  scrollIntoView?: boolean;
  /** A save over a newer version: what the user typed, set beside the current values. */
  typed?: Record<string, unknown>;
  /** Reloads the form from the current record (« Reprendre les valeurs actuelles »). */
  onReload?: (current: Record<string, unknown>, version: number) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Long forms have their button at the bottom: bring the problems into view, below the
  // sticky app header (scroll-margin-top), and move focus there so it is read out.
  useEffect(() => {
    if (!error || !scrollIntoView || !ref.current) return;
    ref.current.scrollIntoView({ block: 'start', behavior: 'smooth' });
    ref.current.focus({ preventScroll: true });
  }, [error, scrollIntoView]);
  if (!error) return null;
  const conflict = staleVersion(error);
  if (conflict) {
    return (
      <div ref={ref} tabIndex={-1} style={{ scrollMarginTop: APP_HEADER_HEIGHT + 16 }}>
        <ConflictNotice conflict={conflict} typed={typed} onReload={onReload} />
      </div>
    );
  }
  const fields = error instanceof AppError ? error.fields : [];
  return (
    <Alert
      ref={ref}
      color="red"
      role="alert"
      tabIndex={-1}
      title="Rien n'a été enregistré : à corriger"
      // Same height as the AppShell header (Layout.tsx), plus a little air.
      style={{ scrollMarginTop: APP_HEADER_HEIGHT + 16 }}
    >
      {fields.length > 0 ? (
        <List size="sm">
          {fields.map((field) => (
            <List.Item key={`${field.path}:${field.message}`}>{field.message}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">{errorMessage(error)}</Text>
      )}
    </Alert>
  );
}
