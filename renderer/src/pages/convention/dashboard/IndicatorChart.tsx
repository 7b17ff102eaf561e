/**
 * Indicators realised against their target, as a bar chart of the achievement rate (the
 * rate `indicators.realised` computes: realised / target), so persons, contacts and rates
 * share one scale with the target at 100 %. One year: one bar per key indicator; the whole
 * CPO: one bar per year for each. The figures (realised, target, rate) are also in a
 * visually hidden table, for screen readers, and in the tooltip.
 */
import { BarChart } from '@mantine/charts';
import { Card, Center, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import type { IndicatorDefinition } from '../../../../../shared/contract/objectives';
import type { IndicatorRealised } from '../../../../../shared/contract/people';
import { formatPercent } from '../../../../../shared/format';
import { formatIndicatorValue } from '../../../lib/display';

/** What a director looks at first: the funnel, from contacts to good exits and follow-up. */
export const keyIndicators = [
  'REP_PERSONS',
  'REMOB_PERSONS',
  'ACC_ENTRIES',
  'EXIT_EMPLOYMENT',
  'EXIT_POSITIVE_RATE',
  'FOLLOWUP_6M',
] as const;

/** Short names for the axis; the full label is in the table and the tooltip. */
const shortLabels: Record<string, string> = {
  REP_PERSONS: 'Repérées',
  REMOB_PERSONS: 'Remobilisées',
  ACC_ENTRIES: 'Entrées accomp.',
  EXIT_EMPLOYMENT: 'Sorties emploi',
  EXIT_POSITIVE_RATE: 'Sorties positives',
  FOLLOWUP_6M: 'Suivis 6 mois',
};

export interface ChartYear {
  index: number;
  label: string;
  /** Not begun: nothing realised yet, so no bar. */
  upcoming: boolean;
}

function percentOf(cell: IndicatorRealised | undefined, year: ChartYear): number | null {
  if (!cell || year.upcoming || cell.achievement === null) return null;
  return Math.round(cell.achievement * 100);
}

export function IndicatorChart({
  definitions,
  cells,
  years,
  height,
}: {
  definitions: readonly IndicatorDefinition[];
  cells: readonly IndicatorRealised[];
  /** One year, or every year for the whole CPO. */
  years: readonly ChartYear[];
  height: number;
}) {
  const shown = keyIndicators
    .map((code) => definitions.find((d) => d.code === code && d.active))
    .filter((d) => d !== undefined);
  const cellOf = (code: string, yearIndex: number) =>
    cells.find((cell) => cell.code === code && cell.yearIndex === yearIndex);
  const seriesKey = (year: ChartYear) => `y${year.index}`;
  const data = shown.map((definition) => ({
    indicator: shortLabels[definition.code] ?? definition.label,
    ...Object.fromEntries(
      years.map((year) => [seriesKey(year), percentOf(cellOf(definition.code, year.index), year)]),
    ),
  }));
  const colors = ['indigo.6', 'teal.6', 'orange.6'];
  const single = years.length === 1;
  const title = single
    ? `Objectifs ${years[0]!.label} : réalisé / cible`
    : 'Objectifs par année : réalisé / cible';

  return (
    <Card withBorder padding="sm" data-testid="dashboard-indicators">
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Text size="xs" c="dimmed">
          en % de la cible (trait rouge : 100 %)
        </Text>
      </Group>
      {years.every((year) => year.upcoming) && (
        // Nothing realised yet: said in words, not as an empty chart.
        <Center h={height}>
          <Text size="sm" c="dimmed">
            Année non commencée : rien de réalisé encore. Les cibles sont dans « Objectifs par année
            ».
          </Text>
        </Center>
      )}
      {/* The chart is a picture of the table below: screen readers read the table. Hidden
          from them, it must not take the keyboard focus either (axe: aria-hidden-focus), so
          recharts' accessibility layer (a focusable svg with arrow-key tooltips) is off. */}
      <div aria-hidden="true" hidden={years.every((year) => year.upcoming)}>
        <BarChart
          h={height}
          barChartProps={{ accessibilityLayer: false }}
          data={data}
          dataKey="indicator"
          series={years.map((year, index) => ({
            name: seriesKey(year),
            label: single ? 'Atteinte de la cible' : `Année ${year.index} (${year.label})`,
            color: colors[index % colors.length]!,
          }))}
          withLegend={!single}
          legendProps={{ verticalAlign: 'bottom', height: 24 }}
          valueFormatter={(value) => formatPercent(value / 100)}
          referenceLines={[{ y: 100, color: 'red.7' }]}
          withBarValueLabel={single}
          gridAxis="y"
          tickLine="none"
          maxBarWidth={single ? 56 : 28}
          xAxisProps={{ interval: 0, tick: { fontSize: 11 } }}
          // Wide enough for « 1 000 % » and above: a narrower axis cuts the thousands off.
          yAxisProps={{ width: 64 }}
        />
      </div>
      <VisuallyHidden>
        <Table>
          <caption>{title}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Indicateur</Table.Th>
              <Table.Th scope="col">Année</Table.Th>
              <Table.Th scope="col">Réalisé</Table.Th>
              <Table.Th scope="col">Cible</Table.Th>
              <Table.Th scope="col">Atteinte</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.flatMap((definition) =>
              years.map((year) => {
                const cell = cellOf(definition.code, year.index);
                return (
                  <Table.Tr key={`${definition.code}-${year.index}`}>
                    <Table.Th scope="row">{definition.label}</Table.Th>
                    <Table.Td>{year.label}</Table.Td>
                    <Table.Td>
                      {year.upcoming
                        ? 'année non commencée'
                        : formatIndicatorValue(cell?.value, definition.unit)}
                    </Table.Td>
                    <Table.Td>
                      {cell?.target === null || cell?.target === undefined
                        ? 'sans cible'
                        : formatIndicatorValue(cell.target, definition.unit)}
                    </Table.Td>
                    <Table.Td>
                      {percentOf(cell, year) === null ? '—' : formatPercent(cell!.achievement!)}
                    </Table.Td>
                  </Table.Tr>
                );
              }),
            )}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Card>
  );
}
