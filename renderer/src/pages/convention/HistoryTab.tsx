import { Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { formatDateTime } from '../../../../shared/format';
import { actionLabel, fieldLabel } from '../../lib/display';
import { useCall } from '../../lib/queries';

const PAGE = 50;
const controlLabels = {
  first: 'Première page',
  previous: 'Page précédente',
  next: 'Page suivante',
  last: 'Dernière page',
} as const;

function shortValue(value: string | null) {
  if (value === null) return '—';
  // Lists (avenant changes, territories…) are stored as JSON: show them as text.
  if (value.startsWith('[')) {
    try {
      const items = JSON.parse(value) as unknown[];
      value = items
        .map((item) => (typeof item === 'string' ? item : JSON.stringify(item)))
        .join(' ; ');
    } catch {
      // not JSON after all: shown as stored
    }
  }
  return value.length > 160 ? `${value.slice(0, 157)}…` : value;
}

export function HistoryTab({ conventionId }: { conventionId: number }) {
  const [page, setPage] = useState(1);
  const audit = useCall('audit.list', { conventionId, limit: PAGE, offset: (page - 1) * PAGE });
  if (!audit.data) return null;
  const pages = Math.max(1, Math.ceil(audit.data.total / PAGE));
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Chaque modification de cette convention, avec son auteur, sa date, l'ancienne et la nouvelle
        valeur ({audit.data.total} entrées).
      </Text>
      <Table
        striped
        withTableBorder
        aria-label="Historique des modifications"
        style={{ tableLayout: 'fixed' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Date</Table.Th>
            <Table.Th w={160}>Utilisateur</Table.Th>
            <Table.Th w={110}>Action</Table.Th>
            <Table.Th w={190}>Élément</Table.Th>
            <Table.Th w={170}>Champ</Table.Th>
            <Table.Th>Ancienne valeur</Table.Th>
            <Table.Th>Nouvelle valeur</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {audit.data.rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>{formatDateTime(row.at)}</Table.Td>
              <Table.Td>{row.user}</Table.Td>
              <Table.Td>{actionLabel(row.action)}</Table.Td>
              <Table.Td>
                {row.entity} {row.entityId}
              </Table.Td>
              <Table.Td>{fieldLabel(row.field)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{shortValue(row.oldValue)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>{shortValue(row.newValue)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            aria-label="Pages de l'historique"
            getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
            getControlProps={(control) => ({ 'aria-label': controlLabels[control] })}
          />
        </Group>
      )}
    </Stack>
  );
}
