/**
 * A grid save refused because someone changed some of the same cells first (budget,
 * targets, account mapping: checked cell by cell against the values the grid loaded). The
 * French message naming who and when, the cells at stake with their current value beside
 * the user's entry, and « Reprendre les valeurs actuelles », which takes the current values
 * for those cells and keeps the user's other edits. Nothing was written.
 */
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { AppError } from '../../../shared/errors';

export interface GridConflict {
  message: string;
  /** The refused cells as they are now, in the grid call's input shape. */
  current: Record<string, unknown>;
}

/** The refusal of a grid save over cells changed since, or null for any other error. */
export function gridConflict(error: unknown): GridConflict | null {
  if (!(error instanceof AppError) || error.code !== 'CONFLICT' || !error.current) return null;
  return { message: error.message, current: error.current };
}

export interface GridConflictRow {
  key: string;
  label: string;
  current: string;
  typed: string;
}

export function GridConflictNotice({
  conflict,
  rows,
  onReload,
}: {
  conflict: GridConflict;
  rows: GridConflictRow[];
  onReload: () => void;
}) {
  return (
    <Alert
      color="orange"
      role="alert"
      title="Tableau modifié entre-temps"
      data-testid="conflict-notice"
    >
      <Stack gap="xs">
        <Text size="sm">{conflict.message}</Text>
        {rows.length > 0 && (
          <Table withTableBorder fz="sm" aria-label="Valeurs actuelles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Case</Table.Th>
                <Table.Th>Valeur actuelle</Table.Th>
                <Table.Th>Votre saisie</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td>{row.current}</Table.Td>
                  <Table.Td>{row.typed}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group>
          <Button size="xs" variant="light" color="orange" onClick={onReload}>
            Reprendre les valeurs actuelles
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
