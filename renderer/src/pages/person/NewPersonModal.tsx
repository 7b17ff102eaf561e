/** « Nouvelle personne »: the pseudonymous profile, how they were met, and (apart) their identity. */
import {
  Button,
  Fieldset,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { useToday } from '../../lib/today';
import { outreachChannels } from '../../../../shared/domain/peopleLists';
import { ErrorSummary } from '../../components/ErrorSummary';
import { markFirstField } from '../../components/markFirstField';
import { IsoDateInput } from '../../components/IsoDateInput';
import { errorMap } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';
import {
  emptyIdentity,
  emptyPerson,
  IdentityFields,
  options,
  PersonFields,
  type IdentityDraft,
  type PersonDraft,
} from './PersonFields';

export function NewPersonModal({
  opened,
  onClose,
  conventionId,
}: {
  opened: boolean;
  onClose: () => void;
  conventionId: number;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Nouvelle personne" size="xl">
      {/* Mounted only while open: each opening starts from an empty form. */}
      {opened && <NewPersonForm onClose={onClose} conventionId={conventionId} />}
    </Modal>
  );
}

function NewPersonForm({ onClose, conventionId }: { onClose: () => void; conventionId: number }) {
  const create = useAction('people.create');
  const [, navigate] = useLocation();
  const [person, setPerson] = useState<PersonDraft>(emptyPerson);
  const [identity, setIdentity] = useState<IdentityDraft>(emptyIdentity);
  const today = useToday();
  const [identifiedOn, setIdentifiedOn] = useState<string | null>(today);
  const [channel, setChannel] = useState<string | null>(null);
  const [referent, setReferent] = useState('');
  const errors = errorMap(create.error);

  const submit = () =>
    create.mutate(
      {
        conventionId,
        person,
        identity,
        pathway: {
          identifiedOn,
          identificationChannel: channel as 'street' | null,
          referent,
        },
      },
      {
        onSuccess: ({ id }) => {
          notifications.show({
            color: 'green',
            message: `Dossier ${person.fileNumber.trim()} créé.`,
          });
          onClose();
          navigate(`/conventions/${conventionId}/personnes/${id}`);
        },
      },
    );

  return (
    // The dialog opens on the first field (the file number).
    <Stack ref={markFirstField}>
      <ErrorSummary error={create.error} />
      <PersonFields value={person} onChange={setPerson} errors={errors} prefix="person." />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <IsoDateInput
          label="Date de repérage"
          value={identifiedOn}
          onChange={setIdentifiedOn}
          error={errors['pathway.identifiedOn']}
        />
        <Select
          label="Canal de repérage"
          data={options(outreachChannels)}
          value={channel}
          onChange={setChannel}
          clearable
          error={errors['pathway.identificationChannel']}
        />
        <TextInput
          label="Référent de parcours"
          value={referent}
          onChange={(e) => setReferent(e.currentTarget.value)}
          error={errors['pathway.referent']}
        />
      </SimpleGrid>
      <Fieldset legend="Identité (visible uniquement sur la fiche)">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Facultatif. Le nom et les coordonnées sont conservés à part, n'apparaissent ni dans les
            listes ni dans les rapports, et sont effacés à l'issue de la durée de conservation.
          </Text>
          <IdentityFields
            value={identity}
            onChange={setIdentity}
            errors={errors}
            prefix="identity."
          />
        </Stack>
      </Fieldset>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Annuler
        </Button>
        <Button onClick={submit} loading={create.isPending}>
          Créer le dossier
        </Button>
      </Group>
    </Stack>
  );
}
