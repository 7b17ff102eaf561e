/**
 * The person's identity (only ever shown here) and pseudonymous profile. Both are saved by
 * `people.update`, each section sending the other part as the database holds it.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { PersonDetail } from '../../../../shared/contract/people';
import { formatDateTime } from '../../../../shared/format';
import { ErrorSummary } from '../../components/ErrorSummary';
import { errorMap } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';
import {
  emptyIdentity,
  IdentityFields,
  PersonFields,
  type IdentityDraft,
  type PersonDraft,
} from './PersonFields';

const savedIdentity = (detail: PersonDetail): IdentityDraft => ({
  ...emptyIdentity(),
  ...(detail.identity ?? {}),
});

export function IdentitySection({ detail }: { detail: PersonDetail }) {
  const update = useAction('people.update', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Identité enregistrée.' }),
  });
  const [identity, setIdentity] = useState<IdentityDraft>(() => savedIdentity(detail));
  const errors = errorMap(update.error);

  if (detail.anonymisedAt) {
    return (
      <Alert
        color="gray"
        variant="light"
        title={`Identité effacée le ${formatDateTime(detail.anonymisedAt)}`}
      >
        Le nom et les coordonnées de cette personne ont été effacés. Son parcours reste, sans
        identité, pour les indicateurs de la convention.
      </Alert>
    );
  }
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Visible uniquement sur cette fiche : jamais dans les listes, les exports agrégés ni les
        rapports.
      </Text>
      <ErrorSummary error={update.error} />
      <IdentityFields value={identity} onChange={setIdentity} errors={errors} prefix="identity." />
      <Group justify="flex-end">
        <Button
          variant="light"
          loading={update.isPending}
          onClick={() => update.mutate({ id: detail.id, person: detail.person, identity })}
        >
          Enregistrer l'identité
        </Button>
      </Group>
    </Stack>
  );
}

export function ProfileSection({ detail }: { detail: PersonDetail }) {
  const update = useAction('people.update', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Profil enregistré.' }),
  });
  const [person, setPerson] = useState<PersonDraft>(() => ({ ...detail.person }));
  const errors = errorMap(update.error);
  return (
    <Stack>
      <ErrorSummary error={update.error} />
      <PersonFields value={person} onChange={setPerson} errors={errors} prefix="person." />
      <Group justify="flex-end">
        <Button
          variant="light"
          loading={update.isPending}
          onClick={() =>
            update.mutate({
              id: detail.id,
              person,
              identity: detail.anonymisedAt ? emptyIdentity() : savedIdentity(detail),
            })
          }
        >
          Enregistrer le profil
        </Button>
      </Group>
    </Stack>
  );
}
