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
import { useEditModal } from '../../components/useEditModal';
import { IsoDateInput } from '../../components/IsoDateInput';
import { errorMap } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { useCan } from '../../lib/role';
import { options } from '../person/PersonFields';
import { ImportModal } from './ImportModal';

type Partner = { id: number; version: number; name: string; type: string; commune: string };
type Event = {
  id: number;
  version: number;
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
  const removePartner = useAction('partners.delete');
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);
  const eventForm = useEditModal<Event>();
  const [importing, setImporting] = useState(false);
  // The team mode: roles without the coordination calls read the lists only.
  const canPartners = useCan('partners.save');
  const canEvents = useCan('coordination.add');
  const deletion = useDeleteConfirm<Event>(remove);
  // Refused by the backend while an action still names the partner: the modal shows why.
  const partnerDeletion = useDeleteConfirm<Partner>(removePartner);
  if (!partners.data || !events.data) return null;
  const partnerName = new Map(partners.data.map((p) => [p.id, p.name]));

  return (
    <Stack gap="xl">
      <Stack>
        <Group justify="space-between">
          <Title order={3} size="h4">
            Partenaires
          </Title>
          {canPartners && (
            <Button variant="default" onClick={() => setEditing('new')}>
              Ajouter un partenaire
            </Button>
          )}
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
                <Table.Th w={190}>
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
                    <Group gap={4} wrap="nowrap" display={canPartners ? undefined : 'none'}>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`Modifier le partenaire ${partner.name}`}
                        onClick={() => setEditing(partner)}
                      >
                        Modifier
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Supprimer le partenaire ${partner.name}`}
                        onClick={() => partnerDeletion.ask(partner)}
                      >
                        Supprimer
                      </Button>
                    </Group>
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
          <Group display={canEvents ? undefined : 'none'}>
            <Button variant="default" onClick={() => setImporting(true)}>
              Importer des actions
            </Button>
            <Button onClick={eventForm.openNew}>Enregistrer une action de coordination</Button>
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
                <Table.Th w={130}>
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
                    <Group gap={4} wrap="nowrap" display={canEvents ? undefined : 'none'}>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        aria-label={`Modifier « ${event.title} » du ${formatDate(event.date)}`}
                        onClick={() => eventForm.edit(event)}
                      >
                        Modifier
                      </Button>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Supprimer « ${event.title} » du ${formatDate(event.date)}`}
                        onClick={() => deletion.ask(event)}
                      >
                        ✕
                      </ActionIcon>
                    </Group>
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
      {eventForm.opened && (
        <EventForm
          conventionId={conventionId}
          partners={partners.data}
          event={eventForm.initial}
          onClose={eventForm.close}
        />
      )}
      <DeleteConfirmModal
        deletion={partnerDeletion}
        title="Supprimer ce partenaire ?"
        onDeleted={(partner) =>
          notifications.show({
            color: 'green',
            message: `Partenaire « ${partner.name} » supprimé.`,
          })
        }
      >
        {(partner) => (
          <>
            « {partner.name} » sera retiré de la liste des partenaires. Un partenaire cité dans une
            action de coordination ne peut pas être supprimé : retirez-le d'abord de ces actions.
          </>
        )}
      </DeleteConfirmModal>
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
  // The version the form was loaded from: a save over someone else's newer one is refused.
  const [version, setVersion] = useState(partner?.version);
  const errors = errorMap(save.error);
  const submit = () =>
    save.mutate(
      {
        conventionId,
        partner: {
          ...(partner ? { id: partner.id, version } : {}),
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
      typed={{ name, type, commune }}
      onReload={(current, currentVersion) => {
        setName(String(current.name ?? ''));
        setType((current.type as string | undefined) ?? null);
        setCommune(String(current.commune ?? ''));
        setVersion(currentVersion);
        save.reset();
      }}
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
  event,
  onClose,
}: {
  conventionId: number;
  partners: Partner[];
  /** The action edited; null for a new one. */
  event: Event | null;
  onClose: () => void;
}) {
  const add = useAction('coordination.add');
  const update = useAction('coordination.update');
  const save = event ? update : add;
  const today = useToday();
  const [date, setDate] = useState<string | null>(event?.date ?? today);
  const [kind, setKind] = useState<string | null>(event?.kind ?? null);
  const [title, setTitle] = useState(event?.title ?? '');
  const [decisions, setDecisions] = useState(event?.decisions ?? '');
  const [partnerIds, setPartnerIds] = useState<string[]>(event?.partnerIds.map(String) ?? []);
  // The version the form was loaded from: a save over someone else's newer one is refused.
  const [version, setVersion] = useState(event?.version ?? 1);
  const errors = errorMap(save.error);
  const onSuccess = () => {
    notifications.show({
      color: 'green',
      message: 'Action de coordination enregistrée.',
    });
    onClose();
  };
  const typed = () => ({
    conventionId,
    date,
    kind,
    title,
    decisions,
    partnerIds: partnerIds.map(Number),
  });
  const reload = (current: Record<string, unknown>, currentVersion: number) => {
    const values = current as ReturnType<typeof typed> & { kind: string };
    setDate(values.date);
    setKind(values.kind);
    setTitle(values.title);
    setDecisions(values.decisions);
    setPartnerIds(values.partnerIds.map(String));
    setVersion(currentVersion);
    update.reset();
  };
  const submit = () => {
    const input = {
      conventionId,
      date: date ?? '',
      kind: (kind ?? '') as 'coordination',
      title,
      decisions,
      partnerIds: partnerIds.map(Number),
    };
    if (event) update.mutate({ ...input, id: event.id, version }, { onSuccess });
    else add.mutate(input, { onSuccess });
  };
  return (
    <FormModal
      title={event ? "Modifier l'action de coordination" : 'Nouvelle action de coordination'}
      submitLabel="Enregistrer"
      onSubmit={submit}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
      typed={event ? typed() : undefined}
      onReload={reload}
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
