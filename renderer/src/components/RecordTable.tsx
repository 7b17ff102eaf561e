/**
 * The table of a section listing records one can edit and delete (payments, supports, de
 * minimis aid): a sentence when there is none, otherwise a scrolling region holding a
 * labelled table whose last column, « Actions » for screen readers only, takes each row's
 * RowActions.
 */
import { Table, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { ScrollRegion } from './ScrollRegion';

/** Amounts: right-aligned, on one line. */
export const amountCell = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

export interface RecordColumn {
  label: string;
  /** An amount column: its header right-aligned like its cells. */
  amount?: boolean;
}

export function RecordTable({
  label,
  scrollLabel,
  columns,
  count,
  empty,
  children,
}: {
  /** The table's accessible name. */
  label: string;
  /** The scrolling region's accessible name. */
  scrollLabel: string;
  columns: readonly RecordColumn[];
  /** How many records: none shows `empty` instead of the table. */
  count: number;
  empty: string;
  /** The body's rows. */
  children: ReactNode;
}) {
  if (count === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <ScrollRegion label={scrollLabel}>
      <Table withTableBorder striped fz="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.label} style={column.amount ? amountCell : undefined}>
                {column.label}
              </Table.Th>
            ))}
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
