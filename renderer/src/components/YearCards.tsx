/** The dashboard: one card per convention year — targets set, State contribution, next report. */
import { Alert, Badge, Card, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatDate, formatDaysUntil, formatEuros } from '../../../shared/format';
import { useCall } from '../lib/queries';

const statusLabel = { upcoming: 'À venir', current: 'En cours', closed: 'Clôturée' } as const;
const statusColor = { upcoming: 'gray', current: 'indigo', closed: 'teal' } as const;

export function YearCards({ conventionId, today }: { conventionId: number; today: string }) {
  const dashboard = useCall('dashboard.get', { conventionId, today });
  if (!dashboard.data) return null;
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
              <Stack gap={6} mt="sm">
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
    </Stack>
  );
}
