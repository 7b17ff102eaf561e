/**
 * The convention's dashboard (« Tableau de bord »): where the CPO stands and what is due, on
 * one screen without scrolling at 1366×768. A year selector (each convention year, or the
 * whole CPO) drives the indicators chart and the money cards; the deadlines and « À
 * regarder » are the convention's whole. Every figure comes from the call that computes it
 * for its own screen (indicators.realised, budget.vsActual, compensation.get,
 * payments.list, dashboard.deadlines, dashboard.watchList).
 */
import { Grid, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import { formatDate, formatEuros } from '../../../../shared/format';
import { QueryStatus } from '../../components/QueryStatus';
import { useCall } from '../../lib/queries';
import { useToday } from '../../lib/today';
import { DeadlineTimeline } from './dashboard/DeadlineTimeline';
import { IndicatorChart } from './dashboard/IndicatorChart';
import { MoneyCards } from './dashboard/MoneyCards';
import { WatchList } from './dashboard/WatchList';

const WHOLE = 'cpo';

export function DashboardTab({ convention }: { convention: ConventionDetail }) {
  const today = useToday();
  const years = convention.years;
  // Opens on the year under way (the last one once the CPO is over).
  const current =
    years.find((year) => year.start <= today && today <= year.end) ??
    (years[0] && today < years[0].start ? years[0] : years.at(-1));
  const [choice, setChoice] = useState<string>(current ? String(current.index) : WHOLE);
  const selected = years.find((year) => String(year.index) === choice) ?? null;
  const indicators = useCall('indicators.list', { conventionId: convention.id });
  const realised = useCall('indicators.realised', { conventionId: convention.id, date: today });
  // The year's targets set and State contribution in force, as dashboard.get counts them.
  const summary = useCall('dashboard.get', { conventionId: convention.id, today });
  const summaryYear = summary.data?.years.find((year) => year.index === selected?.index);

  const chartYears = (selected ? [selected] : years).map((year) => ({
    index: year.index,
    label: year.label,
    upcoming: today < year.start,
  }));

  return (
    <Stack gap="sm" data-testid="dashboard">
      <Group justify="space-between" wrap="nowrap">
        <SegmentedControl
          aria-label="Période du tableau de bord"
          value={choice}
          onChange={setChoice}
          data={[
            ...years.map((year) => ({
              value: String(year.index),
              label: `Année ${year.index} (${year.label})`,
            })),
            { value: WHOLE, label: 'Toute la CPO' },
          ]}
        />
        <Text size="xs" c="dimmed" ta="right" data-testid="dashboard-year-summary">
          {selected
            ? `Du ${formatDate(selected.start)} au ${formatDate(selected.end)}${selected.partial ? ' (exercice partiel)' : ''}`
            : `Du ${formatDate(convention.startDate)} au ${formatDate(convention.endDate)}`}
          {summaryYear && (
            <>
              <br />
              Cibles fixées : {summaryYear.targetsSet} / {summaryYear.indicatorsActive} ·
              Contribution de l’État :{' '}
              {summaryYear.stateContributionCents === null
                ? 'non saisie'
                : formatEuros(summaryYear.stateContributionCents)}
            </>
          )}
        </Text>
      </Group>
      <Grid gap="sm">
        <Grid.Col span={7}>
          <Stack gap="sm">
            {indicators.data && realised.data ? (
              <IndicatorChart
                definitions={indicators.data.definitions}
                cells={realised.data}
                years={chartYears}
                height={selected ? 252 : 226}
              />
            ) : (
              <QueryStatus query={indicators.isError ? indicators : realised} />
            )}
            <MoneyCards
              conventionId={convention.id}
              yearIndex={selected?.index ?? null}
              today={today}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={5}>
          <Stack gap="sm">
            <DeadlineTimeline conventionId={convention.id} today={today} height={204} />
            <WatchList conventionId={convention.id} today={today} height={204} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
