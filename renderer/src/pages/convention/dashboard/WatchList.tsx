/**
 * « À regarder »: every warning the other screens raise (dashboard.watchList), red first,
 * each with a link to the place where it is fixed. Following a budget link opens the budget
 * on the right part and year (requestBudgetSection, as the FEC tab's next step does).
 */
import {
  Anchor,
  Badge,
  Card,
  Group,
  ScrollArea,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { Link } from 'wouter';
import type { WatchItem, WatchLink } from '../../../../../shared/contract/dashboard';
import { QueryStatus } from '../../../components/QueryStatus';
import { useCall } from '../../../lib/queries';
import { requestBudgetSection } from '../budget/requestedSection';
import { scrollRegion } from './scrollRegion';

function hrefOf(conventionId: number, link: WatchLink): string {
  if (link.page === 'sauvegardes') return '/sauvegardes';
  return `/conventions/${conventionId}/${link.section}`;
}

function follow(link: WatchLink) {
  if (link.budgetPart && link.yearIndex !== null)
    requestBudgetSection(link.budgetPart, link.yearIndex);
}

function Row({ conventionId, item }: { conventionId: number; item: WatchItem }) {
  return (
    <Group gap={8} wrap="nowrap" align="flex-start" data-testid={`watch-${item.key}`}>
      <ThemeIcon
        size={10}
        radius="xl"
        color={item.level === 'red' ? 'red.8' : 'orange.6'}
        mt={5}
        aria-hidden
      >
        <span />
      </ThemeIcon>
      <div style={{ minWidth: 0 }}>
        <Text size="sm" lh={1.3}>
          {item.text}
        </Text>
        <Anchor
          component={Link}
          href={hrefOf(conventionId, item.link)}
          size="xs"
          fw={600}
          onClick={() => follow(item.link)}
        >
          {item.action} →
        </Anchor>
      </div>
    </Group>
  );
}

export function WatchList({
  conventionId,
  today,
  height,
}: {
  conventionId: number;
  today: string;
  height: number;
}) {
  const list = useCall('dashboard.watchList', { conventionId, today });
  return (
    <Card withBorder padding="sm" data-testid="dashboard-watchlist">
      <Group justify="space-between" mb={6}>
        <Title order={3} size="h5">
          À regarder
        </Title>
        {list.data && list.data.length > 0 && (
          <Badge
            color={list.data.some((item) => item.level === 'red') ? 'red' : 'orange'}
            variant="light"
            tt="none"
          >
            {list.data.length}
          </Badge>
        )}
      </Group>
      {!list.data && <QueryStatus query={list} />}
      {list.data &&
        (list.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            Rien à signaler : aucun écran ne lève d’alerte.
          </Text>
        ) : (
          <ScrollArea
            h={height}
            type="auto"
            offsetScrollbars
            viewportProps={scrollRegion('À regarder, les alertes rouges d’abord')}
          >
            <Stack
              gap={8}
              component="ul"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
              aria-label="À regarder"
            >
              {list.data.map((item) => (
                <li key={item.key}>
                  <Row conventionId={conventionId} item={item} />
                </li>
              ))}
            </Stack>
          </ScrollArea>
        ))}
    </Card>
  );
}
