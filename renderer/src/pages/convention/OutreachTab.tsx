/**
 * « Repérage » (volet 1): the outreach log. Most contacts stay anonymous — a date, a
 * channel, a place and a count; when one becomes a follow-up, « Créer un dossier » opens
 * a person file from it.
 */
import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { OutreachRow } from '../../../../shared/contract/people';
import { useToday } from '../../lib/today';
import { labelOf, outreachChannels } from '../../../../shared/domain/peopleLists';
import { formatDate, formatNumber } from '../../../../shared/format';
import { QuantityInput } from '../../components/AmountInput';
import { DeleteConfirmModal, useDeleteConfirm } from '../../components/DeleteConfirm';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FormModal } from '../../components/FormModal';
import { IsoDateInput } from '../../components/IsoDateInput';
import { VirtualTable } from '../../components/VirtualTable';
import { plural } from '../../lib/display';
import { errorMap } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { useCan, useSeesIdentity } from '../../lib/role';
import { fileNumberHelp, options } from '../person/PersonFields';
import { voletOptions } from '../person/ActionsSection';
import { ImportModal } from './ImportModal';
import { PlaceBadges } from './PeopleTab';

const emptyContact = (today: string) => ({
  date: today as string | null,
  channel: null as string | null,
  commune: '',
  inseeCode: '',
  qpv: false,
  zrr: false,
  count: 1 as number | null,
  volet: '1',
  staff: '',
});

export function OutreachTab({ convention }: { convention: ConventionDetail }) {
  const list = useCall('outreach.list', { conventionId: convention.id });
  const remove = useAction('outreach.delete');
  const deletion = useDeleteConfirm<OutreachRow>(remove);
  const [linking, setLinking] = useState<OutreachRow | null>(null);
  const [importing, setImporting] = useState(false);
  // The team mode: Finances and Lecture seule read the journal (no person file link, no change).
  const canAdd = useCan('outreach.add');
  const canDelete = useCan('outreach.delete');
  const canImport = useCan('outreach.importCommit');
  const canLink = useCan('outreach.toPerson');
  const seesIdentity = useSeesIdentity();
  if (!list.data) return null;
  const total = list.data.reduce((sum, row) => sum + row.count, 0);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Chaque contact établi en repérage (maraude, permanence, orientation d'un partenaire…),
        anonyme le plus souvent. Ils font l'indicateur « contacts établis en repérage ».
      </Text>
      {canAdd && <NewContactForm convention={convention} />}
      <Group justify="space-between">
        <Title order={3} size="h4">
          Journal de repérage
        </Title>
        <Group>
          <Text size="sm" c="dimmed">
            {plural(list.data.length, 'ligne')}, {plural(total, 'contact')}
          </Text>
          {canImport && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Importer un journal
            </Button>
          )}
        </Group>
      </Group>
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        conventionId={convention.id}
        kind="outreach"
      />
      <VirtualTable
        rows={list.data}
        rowKey={(row) => row.id}
        label="Journal de repérage"
        height="min(60vh, 640px)"
        empty="Aucun contact enregistré pour l'instant."
        columns={[
          { key: 'date', header: 'Date', width: 110, render: (row) => formatDate(row.date) },
          {
            key: 'channel',
            header: 'Canal',
            width: 190,
            render: (row) => labelOf(outreachChannels, row.channel),
          },
          {
            key: 'place',
            header: 'Lieu',
            render: (row) => (
              <>
                {row.commune || '—'}
                {row.inseeCode && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({row.inseeCode})
                  </Text>
                )}
              </>
            ),
          },
          {
            key: 'zone',
            header: 'QPV / ZRR',
            width: 100,
            render: (row) => (
              <Group gap={4}>
                <PlaceBadges qpv={row.qpv} zrr={row.zrr} />
              </Group>
            ),
          },
          {
            key: 'count',
            header: 'Nombre',
            width: 90,
            align: 'right',
            render: (row) => formatNumber(row.count),
          },
          { key: 'volet', header: 'Volet', width: 70, align: 'right', render: (row) => row.volet },
          { key: 'staff', header: 'Intervenant', width: 150, render: (row) => row.staff || '—' },
          {
            key: 'person',
            header: 'Dossier lié',
            width: 150,
            render: (row) =>
              row.personId && !seesIdentity ? (
                row.personFileNumber
              ) : row.personId ? (
                <Anchor
                  component={Link}
                  href={`/conventions/${convention.id}/personnes/${row.personId}`}
                  size="sm"
                >
                  {row.personFileNumber}
                </Anchor>
              ) : !canLink ? (
                '—'
              ) : (
                <Button
                  size="compact-xs"
                  variant="light"
                  onClick={() => setLinking(row)}
                  aria-label={`Créer un dossier à partir du contact du ${formatDate(row.date)}`}
                >
                  Créer un dossier
                </Button>
              ),
          },
          {
            key: 'actions',
            header: <VisuallyHidden>Actions</VisuallyHidden>,
            width: 50,
            render: (row) =>
              canDelete && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Supprimer le contact du ${formatDate(row.date)}`}
                  onClick={() => deletion.ask(row)}
                >
                  ✕
                </ActionIcon>
              ),
          },
        ]}
      />

      {linking && (
        <ToPersonModal
          contact={linking}
          conventionId={convention.id}
          onClose={() => setLinking(null)}
        />
      )}
      <DeleteConfirmModal deletion={deletion} title="Supprimer ce contact ?">
        {(contact) => (
          <>
            {`${labelOf(outreachChannels, contact.channel)} du ${formatDate(contact.date)} (${plural(contact.count, 'contact')}) sera retiré du journal.`}
            {contact.personFileNumber &&
              ` Le dossier ${contact.personFileNumber} créé à partir de ce contact est conservé.`}
          </>
        )}
      </DeleteConfirmModal>
    </Stack>
  );
}

function NewContactForm({ convention }: { convention: ConventionDetail }) {
  const add = useAction('outreach.add');
  const today = useToday();
  const [draft, setDraft] = useState(() => emptyContact(today));
  const errors = errorMap(add.error);
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  return (
    <Card withBorder component="section" aria-label="Nouveau contact">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Nouveau contact
        </Title>
        <ErrorSummary error={add.error} />
        <Group align="flex-start">
          <IsoDateInput
            label="Date"
            required
            w={150}
            value={draft.date}
            onChange={(value) => set('date', value)}
            error={errors.date}
          />
          <Select
            label="Canal"
            required
            w={210}
            data={options(outreachChannels)}
            value={draft.channel}
            onChange={(value) => set('channel', value)}
            error={errors.channel}
          />
          <TextInput
            label="Lieu ou commune"
            w={200}
            value={draft.commune}
            onChange={(e) => set('commune', e.currentTarget.value)}
            error={errors.commune}
          />
          <TextInput
            label="Code INSEE"
            w={110}
            maxLength={5}
            value={draft.inseeCode}
            onChange={(e) => set('inseeCode', e.currentTarget.value)}
            error={errors.inseeCode}
          />
          <Stack gap={6} mt={22}>
            <Checkbox
              label="Quartier prioritaire (QPV)"
              checked={draft.qpv}
              onChange={(e) => set('qpv', e.currentTarget.checked)}
            />
            <Checkbox
              label="Zone de revitalisation rurale (ZRR)"
              checked={draft.zrr}
              onChange={(e) => set('zrr', e.currentTarget.checked)}
            />
          </Stack>
        </Group>
        <Group align="flex-start">
          <QuantityInput
            label="Nombre de contacts"
            required
            w={200}
            min={1}
            max={10_000}
            value={draft.count}
            onChange={(value) => set('count', value)}
            error={errors.count}
          />
          <Select
            label="Volet"
            w={260}
            data={voletOptions(convention)}
            value={draft.volet}
            onChange={(value) => value && set('volet', value)}
            allowDeselect={false}
            error={errors.volet}
          />
          <TextInput
            label="Intervenant"
            w={170}
            value={draft.staff}
            onChange={(e) => set('staff', e.currentTarget.value)}
            error={errors.staff}
          />
          <Button
            mt={25}
            loading={add.isPending}
            onClick={() =>
              add.mutate(
                {
                  conventionId: convention.id,
                  date: draft.date ?? '',
                  channel: (draft.channel ?? '') as 'street',
                  commune: draft.commune,
                  inseeCode: draft.inseeCode,
                  qpv: draft.qpv,
                  zrr: draft.zrr,
                  count: draft.count ?? Number.NaN,
                  volet: Number(draft.volet),
                  staff: draft.staff,
                },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: 'Contact enregistré.' });
                    // The next contact is often the same outing: keep date, place and staff.
                    setDraft((current) => ({ ...current, count: 1 }));
                  },
                },
              )
            }
          >
            Ajouter le contact
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ToPersonModal({
  contact,
  conventionId,
  onClose,
}: {
  contact: OutreachRow;
  conventionId: number;
  onClose: () => void;
}) {
  const toPerson = useAction('outreach.toPerson');
  const [, navigate] = useLocation();
  const [fileNumber, setFileNumber] = useState('');
  const errors = errorMap(toPerson.error);
  return (
    <FormModal
      title="Créer un dossier à partir du contact"
      submitLabel="Créer le dossier"
      onSubmit={() =>
        toPerson.mutate(
          { contactId: contact.id, fileNumber },
          {
            onSuccess: ({ personId }) => {
              notifications.show({
                color: 'green',
                message: `Dossier ${fileNumber.trim()} créé.`,
              });
              onClose();
              navigate(`/conventions/${conventionId}/personnes/${personId}`);
            },
          },
        )
      }
      onClose={onClose}
      saving={toPerson.isPending}
      error={toPerson.error}
      size="md"
    >
      <Text size="sm">
        Contact du {formatDate(contact.date)} ({labelOf(outreachChannels, contact.channel)}
        {contact.commune ? `, ${contact.commune}` : ''}) : le dossier reprend sa date, son canal,
        son lieu et l'intervenant comme référent.
      </Text>
      <TextInput
        label="N° de dossier"
        description={fileNumberHelp}
        required
        value={fileNumber}
        onChange={(e) => setFileNumber(e.currentTarget.value)}
        error={errors.fileNumber ?? errors['person.fileNumber']}
        data-autofocus
      />
    </FormModal>
  );
}
