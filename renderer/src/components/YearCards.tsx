/**
 * The dashboard: one card per convention year — the key indicators realised against their
 * target (each opens the records behind it), targets set, State contribution, next report.
 */
import {
  Alert,
  Anchor,
  Badge,
  Card,
  Divider,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { IndicatorRealised } from '../../../shared/contract/people';
import { formatDate, formatDaysUntil, formatEuros, formatPercent } from '../../../shared/format';
import { formatIndicatorValue } from '../lib/display';
import { useCall } from '../lib/queries';
import { DrilldownModal, type DrilldownTarget } from './DrilldownModal';

/** What a director looks at first: people found, people entering accompaniment, good exits. */
const keyIndicators = ['REP_PERSONS', 'ACC_ENTRIES', 'EXIT_POSITIVE_RATE'] as const;

const statusLabel = { upcoming: 'À venir', current: 'En cours', closed: 'Clôturée' } as const;
const statusColor = { upcoming: 'gray', current: 'indigo', closed: 'teal' } as const;

export function YearCards({ conventionId, today }: { conventionId: number; today: string }) {
  const dashboard = useCall('dashboard.get', { conventionId, today });
  const payments = useCall('payments.list', { conventionId, today });
  const indicators = useCall('indicators.list', { conventionId });
  const realised = useCall('indicators.realised', { conventionId, date: today });
  const [drilldown, setDrilldown] = useState<DrilldownTarget | null>(null);
  const keyFigures = useMemo(() => {
    const map = new Map<string, IndicatorRealised>();
    for (const cell of realised.data ?? []) map.set(`${cell.code}:${cell.yearIndex}`, cell);
    return map;
  }, [realised.data]);
  if (!dashboard.data) return null;
  const definitions = keyIndicators
    .map((code) => indicators.data?.definitions.find((d) => d.code === code && d.active))
    .filter((d) => d !== undefined);
  const { years, nextDeadline } = dashboard.data;
  return (
    <Stack gap="sm">
      {nextDeadline && (
        <Alert
          color={nextDeadline.daysLeft <= 60 ? 'orange' : 'blue'}
          variant="light"
          title="Prochaine échéance"
        >
          Compte rendu financier et bilan d'activité {nextDeadline.label} à remettre à la DREETS le{' '}
          <strong>{formatDate(nextDeadline.due)}</strong> ({formatDaysUntil(nextDeadline.daysLeft)}
          ).
        </Alert>
      )}
      {payments.data && payments.data.alerts.length > 0 && (
        <Alert
          color={payments.data.alerts.some((alert) => alert.level === 'late') ? 'red' : 'orange'}
          variant="light"
          title="Versements de l'État à surveiller"
          data-testid="payment-alerts"
        >
          <Stack gap={2}>
            {payments.data.alerts.map((alert) => (
              <Text size="sm" key={alert.text}>
                {alert.text}
              </Text>
            ))}
            <Anchor href={`#/conventions/${conventionId}/compensation`} size="sm">
              Voir les versements
            </Anchor>
          </Stack>
        </Alert>
      )}
      <SimpleGrid
        cols={{ base: 1, sm: Math.min(years.length, 3) }}
        aria-label="Tableau de bord par année"
      >
        {years.map((year) => {
          const ratio = year.indicatorsActive === 0 ? 0 : year.targetsSet / year.indicatorsActive;
          return (
            <Card key={year.index} withBorder padding="md" aria-label={`Année ${year.index}`}>
              <Group justify="space-between" mb="xs">
                <Text fw={700}>
                  Année {year.index} — {year.label}
                </Text>
                <Badge color={statusColor[year.status]} variant="light">
                  {statusLabel[year.status]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                du {formatDate(year.start)} au {formatDate(year.end)}
                {year.partial ? ' (exercice partiel)' : ''}
              </Text>
              {definitions.length > 0 && realised.data && (
                <Stack gap={8} mt="sm">
                  {definitions.map((definition) => {
                    const cell = keyFigures.get(`${definition.code}:${year.index}`);
                    if (!cell) return null;
                    // A year not begun has nothing realised: « — », not a stock counted ahead.
                    if (year.status === 'upcoming')
                      return (
                        <Group key={definition.code} justify="space-between" wrap="nowrap" gap="xs">
                          <Text size="sm">{definition.label}</Text>
                          <Text
                            size="sm"
                            style={{ whiteSpace: 'nowrap' }}
                            title="Année non commencée"
                          >
                            — /{' '}
                            {cell.target === null
                              ? 'sans cible'
                              : formatIndicatorValue(cell.target, definition.unit)}
                          </Text>
                        </Group>
                      );
                    const value = formatIndicatorValue(cell.value, definition.unit);
                    const target =
                      cell.target === null
                        ? 'sans cible'
                        : formatIndicatorValue(cell.target, definition.unit);
                    return (
                      <div key={definition.code}>
                        <Group justify="space-between" wrap="nowrap" gap="xs">
                          <Text size="sm">{definition.label}</Text>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            <Anchor
                              component="button"
                              type="button"
                              size="sm"
                              fw={700}
                              aria-label={`${value} : voir les enregistrements (${definition.code}, année ${year.index})`}
                              onClick={() =>
                                setDrilldown({
                                  code: definition.code,
                                  yearIndex: year.index,
                                  figure: value,
                                  yearLabel: year.label,
                                })
                              }
                            >
                              {value}
                            </Anchor>{' '}
                            / {target}
                          </Text>
                        </Group>
                        {cell.achievement !== null && (
                          <Group gap={6} wrap="nowrap">
                            <Progress
                              style={{ flex: 1 }}
                              size="sm"
                              value={Math.min(100, cell.achievement * 100)}
                              color={cell.achievement >= 1 ? 'teal' : 'indigo'}
                              aria-label={`${definition.label}, année ${year.index} : taux d'atteinte`}
                            />
                            <Text size="xs" c="dimmed" w={40} ta="right">
                              {formatPercent(cell.achievement)}
                            </Text>
                          </Group>
                        )}
                      </div>
                    );
                  })}
                </Stack>
              )}
              <Divider my="sm" />
              <Stack gap={6}>
                <Text size="sm">
                  Cibles fixées : <strong>{year.targetsSet}</strong> / {year.indicatorsActive}{' '}
                  indicateurs
                </Text>
                <Progress
                  value={ratio * 100}
                  size="sm"
                  aria-label={`Cibles fixées, année ${year.index}`}
                />
                <Text size="sm">
                  Contribution de l'État :{' '}
                  <strong>
                    {year.stateContributionCents === null
                      ? 'non saisie'
                      : formatEuros(year.stateContributionCents)}
                  </strong>
                </Text>
                <Text size="sm">
                  Compte rendu dû le {formatDate(year.reportDue)} —{' '}
                  <Text
                    span
                    c={
                      year.daysToReport < 0
                        ? 'dimmed'
                        : year.daysToReport <= 60
                          ? 'orange'
                          : undefined
                    }
                    fw={600}
                  >
                    {year.daysToReport < 0 ? 'échéance passée' : formatDaysUntil(year.daysToReport)}
                  </Text>
                </Text>
              </Stack>
            </Card>
          );
        })}
      </SimpleGrid>
      <DrilldownModal
        conventionId={conventionId}
        target={drilldown}
        onClose={() => setDrilldown(null)}
      />
    </Stack>
  );
}
