/**
 * « Sauvegardes »: the copies of the database (when, why, size, what they hold), a copy on
 * demand, the folder and the passphrase, and restore after confirmation. The same list is
 * shown by the damaged-database screen (DamagedDatabase below), which offers the newest copy.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Group,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { backupReasonLabels, type BackupCopy } from '../../../shared/contract/backups';
import { formatDateTime, formatNumber } from '../../../shared/format';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorSummary } from '../components/ErrorSummary';
import { QueryStatus } from '../components/QueryStatus';
import { plural } from '../lib/display';
import { errorMap } from '../lib/fieldErrors';
import { useAction, useCall } from '../lib/queries';

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} Ko`;
  return `${formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, { decimals: true })} Mo`;
}

function contents(copy: BackupCopy): string {
  const { conventions, persons, identities, fecImports, reports } = copy.counts;
  return [
    plural(conventions, 'convention'),
    `${plural(persons, 'personne')} (${plural(identities, 'identité')})`,
    plural(fecImports, 'import FEC', 'imports FEC'),
    plural(reports, 'rapport'),
  ].join(', ');
}

function RestoreModal({
  copy,
  onClose,
  damaged,
}: {
  copy: BackupCopy | null;
  onClose: () => void;
  damaged: boolean;
}) {
  const [passphrase, setPassphrase] = useState('');
  const restore = useAction('backups.restore', {
    onSuccess: (result) => {
      notifications.show({
        color: 'green',
        message: result.preRestoreCopy
          ? `Copie restaurée. L'état d'avant a été copié (${result.preRestoreCopy}).`
          : 'Copie restaurée.',
      });
    },
  });
  const close = () => {
    setPassphrase('');
    restore.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={copy !== null}
      title="Restaurer cette copie ?"
      confirmLabel="Restaurer"
      loading={restore.isPending}
      error={restore.error}
      onClose={close}
      onConfirm={() =>
        copy &&
        restore.mutate(
          { file: copy.file, passphrase: passphrase || undefined },
          { onSuccess: close },
        )
      }
    >
      {copy && (
        <Stack gap="xs">
          <Text size="sm">
            Les données seront remplacées par celles de la copie du{' '}
            <strong>{formatDateTime(copy.createdAt)}</strong> ({contents(copy)}).
          </Text>
          <Text size="sm">
            {damaged
              ? 'La base endommagée est mise de côté dans le dossier des données, sans être supprimée.'
              : "L'état actuel est d'abord copié (copie « Avant une restauration ») : vous pourrez revenir en arrière."}
          </Text>
          {copy.encrypted && (
            <PasswordInput
              label="Phrase de passe de la copie"
              description="Inutile sur l'ordinateur qui a fait la copie, tant que la phrase n'a pas changé."
              value={passphrase}
              onChange={(event) => setPassphrase(event.currentTarget.value)}
              error={errorMap(restore.error).passphrase}
            />
          )}
        </Stack>
      )}
    </ConfirmModal>
  );
}

function CopiesTable({
  copies,
  onRestore,
}: {
  copies: BackupCopy[];
  onRestore: (copy: BackupCopy) => void;
}) {
  if (copies.length === 0) {
    return <Text c="dimmed">Aucune copie pour l'instant dans ce dossier.</Text>;
  }
  return (
    <Table striped highlightOnHover aria-label="Copies de sauvegarde">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Raison</Table.Th>
          <Table.Th>Taille</Table.Th>
          <Table.Th>Contenu</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {copies.map((copy) => (
          <Table.Tr key={copy.file}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(copy.createdAt)}</Table.Td>
            <Table.Td>
              <Group gap={6}>
                {backupReasonLabels[copy.reason]}
                {copy.encrypted && (
                  <Badge size="xs" variant="light" color="grape">
                    Chiffrée
                  </Badge>
                )}
                {copy.scrubbedAt && (
                  <Badge
                    size="xs"
                    variant="light"
                    color="gray"
                    title={`Identités effacées retirées le ${formatDateTime(copy.scrubbedAt)}`}
                  >
                    Effacements appliqués
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatSize(copy.sizeBytes)}</Table.Td>
            <Table.Td>{contents(copy)}</Table.Td>
            <Table.Td>
              <Button
                size="xs"
                variant="default"
                onClick={() => onRestore(copy)}
                aria-label={`Restaurer la copie du ${formatDateTime(copy.createdAt)}`}
              >
                Restaurer
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function FolderCard({ folder }: { folder: string }) {
  const [value, setValue] = useState(folder);
  const setFolder = useAction('backups.setFolder', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Dossier des copies changé.' }),
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3} size="h5">
          Dossier des copies
        </Title>
        <Group align="flex-end">
          <TextInput
            label="Dossier"
            description="Un disque externe ou un dossier réseau protège aussi d'une panne de l'ordinateur. Les copies déjà faites restent dans l'ancien dossier."
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            error={errorMap(setFolder.error).folder}
            style={{ flex: 1 }}
          />
          <Button
            variant="default"
            loading={setFolder.isPending}
            disabled={value.trim() === folder}
            onClick={() => setFolder.mutate({ folder: value })}
          >
            Changer de dossier
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function EncryptionCard({ encrypted }: { encrypted: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const setPass = useAction('backups.setPassphrase', {
    onSuccess: ({ encrypted: on }) => {
      setPassphrase('');
      notifications.show({
        color: 'green',
        message: on
          ? 'Les prochaines copies seront chiffrées. Notez la phrase de passe : sans elle, une copie ne peut pas être restaurée sur un autre ordinateur.'
          : 'Les prochaines copies ne seront plus chiffrées.',
      });
    },
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={3} size="h5">
            Chiffrement
          </Title>
          <Badge variant="light" color={encrypted ? 'grape' : 'gray'}>
            {encrypted ? 'Copies chiffrées' : 'Copies non chiffrées'}
          </Badge>
        </Group>
        <Group align="flex-end">
          <PasswordInput
            label={encrypted ? 'Nouvelle phrase de passe' : 'Phrase de passe'}
            description="12 caractères au moins. Chiffrement AES-256 ; la phrase n'est pas enregistrée, seule la clé qui en dérive l'est, sur cet ordinateur."
            value={passphrase}
            onChange={(event) => setPassphrase(event.currentTarget.value)}
            error={errorMap(setPass.error).passphrase}
            style={{ flex: 1 }}
          />
          <Button
            variant="default"
            loading={setPass.isPending}
            disabled={passphrase.length === 0}
            onClick={() => setPass.mutate({ passphrase })}
          >
            Chiffrer les prochaines copies
          </Button>
          {encrypted && (
            <Button
              variant="subtle"
              color="red"
              onClick={() => setPass.mutate({ passphrase: null })}
            >
              Ne plus chiffrer
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export function BackupsPage() {
  const list = useCall('backups.list', {});
  const status = useCall('backups.status', {});
  const [restoring, setRestoring] = useState<BackupCopy | null>(null);
  const create = useAction('backups.create', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Copie faite.' }),
  });
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Sauvegardes</Title>
          <Text c="dimmed" size="sm">
            Une copie est faite au démarrage, chaque jour, et avant chaque import, purge,
            restauration ou mise à jour. Sont gardées : 7 copies quotidiennes, 4 hebdomadaires, 12
            mensuelles et les 10 dernières de chaque autre sorte.
          </Text>
        </div>
        <Button loading={create.isPending} onClick={() => create.mutate({})}>
          Faire une copie maintenant
        </Button>
      </Group>
      <ErrorSummary error={create.error} />
      <QueryStatus query={list} />
      {list.data && (
        <>
          <Text size="sm">
            Dossier : <strong>{list.data.folder}</strong>
          </Text>
          <CopiesTable copies={list.data.copies} onRestore={setRestoring} />
          <FolderCard key={list.data.folder} folder={list.data.folder} />
        </>
      )}
      {status.data && <EncryptionCard encrypted={status.data.encrypted} />}
      <RestoreModal copy={restoring} damaged={false} onClose={() => setRestoring(null)} />
    </Stack>
  );
}

/** Shown instead of the app when the integrity check failed at start. */
export function DamagedDatabase({ message }: { message: string | null }) {
  const list = useCall('backups.list', {});
  const [restoring, setRestoring] = useState<BackupCopy | null>(null);
  const newest = list.data?.copies[0] ?? null;
  return (
    <Center mih="100vh" p="lg">
      <Stack maw={1100} w="100%">
        <Title order={1} size="h2">
          Pilote CPO — base de données endommagée
        </Title>
        <Alert color="red" title="La base n'a pas été ouverte">
          {message} Pour ne rien aggraver, l'application ne l'a pas modifiée. Restaurez une copie de
          sauvegarde : la base endommagée sera gardée de côté.
        </Alert>
        <QueryStatus query={list} />
        {newest && (
          <Group>
            <Button onClick={() => setRestoring(newest)}>
              Restaurer la dernière copie ({formatDateTime(newest.createdAt)})
            </Button>
          </Group>
        )}
        {list.data && (
          <>
            <Text size="sm">
              {plural(list.data.copies.length, 'copie')} dans {list.data.folder}
            </Text>
            <CopiesTable copies={list.data.copies} onRestore={setRestoring} />
          </>
        )}
        <RestoreModal copy={restoring} damaged onClose={() => setRestoring(null)} />
      </Stack>
    </Center>
  );
}

/** Checks the database state before anything else asks the backend for data. */
export function DamageGate({ children }: { children: ReactNode }) {
  const status = useCall('backups.status', {});
  if (status.isPending) return null;
  if (status.data?.damaged) return <DamagedDatabase message={status.data.message} />;
  return <>{children}</>;
}
