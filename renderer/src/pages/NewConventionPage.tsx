import { Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useLocation } from 'wouter';
import { ConventionForm, emptyConvention } from '../components/ConventionForm';
import { useAction } from '../lib/queries';

export function NewConventionPage() {
  const create = useAction('conventions.create');
  const [, navigate] = useLocation();
  return (
    <Stack maw={1100}>
      <div>
        <Title order={2}>Nouvelle convention</Title>
        <Text size="sm" c="dimmed">
          Saisissez la convention telle qu'elle a été signée ; les avenants se saisissent ensuite,
          dans l'onglet « Avenants ».
        </Text>
      </div>
      <ConventionForm
        initial={emptyConvention()}
        sections={['identity', 'scope']}
        error={create.error}
        submitting={create.isPending}
        submitLabel="Créer la convention"
        onCancel={() => navigate('/')}
        onSubmit={(values) =>
          create.mutate(values, {
            onSuccess: ({ id, warnings }) => {
              notifications.show({ color: 'green', message: 'Convention créée.' });
              for (const warning of warnings)
                notifications.show({ color: 'yellow', message: warning });
              navigate(`/conventions/${id}/objectifs`);
            },
          })
        }
      />
    </Stack>
  );
}
