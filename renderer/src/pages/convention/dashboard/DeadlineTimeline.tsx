/**
 * « Échéances »: the convention's deadlines on one timeline (dashboard.deadlines, ordered by
 * shared/domain/deadlines.ts: overdue first, then by date, done last), with the days left.
 */
import { Badge, Card, Group, ScrollArea, Text, Timeline, Title } from '@mantine/core';
import type { DeadlineItemData } from '../../../../../shared/contract/dashboard';
import { formatDate, formatDaysUntil } from '../../../../../shared/format';
import { QueryStatus } from '../../../components/QueryStatus';
import { useCall } from '../../../lib/queries';
import { scrollRegion } from './scrollRegion';

/** The scrolling list's name, as a screen reader announces it when the keyboard reaches it. */
const label = 'Échéances, les retards d’abord';

/** Soon: two months, the time it takes to gather accounts and signatures. */
const SOON_DAYS = 60;

function colorOf(item: DeadlineItemData): string {
  if (item.state === 'overdue') return 'red.8';
  if (item.state === 'done') return 'gray.5';
  return item.daysLeft <= SOON_DAYS ? 'orange.7' : 'indigo.6';
}

function when(item: DeadlineItemData): string {
  if (item.state === 'done') return item.note ?? 'passée';
  if (item.state === 'overdue')
    return formatDaysUntil(item.daysLeft).replace('dépassée', 'en retard');
  return formatDaysUntil(item.daysLeft);
}

export function DeadlineTimeline({
  conventionId,
  today,
  height,
}: {
  conventionId: number;
  today: string;
  height: number;
}) {
  const deadlines = useCall('dashboard.deadlines', { conventionId, today });
  const overdue = deadlines.data?.filter((item) => item.state === 'overdue').length ?? 0;
  return (
    <Card withBorder padding="sm" data-testid="dashboard-deadlines">
      <Group justify="space-between" mb={6}>
        <Title order={3} size="h5">
          Échéances
        </Title>
        {overdue > 0 && (
          <Badge color="red" variant="light" tt="none">
            {overdue} en retard
          </Badge>
        )}
      </Group>
      {!deadlines.data && <QueryStatus query={deadlines} />}
      {deadlines.data && (
        <ScrollArea h={height} type="auto" offsetScrollbars viewportProps={scrollRegion(label)}>
          <Timeline
            bulletSize={12}
            lineWidth={2}
            active={deadlines.data.length}
            // Closer than Mantine's default, so more deadlines show at once.
            styles={{ item: { marginTop: 12 } }}
          >
            {deadlines.data.map((item) => (
              <Timeline.Item
                key={item.key}
                color={colorOf(item)}
                title={
                  <Text
                    size="sm"
                    fw={item.state === 'done' ? 400 : 600}
                    c={item.state === 'done' ? 'dimmed' : undefined}
                    lh={1.25}
                  >
                    {item.label}
                  </Text>
                }
                data-state={item.state}
              >
                <Text size="xs" c={item.state === 'overdue' ? 'red.8' : 'dimmed'} lh={1.3}>
                  {formatDate(item.due)}
                  {item.estimate ? ' (estimation)' : ''} — {when(item)}
                  {item.state !== 'done' && item.note ? ` — ${item.note}` : ''}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </ScrollArea>
      )}
    </Card>
  );
}
