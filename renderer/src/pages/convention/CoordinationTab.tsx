/**
 * « Coordination » (volet 4): the local partners, and the coordination actions and
 * committees held with them (comité territorial pour l'emploi, COPIL…).
 */
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useToday } from '../../lib/today';
import { coordinationKinds, labelOf, partnerTypes } from '../../../../shared/domain/peopleLists';
import { formatDate } from '../../../../shared/format';
import { DeleteConfirmModal, useDeleteConfirm } from '../../components/DeleteConfirm';
import { FormModal } from '../../components/FormModal';
import { IsoDateInput } from '../../components/IsoDateInput';
import { errorMap } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { options } from '../person/PersonFields';
import { ImportModal } from './ImportModal';

type Partner = { id: number; name: string; type: string; commune: string };
type Event = {
  id: number;
  date: string;
  kind: string;
  title: string;
  decisions: string;
  partnerIds: number[];
};

export function CoordinationTab({ conventionId }: { conventionId: number }) {
  const partners = useCall('partners.list', { conventionId });
  const events = useCall('coordination.list', { conventionId });
  const remove = useAction('coordination.delete');
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const deletion = useDeleteConfirm<Event>(remove);
  if (!partners.data || !events.data) return null;
  const partnerName = new Map(partners.data.map((p) => [p.id, p.name]));

  return (
    <Stack gap="xl">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">
            Partenaires
          </Title>
          <Button variant="default" onClick={() => setEditing('new')}>
            Ajouter un partenaire
          </Button>
        </Group>
        {partners.data.length === 0 ? (
          <Text size="sm">Aucun partenaire enregistré.</Text>
        ) : (
          <Table striped withTableBorder aria-label="Partenaires">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Nom</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Commune</Table.Th>
                <Table.Th w={110}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partners.data.map((partner) => (
                <Table.Tr key={partner.id}>
                  <Table.Td>{partner.name}</Table.Td>
                  <Table.Td>{labelOf(partnerTypes, partner.type)}</Table.Td>
                  <Table.Td>{partner.commune || '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-label={`Modifier le partenaire ${partner.name}`}
                      onClick={() => setEditing(partner)}
                    >
                      Modifier
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      <Stack>
        <Group justify="space-between">
          <div>
            <Title order={3} size="h4">
              Actions de coordination et instances
            </Title>
            <Text size="sm" c="dimmed">
              Réunions avec les partenaires, comités territoriaux pour l'emploi, comités de pilotage
              : avec leurs décisions.
            </Text>
          </div>
          <Group>
            <Button variant="default" onClick={() => setImporting(true)}>
              Importer des actions
            </Button>
            <Button onClick={() => setAdding(true)}>Enregistrer une action de coordination</Button>
          </Group>
        </Group>
        <ImportModal
          opened={importing}
          onClose={() => setImporting(false)}
          conventionId={conventionId}
          kind="coordination"
        />
        {events.data.length === 0 ? (
          <Text size="sm">Aucune action de coordination enregistrée.</Text>
        ) : (
          <Table striped withTableBorder aria-label="Actions de coordination">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>Date</Table.Th>
                <Table.Th w={220}>Nature</Table.Th>
                <Table.Th>Intitulé et décisions</Table.Th>
                <Table.Th w={260}>Partenaires</Table.Th>
                <Table.Th w={50}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{formatDate(event.date)}</Table.Td>
                  <Table.Td>{labelOf(coordinationKinds, event.kind)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {event.title}
                    </Text>
                    {event.decisions && (
                      <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                        {event.decisions}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {event.partnerIds.length === 0
                      ? '—'
                      : event.partnerIds.map((id) => partnerName.get(id) ?? `n° ${id}`).join(', ')}
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Supprimer « ${event.title} » du ${formatDate(event.date)}`}
                      onClick={() => deletion.ask(event)}
                    >
                      ✕
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      {editing !== null && (
        <PartnerForm
          conventionId={conventionId}
          partner={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {adding && (
        <EventForm
          conventionId={conventionId}
          partners={partners.data}
          onClose={() => setAdding(false)}
        />
      )}
      <DeleteConfirmModal deletion={deletion} title="Supprimer cette action de coordination ?">
        {(event) => (
          <>
            « {event.title} » du {formatDate(event.date)} sera retirée du journal de coordination.
          </>
        )}
      </DeleteConfirmModal>
    </Stack>
  );
}

function PartnerForm({
  conventionId,
  partner,
  onClose,
}: {
  conventionId: number;
  partner: Partner | null;
  onClose: () => void;
}) {
  const save = useAction('partners.save');
  const [name, setName] = useState(partner?.name ?? '');
  const [type, setType] = useState<string | null>(partner?.type ?? null);
  const [commune, setCommune] = useState(partner?.commune ?? '');
  const errors = errorMap(save.error);
  const submit = () =>
    save.mutate(
      {
        conventionId,
        partner: {
          ...(partner ? { id: partner.id } : {}),
          name,
          type: (type ?? '') as 'other',
          commune,
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: 'Partenaire enregistré.' });
          onClose();
        },
      },
    );
  return (
    <FormModal
      title={partner ? 'Modifier le partenaire' : 'Nouveau partenaire'}
      submitLabel="Enregistrer"
      onSubmit={submit}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      size="md"
    >
      <TextInput
        label="Nom du partenaire"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={errors['partner.name']}
        data-autofocus
      />
      <Select
        label="Type de partenaire"
        required
        data={options(partnerTypes)}
        value={type}
        onChange={setType}
        error={errors['partner.type']}
      />
      <TextInput
        label="Commune"
        value={commune}
        onChange={(e) => setCommune(e.currentTarget.value)}
        error={errors['partner.commune']}
      />
    </FormModal>
  );
}

function EventForm({
  conventionId,
  partners,
  onClose,
}: {
  conventionId: number;
  partners: Partner[];
  onClose: () => void;
}) {
  const add = useAction('coordination.add');
  const today = useToday();
  const [date, setDate] = useState<string | null>(today);
  const [kind, setKind] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [decisions, setDecisions] = useState('');
  const [partnerIds, setPartnerIds] = useState<string[]>([]);
  const errors = errorMap(add.error);
  const submit = () =>
    add.mutate(
      {
        conventionId,
        date: date ?? '',
        kind: (kind ?? '') as 'coordination',
        title,
        decisions,
        partnerIds: partnerIds.map(Number),
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: 'Action de coordination enregistrée.',
          });
          onClose();
        },
      },
    );
  return (
    <FormModal
      title="Nouvelle action de coordination"
      submitLabel="Enregistrer"
      onSubmit={submit}
      onClose={onClose}
      saving={add.isPending}
      error={add.error}
    >
      <SimpleGrid cols={2}>
        <IsoDateInput label="Date" required value={date} onChange={setDate} error={errors.date} />
        <Select
          label="Nature"
          required
          data={options(coordinationKinds)}
          value={kind}
          onChange={setKind}
          error={errors.kind}
        />
      </SimpleGrid>
      <TextInput
        label="Intitulé"
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={errors.title}
      />
      <Textarea
        label="Décisions"
        autosize
        minRows={3}
        value={decisions}
        onChange={(e) => setDecisions(e.currentTarget.value)}
        error={errors.decisions}
      />
      <MultiSelect
        label="Partenaires présents"
        placeholder={partners.length === 0 ? 'Ajoutez d’abord les partenaires' : 'Choisir'}
        data={partners.map((p) => ({ value: String(p.id), label: p.name }))}
        value={partnerIds}
        onChange={setPartnerIds}
        searchable
        clearable
        error={errors.partnerIds}
      />
    </FormModal>
  );
}
