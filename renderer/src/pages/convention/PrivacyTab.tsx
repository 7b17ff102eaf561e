/**
 * « Données personnelles » (RGPD): how long identities are kept after the exit, the
 * small-cell threshold of reports, the purge — always announced before it runs — and the
 * register of access and erasure requests.
 */
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import { useToday } from '../../lib/today';
import { formatDate, formatDateTime, formatNumber } from '../../../../shared/format';
import { QuantityInput } from '../../components/AmountInput';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorSummary } from '../../components/ErrorSummary';
import { plural } from '../../lib/display';
import { errorMap } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { useCan } from '../../lib/role';

const kindLabels = {
  access: "Droit d'accès (export)",
  erasure: 'Effacement sur demande',
  purge: 'Purge (durée de conservation)',
} as const;
const kindColors = { access: 'blue', erasure: 'orange', purge: 'gray' } as const;

export function PrivacyTab({ convention }: { convention: ConventionDetail }) {
  // The team mode: the retention rules and the purge are the direction's; the référent
  // reads the rules and keeps the register.
  const canSettings = useCan('privacy.updateSettings');
  const canPurge = useCan('privacy.purgePreview');
  return (
    <Stack gap="lg">
      <SettingsForm
        key={`${convention.retentionMonths}:${convention.smallCellThreshold}`}
        convention={convention}
        readOnly={!canSettings}
      />
      {canPurge && <PurgeCard conventionId={convention.id} />}
      <Register conventionId={convention.id} />
    </Stack>
  );
}

function SettingsForm({
  convention,
  readOnly,
}: {
  convention: ConventionDetail;
  readOnly: boolean;
}) {
  const update = useAction('privacy.updateSettings', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Règles enregistrées.' }),
  });
  const [retention, setRetention] = useState<number | null>(convention.retentionMonths);
  const [threshold, setThreshold] = useState<number | null>(convention.smallCellThreshold);
  const errors = errorMap(update.error);
  return (
    <Card withBorder component="section" aria-label="Règles de conservation">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Règles de conservation et de diffusion
        </Title>
        <ErrorSummary error={update.error} />
        <Group align="flex-end">
          <QuantityInput
            label="Conservation de l'identité après la sortie (mois)"
            fieldLabel="Durée de conservation"
            description="Ensuite, le nom et les coordonnées sont effacés ; le parcours reste, anonyme. 24 mois par défaut."
            w={380}
            min={1}
            max={240}
            suffix="mois"
            value={retention}
            readOnly={readOnly}
            onChange={setRetention}
            error={errors.retentionMonths}
          />
          <QuantityInput
            label="Seuil de masquage des petits effectifs"
            fieldLabel="Seuil de masquage"
            description="Dans les rapports et exports, un effectif inférieur est masqué. 5 par défaut."
            w={380}
            min={1}
            max={50}
            value={threshold}
            readOnly={readOnly}
            onChange={setThreshold}
            error={errors.smallCellThreshold}
          />
          <Button
            variant="light"
            display={readOnly ? 'none' : undefined}
            loading={update.isPending}
            onClick={() =>
              update.mutate({
                conventionId: convention.id,
                retentionMonths: retention ?? Number.NaN,
                smallCellThreshold: threshold ?? Number.NaN,
              })
            }
          >
            Enregistrer les règles
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function PurgeCard({ conventionId }: { conventionId: number }) {
  const today = useToday();
  const preview = useCall('privacy.purgePreview', { conventionId, today });
  const purge = useAction('privacy.purge');
  const [confirming, setConfirming] = useState(false);
  if (!preview.data) return null;
  const { count, cutoff, fileNumbers } = preview.data;
  const announce =
    count === 1
      ? `1 identité sera effacée (sortie le ${formatDate(cutoff)} ou avant)`
      : `${formatNumber(count)} identités seront effacées (sorties le ${formatDate(cutoff)} ou avant)`;

  return (
    <Card withBorder component="section" aria-label="Purge des identités">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Purge des identités
        </Title>
        {count === 0 ? (
          <Text size="sm">
            Aucune identité à effacer aujourd'hui : aucune personne sortie le {formatDate(cutoff)}{' '}
            ou avant n'a encore son identité enregistrée.
          </Text>
        ) : (
          <Alert color="orange" variant="light" title={announce}>
            <Stack gap="xs">
              <Text size="sm">
                Dossiers concernés : {fileNumbers.join(', ')}
                {fileNumbers.length < count &&
                  ` … et ${formatNumber(count - fileNumbers.length)} autres`}
                .
              </Text>
              <Text size="sm">
                Leur parcours est conservé sans identité : les indicateurs ne changent pas.
              </Text>
              <Group>
                <Button color="red" variant="light" onClick={() => setConfirming(true)}>
                  Effacer ces identités
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title="Effacer les identités ?"
        confirmLabel={
          count === 1 ? "Effacer l'identité" : `Effacer les ${formatNumber(count)} identités`
        }
        onClose={() => setConfirming(false)}
        loading={purge.isPending}
        error={purge.error}
        onConfirm={() =>
          purge.mutate(
            { conventionId, today },
            {
              onSuccess: ({ purged }) => {
                setConfirming(false);
                notifications.show({
                  color: 'green',
                  message: `${plural(purged, 'identité effacée', 'identités effacées')}.`,
                });
              },
            },
          )
        }
      >
        <Text size="sm">{announce}. L'effacement est définitif et inscrit au registre.</Text>
      </ConfirmModal>
    </Card>
  );
}

function Register({ conventionId }: { conventionId: number }) {
  const register = useCall('privacy.register', { conventionId });
  if (!register.data) return null;
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Registre des demandes et des effacements
      </Title>
      {register.data.length === 0 ? (
        <Text size="sm">Aucune demande ni purge pour l'instant.</Text>
      ) : (
        <Table striped withTableBorder aria-label="Registre des demandes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={160}>Date</Table.Th>
              <Table.Th w={160}>Utilisateur</Table.Th>
              <Table.Th w={290}>Nature</Table.Th>
              <Table.Th w={120}>Dossier</Table.Th>
              <Table.Th>Détails</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {register.data.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>{formatDateTime(row.at)}</Table.Td>
                <Table.Td>{row.user}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={kindColors[row.kind]} tt="none">
                    {kindLabels[row.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td>{row.fileNumber || '—'}</Table.Td>
                <Table.Td>{row.details}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
