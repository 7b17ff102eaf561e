/** The FEC lines behind a figure: what every actual opens (FEC screen, budget vs actual). */
import { Table, Text } from '@mantine/core';
import type { z } from 'zod';
import type { ledgerLineRow } from '../../../shared/contract/actuals';
import { formatDate, formatEuros } from '../../../shared/format';
import { ScrollRegion } from './ScrollRegion';

type LedgerLine = z.output<typeof ledgerLineRow>;

export function FecLinesTable({
  lines,
  maxHeight,
}: {
  lines: readonly LedgerLine[];
  maxHeight: string;
}) {
  return (
    <ScrollRegion label="Lignes du FEC (défilement)" maxHeight={maxHeight}>
      <Table withTableBorder striped fz="xs" stickyHeader aria-label="Lignes du FEC">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Journal</Table.Th>
            <Table.Th>N° écriture</Table.Th>
            <Table.Th>Compte</Table.Th>
            <Table.Th>Libellé</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Débit</Table.Th>
            <Table.Th style={{ textAlign: 'right' }}>Crédit</Table.Th>
            <Table.Th>Analytique</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(line.date)}</Table.Td>
              <Table.Td>{line.journalCode}</Table.Td>
              <Table.Td>{line.ecritureNum}</Table.Td>
              <Table.Td>
                <Text size="xs" fw={600}>
                  {line.compteNum}
                </Text>
                <Text size="xs" c="dimmed">
                  {line.compteLib}
                </Text>
              </Table.Td>
              <Table.Td>{line.ecritureLib}</Table.Td>
              <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {line.debitCents ? formatEuros(line.debitCents) : ''}
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {line.creditCents ? formatEuros(line.creditCents) : ''}
              </Table.Td>
              <Table.Td>{line.analytic || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
