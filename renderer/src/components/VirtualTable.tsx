/**
 * A table that renders only the rows in view (@tanstack/react-virtual), so a list of
 * 10 000 people scrolls as smoothly as one of 20. It stays a real `<table>` for screen
 * readers: spacer rows stand for the rows out of view, and `aria-rowcount` /
 * `aria-rowindex` tell where each rendered row sits in the whole list.
 */
import { Table, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, type CSSProperties, type ReactNode } from 'react';

export interface VirtualColumn<T> {
  key: string;
  header: ReactNode;
  /** Fixed width in pixels; columns without one share what is left. */
  width?: number;
  align?: 'left' | 'right';
  render: (row: T) => ReactNode;
}

export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  label,
  height,
  rowHeight = 45,
  empty,
  onRangeChange,
}: {
  rows: readonly T[];
  columns: VirtualColumn<T>[];
  rowKey: (row: T) => string | number;
  /** The table's accessible name. */
  label: string;
  height: CSSProperties['height'];
  /** Estimated height of one row, in pixels (rows that wrap are measured). */
  rowHeight?: number;
  empty: ReactNode;
  /** Told the rows in view (overscan included), for a list that loads them as they come. */
  onRangeChange?: (first: number, last: number) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to re-render this component
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const paddingTop = first ? first.start : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const firstIndex = first?.index ?? 0;
  const lastIndex = last?.index ?? 0;
  useEffect(() => onRangeChange?.(firstIndex, lastIndex), [onRangeChange, firstIndex, lastIndex]);
  const spacer = (size: number) =>
    size > 0 ? (
      <tr aria-hidden="true" style={{ height: size }}>
        <td colSpan={columns.length} style={{ padding: 0, border: 0 }} />
      </tr>
    ) : null;

  return (
    <div
      ref={scrollRef}
      // Focusable, so the list scrolls with the keyboard even when no row has a link.
      tabIndex={0}
      role="region"
      aria-label={`${label} (défilement)`}
      style={{
        height,
        overflow: 'auto',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-md)',
      }}
    >
      <Table
        stickyHeader
        striped
        highlightOnHover
        aria-label={label}
        aria-rowcount={rows.length + 1}
        style={{ tableLayout: 'fixed', width: '100%' }}
      >
        <Table.Thead style={{ zIndex: 1 }}>
          <Table.Tr aria-rowindex={1}>
            {columns.map((column) => (
              <Table.Th
                key={column.key}
                style={{ width: column.width, textAlign: column.align ?? 'left' }}
              >
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns.length}>
                <Text size="sm" c="dimmed" py="sm">
                  {empty}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {spacer(paddingTop)}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <Row
                key={rowKey(row)}
                row={row}
                index={item.index}
                columns={columns}
                measure={virtualizer.measureElement}
              />
            );
          })}
          {spacer(paddingBottom)}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/**
 * One drawn row. Memoised: while scrolling, the rows that stay in view are not drawn again,
 * only those coming in (keep `columns` stable with useMemo for this to hold).
 */
function RowImpl<T>({
  row,
  index,
  columns,
  measure,
}: {
  row: T;
  index: number;
  columns: VirtualColumn<T>[];
  measure: (node: Element | null) => void;
}) {
  return (
    <Table.Tr data-index={index} ref={measure} aria-rowindex={index + 2}>
      {columns.map((column) => (
        <Table.Td
          key={column.key}
          style={{ textAlign: column.align ?? 'left', overflowWrap: 'anywhere' }}
        >
          {column.render(row)}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}
const Row = memo(RowImpl) as typeof RowImpl;
