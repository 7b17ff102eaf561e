/**
 * Someone saved the record first: the French message naming who and when, the current
 * values beside what the user typed (only the fields that differ), and « Reprendre les
 * valeurs actuelles » to reload the form from the record as it is now. The user's entry
 * stays in the form until they choose.
 */
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import type { StaleVersion } from '../lib/conflictValues';
import { valueDifferences } from '../lib/conflictValues';

export function ConflictNotice({
  conflict,
  typed,
  onReload,
}: {
  conflict: StaleVersion;
  /** What the user typed, in the update input's shape: the table sets it beside the record. */
  typed?: Record<string, unknown>;
  onReload?: (current: Record<string, unknown>, version: number) => void;
}) {
  // Without the entry to compare with, the message alone: a whole record would be too long.
  const rows = typed ? valueDifferences(conflict.current, typed) : [];
  return (
    <ConflictAlert
      title="Fiche modifiée entre-temps"
      message={conflict.message}
      firstColumn="Champ"
      rows={rows.map((row) => ({ key: row.path, ...row }))}
      showTyped={Boolean(typed)}
      onReload={onReload && (() => onReload(conflict.current, conflict.version))}
    />
  );
}

/** One line of the table: what differs, as it is now and as the user typed it. */
export interface ConflictRow {
  key: string;
  label: string;
  current: string;
  typed: string;
}

/**
 * The refusal as both kinds of save show it (a record's form, a grid): the message, the
 * values at stake beside the user's entry, and « Reprendre les valeurs actuelles ».
 */
export function ConflictAlert({
  title,
  message,
  firstColumn,
  rows,
  showTyped = true,
  onReload,
}: {
  title: string;
  message: string;
  firstColumn: string;
  rows: readonly ConflictRow[];
  showTyped?: boolean;
  onReload?: () => void;
}) {
  return (
    <Alert color="orange" role="alert" title={title} data-testid="conflict-notice">
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        {rows.length > 0 && (
          <Table withTableBorder fz="sm" aria-label="Valeurs actuelles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{firstColumn}</Table.Th>
                <Table.Th>Valeur actuelle</Table.Th>
                {showTyped && <Table.Th>Votre saisie</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td>{row.current}</Table.Td>
                  {showTyped && <Table.Td>{row.typed}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {onReload && (
          <Group>
            <Button size="xs" variant="light" color="orange" onClick={onReload}>
              Reprendre les valeurs actuelles
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
