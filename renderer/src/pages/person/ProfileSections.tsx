/**
 * The person's identity (only ever shown here) and pseudonymous profile. Both are saved by
 * `people.update`, each section sending the other part as the database holds it.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PersonDetail } from '../../../../shared/contract/people';
import { formatDateTime } from '../../../../shared/format';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useVersionedDraft } from '../../components/useVersionedDraft';
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
  const {
    draft: identity,
    setDraft: setIdentity,
    version,
    saved,
    reload,
  } = useVersionedDraft<IdentityDraft>(savedIdentity(detail), detail.version);
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
      <ErrorSummary
        error={update.error}
        typed={{ identity }}
        onReload={(current, currentVersion) => {
          reload({ ...emptyIdentity(), ...(current.identity as IdentityDraft) }, currentVersion);
          update.reset();
        }}
      />
      <IdentityFields value={identity} onChange={setIdentity} errors={errors} prefix="identity." />
      <Group justify="flex-end">
        <Button
          variant="light"
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { id: detail.id, version, person: detail.person, identity },
              { onSuccess: (result) => saved(result.version) },
            )
          }
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
  const {
    draft: person,
    setDraft: setPerson,
    version,
    saved,
    reload,
  } = useVersionedDraft<PersonDraft>({ ...detail.person }, detail.version);
  const errors = errorMap(update.error);
  return (
    <Stack>
      <ErrorSummary
        error={update.error}
        typed={{ person }}
        onReload={(current, currentVersion) => {
          reload({ ...(current.person as PersonDraft) }, currentVersion);
          update.reset();
        }}
      />
      <PersonFields value={person} onChange={setPerson} errors={errors} prefix="person." />
      <Group justify="flex-end">
        <Button
          variant="light"
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              {
                id: detail.id,
                version,
                person,
                identity: detail.anonymisedAt ? emptyIdentity() : savedIdentity(detail),
              },
              { onSuccess: (result) => saved(result.version) },
            )
          }
        >
          Enregistrer le profil
        </Button>
      </Group>
    </Stack>
  );
}
