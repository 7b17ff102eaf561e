/**
 * The person's rights (RGPD): a copy of everything held on them (access), and the erasure
 * of their identity on request. Both are written to the convention's register.
 */
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { PersonDetail } from '../../../../shared/contract/people';
import { ErrorSummary } from '../../components/ErrorSummary';
import { downloadFile } from '../../lib/download';
import { errorMap, errorMessage } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';
import { useCan } from '../../lib/role';

export function PersonPrivacySection({ detail }: { detail: PersonDetail }) {
  const exportPerson = useAction('privacy.exportPerson');
  const [erasing, setErasing] = useState(false);
  // The team mode: an erasure is the data controller's (direction) decision.
  const canErase = useCan('privacy.erasePerson');
  const fileNumber = detail.person.fileNumber;
  return (
    <Stack>
      <Text size="sm">
        À la demande de la personne : lui remettre une copie de toutes les données détenues sur
        elle, ou effacer son identité. Chaque demande est inscrite au registre (onglet « Données
        personnelles » de la convention).
      </Text>
      <Group>
        <Button
          variant="default"
          loading={exportPerson.isPending}
          onClick={() =>
            exportPerson.mutate(
              { personId: detail.id },
              {
                onSuccess: ({ fileName, content }) => {
                  downloadFile(fileName, content, 'application/json');
                  notifications.show({
                    color: 'green',
                    message: `Données du dossier ${fileNumber} exportées (${fileName}).`,
                  });
                },
                onError: (error) =>
                  notifications.show({ color: 'red', message: errorMessage(error) }),
              },
            )
          }
        >
          Exporter les données de la personne
        </Button>
        <Button
          display={canErase ? undefined : 'none'}
          variant="default"
          color="red"
          disabled={detail.anonymisedAt !== null}
          onClick={() => setErasing(true)}
        >
          Effacer l'identité (demande de la personne)
        </Button>
      </Group>
      {detail.anonymisedAt !== null && (
        <Text size="sm" c="dimmed">
          L'identité de cette personne a déjà été effacée.
        </Text>
      )}
      <Modal
        opened={erasing}
        onClose={() => setErasing(false)}
        title={`Effacer l'identité du dossier ${fileNumber} ?`}
      >
        {erasing && <EraseForm detail={detail} onClose={() => setErasing(false)} />}
      </Modal>
    </Stack>
  );
}

function EraseForm({ detail, onClose }: { detail: PersonDetail; onClose: () => void }) {
  const erase = useAction('privacy.erasePerson');
  const [reason, setReason] = useState('');
  return (
    <Stack>
      <ErrorSummary error={erase.error} />
      <Text size="sm">
        Le nom, le prénom, le téléphone et l'adresse e-mail seront effacés définitivement. Le
        parcours reste, sans identité, pour les indicateurs de la convention.
      </Text>
      <Textarea
        label="Motif de la demande"
        description="Par exemple : demande écrite de la personne reçue le …"
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={errorMap(erase.error).reason}
        data-autofocus
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Annuler
        </Button>
        <Button
          color="red.9"
          loading={erase.isPending}
          onClick={() =>
            erase.mutate(
              { personId: detail.id, reason },
              {
                onSuccess: () => {
                  notifications.show({
                    color: 'green',
                    message: `Identité du dossier ${detail.person.fileNumber} effacée.`,
                  });
                  onClose();
                },
              },
            )
          }
        >
          Effacer l'identité
        </Button>
      </Group>
    </Stack>
  );
}
