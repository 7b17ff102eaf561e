import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';

export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>Page introuvable</Title>
      <Text>
        Cette page n'existe pas.{' '}
        <Anchor component={Link} href="/">
          Revenir à la liste des conventions
        </Anchor>
      </Text>
    </Stack>
  );
}
