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
    <Alert
      color="orange"
      role="alert"
      title="Fiche modifiée entre-temps"
      data-testid="conflict-notice"
    >
      <Stack gap="xs">
        <Text size="sm">{conflict.message}</Text>
        {rows.length > 0 && (
          <Table withTableBorder fz="sm" aria-label="Valeurs actuelles">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Champ</Table.Th>
                <Table.Th>Valeur actuelle</Table.Th>
                {typed && <Table.Th>Votre saisie</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.path}>
                  <Table.Td>{row.label}</Table.Td>
                  <Table.Td>{row.current}</Table.Td>
                  {typed && <Table.Td>{row.typed}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {onReload && (
          <Group>
            <Button
              size="xs"
              variant="light"
              color="orange"
              onClick={() => onReload(conflict.current, conflict.version)}
            >
              Reprendre les valeurs actuelles
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
