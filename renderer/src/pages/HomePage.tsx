import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ConventionSummary } from '../../../shared/contract/conventions';
import { conventionStatus, phaseLabels } from '../../../shared/domain/conventionStatus';
import { formatDate } from '../../../shared/format';
import { transport } from '../lib/api';
import { plural } from '../lib/display';
import { errorMessage } from '../lib/fieldErrors';
import { useAction, useCall } from '../lib/queries';
import { useCan } from '../lib/role';
import { useToday } from '../lib/today';
import { ImportConventionModal } from './home/ImportConventionModal';

export function HomePage() {
  const list = useCall('conventions.list', {});
  const removeDemo = useAction('demo.remove');
  const restoreDemo = useAction('demo.restore');
  const [confirming, setConfirming] = useState(false);
  // The team mode: the demo, the copies and whole conventions are the direction's.
  const canDemo = useCan('demo.restore');
  const canBackups = useCan('backups.list');
  const canImport = useCan('conventions.importFile');
  const canCreate = useCan('conventions.create');
  const [importing, setImporting] = useState(false);
  const [, navigate] = useLocation();
  const hasDemo = list.data?.some((convention) => convention.isDemo) ?? false;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Conventions</Title>
          <Text c="dimmed" size="sm">
            Les conventions pluriannuelles d'objectifs (CPO) suivies sur cet ordinateur.
          </Text>
        </div>
        <Group>
          {!canDemo ? null : hasDemo ? (
            <Button variant="default" color="red" onClick={() => setConfirming(true)}>
              Retirer la démonstration
            </Button>
          ) : (
            <Button
              variant="subtle"
              loading={restoreDemo.isPending}
              onClick={() =>
                restoreDemo.mutate({}, { onSuccess: ({ id }) => navigate(`/conventions/${id}`) })
              }
            >
              Charger la convention de démonstration
            </Button>
          )}
          {canBackups && (
            <Button variant="default" component={Link} href="/sauvegardes">
              Sauvegardes
            </Button>
          )}
          {/* In Electron the « Aide » menu leads there; a browser has no menu of ours. */}
          {transport() === 'web' && (
            <Button variant="default" component={Link} href="/a-propos">
              À propos
            </Button>
          )}
          {canImport && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Importer une convention
            </Button>
          )}
          {canCreate && (
            <Button component={Link} href="/conventions/nouvelle">
              Nouvelle convention
            </Button>
          )}
        </Group>
      </Group>
      <ImportConventionModal opened={importing} onClose={() => setImporting(false)} />

      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}

      {list.data && list.data.length === 0 && (
        <Card withBorder padding="xl">
          <Stack align="flex-start">
            <Title order={3}>Aucune convention pour l'instant</Title>
            <Text>
              Saisissez votre convention O2R (référence, dates, volets, territoires, contribution de
              l'État) pour commencer à suivre vos objectifs.
            </Text>
            <Button component={Link} href="/conventions/nouvelle">
              Saisir ma convention
            </Button>
          </Stack>
        </Card>
      )}

      {list.data && list.data.length > 0 && (
        <Table
          striped
          highlightOnHover
          withTableBorder
          verticalSpacing="sm"
          aria-label="Liste des conventions"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Référence</Table.Th>
              <Table.Th>Opérateur</Table.Th>
              <Table.Th>DREETS</Table.Th>
              <Table.Th>Période</Table.Th>
              <Table.Th>Statut</Table.Th>
              <Table.Th>Prochaine échéance</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((convention) => (
              <ConventionRow key={convention.id} convention={convention} />
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Retirer la démonstration ?"
        centered
      >
        <Stack>
          <Text size="sm">
            La convention fictive « Horizons Emploi 35 » et toutes ses données seront supprimées.
            Vos propres conventions ne sont pas touchées. Vous pourrez la recharger depuis cette
            page.
          </Text>
          {removeDemo.isError && <Alert color="red">{errorMessage(removeDemo.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Annuler
            </Button>
            <Button
              color="red"
              loading={removeDemo.isPending}
              onClick={() =>
                removeDemo.mutate(
                  {},
                  {
                    onSuccess: () => {
                      setConfirming(false);
                      notifications.show({
                        message: 'La démonstration a été retirée.',
                        color: 'green',
                      });
                    },
                  },
                )
              }
            >
              Retirer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

const phaseColors = { upcoming: 'blue', running: 'green', ended: 'gray' } as const;

/**
 * One convention: its reference opens it (one click), its status today (not started,
 * running and in which year, ended) and the next report due, from its years.
 */
function ConventionRow({ convention }: { convention: ConventionSummary }) {
  const today = useToday();
  const detail = useCall('conventions.get', { id: convention.id });
  const status = detail.data ? conventionStatus(detail.data, today) : null;
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="xs">
          <Anchor component={Link} href={`/conventions/${convention.id}`} fw={600}>
            {convention.reference}
          </Anchor>
          {convention.isDemo && (
            <Badge color="orange" variant="light">
              Démonstration
            </Badge>
          )}
        </Group>
        {convention.title && (
          <Text size="xs" c="dimmed">
            {convention.title}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{convention.operatorName}</Table.Td>
      <Table.Td>{convention.dreetsRegion}</Table.Td>
      <Table.Td>
        du {formatDate(convention.startDate)} au {formatDate(convention.endDate)}
        <Text size="xs" c="dimmed">
          {plural(convention.yearCount, 'année', 'années')}
        </Text>
      </Table.Td>
      <Table.Td>
        {status && (
          <>
            <Badge color={phaseColors[status.phase]} variant="light">
              {phaseLabels[status.phase]}
            </Badge>
            {status.currentYear && (
              <Text size="xs">
                Année {status.currentYear.index} ({status.currentYear.label})
              </Text>
            )}
          </>
        )}
      </Table.Td>
      <Table.Td>
        {status?.nextReport ? (
          <>
            <Text size="sm">{formatDate(status.nextReport.due)}</Text>
            <Text size="xs" c="dimmed">
              Compte rendu de l'année {status.nextReport.yearIndex} ({status.nextReport.label})
            </Text>
          </>
        ) : (
          status && '—'
        )}
      </Table.Td>
    </Table.Tr>
  );
}
