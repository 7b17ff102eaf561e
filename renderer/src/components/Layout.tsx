import { Anchor, AppShell, Badge, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useCall } from '../lib/queries';

export function Layout({ children }: { children: ReactNode }) {
  const info = useCall('app.info', {});
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Group gap="md">
            <Anchor component={Link} href="/" underline="never" c="inherit">
              <Title order={1} size="h3">
                Pilote CPO
              </Title>
            </Anchor>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              Conventions O2R — objectifs, parcours, finances et rapports
            </Text>
          </Group>
          <Group gap="sm">
            {info.data?.mode === 'web' && (
              <Badge variant="light" color="gray" title="Application ouverte dans le navigateur">
                Mode navigateur
              </Badge>
            )}
            {info.data?.userName && (
              <Text size="sm" aria-label="Utilisateur courant">
                {info.data.userName}
              </Text>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <main>{children}</main>
      </AppShell.Main>
    </AppShell>
  );
}
