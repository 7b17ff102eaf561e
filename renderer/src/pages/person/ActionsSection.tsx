/** Actions with the person: interviews, workshops, immersions… with their length and volet. */
import {
  ActionIcon,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { PersonDetail } from '../../../../shared/contract/people';
import { useToday } from '../../lib/today';
import { actionTypes, labelOf } from '../../../../shared/domain/peopleLists';
import { formatDate } from '../../../../shared/format';
import { QuantityInput } from '../../components/AmountInput';
import { DeleteConfirmModal, useDeleteConfirm } from '../../components/DeleteConfirm';
import { ErrorSummary } from '../../components/ErrorSummary';
import { IsoDateInput } from '../../components/IsoDateInput';
import { formatDuration } from '../../lib/display';
import { errorMap } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';
import { options } from './PersonFields';

type Action = PersonDetail['actions'][number];

export const voletOptions = (convention: ConventionDetail) =>
  convention.volets.map((volet) => ({
    value: String(volet.number),
    label: `${volet.number} — ${volet.label}`,
  }));

/** The volet the person's current step belongs to: what a new action most likely is. */
function likelyVolet(detail: PersonDetail): number {
  const { accompanimentStart, remobilisationStart, exitDate } = detail.pathway;
  if (accompanimentStart || exitDate) return 3;
  if (remobilisationStart) return 2;
  return 1;
}

export function ActionsSection({
  detail,
  convention,
}: {
  detail: PersonDetail;
  convention: ConventionDetail;
}) {
  const add = useAction('actions.add');
  const remove = useAction('actions.delete');
  const [type, setType] = useState<string | null>(null);
  const today = useToday();
  const [date, setDate] = useState<string | null>(today);
  const [minutes, setMinutes] = useState<number | null>(60);
  const [volet, setVolet] = useState<string>(String(likelyVolet(detail)));
  const [staff, setStaff] = useState(detail.pathway.referent);
  const deletion = useDeleteConfirm<Action>(remove);
  const errors = errorMap(add.error);
  const voletLabel = (number: number) =>
    convention.volets.find((v) => v.number === number)?.label ?? '';

  return (
    <Stack>
      {detail.actions.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucune action enregistrée.
        </Text>
      ) : (
        <Table striped withTableBorder aria-label="Actions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>Date</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th w={90} style={{ textAlign: 'right' }}>
                Durée
              </Table.Th>
              <Table.Th>Volet</Table.Th>
              <Table.Th>Intervenant</Table.Th>
              <Table.Th w={50}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.actions.map((action) => (
              <Table.Tr key={action.id}>
                <Table.Td>{formatDate(action.date)}</Table.Td>
                <Table.Td>{labelOf(actionTypes, action.type)}</Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  {formatDuration(action.minutes)}
                </Table.Td>
                <Table.Td>
                  {action.volet} — {voletLabel(action.volet)}
                </Table.Td>
                <Table.Td>{action.staff || '—'}</Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Supprimer l'action du ${formatDate(action.date)}`}
                    onClick={() => deletion.ask(action)}
                  >
                    ✕
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <ErrorSummary error={add.error} />
      <Group align="flex-start" wrap="wrap">
        <Select
          label="Type d'action"
          w={230}
          data={options(actionTypes)}
          value={type}
          onChange={setType}
          error={errors.type}
        />
        <IsoDateInput
          label="Date de l'action"
          w={150}
          value={date}
          onChange={setDate}
          error={errors.date}
        />
        <QuantityInput
          label="Durée (minutes)"
          fieldLabel="Durée"
          description={minutes ? `soit ${formatDuration(minutes)}` : ' '}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          w={130}
          value={minutes}
          onChange={setMinutes}
          max={24 * 60}
          error={errors.minutes}
        />
        <Select
          label="Volet"
          w={300}
          data={voletOptions(convention)}
          value={volet}
          onChange={(value) => value && setVolet(value)}
          allowDeselect={false}
          error={errors.volet}
        />
        <TextInput
          label="Intervenant"
          w={170}
          value={staff}
          onChange={(e) => setStaff(e.currentTarget.value)}
          error={errors.staff}
        />
        <Button
          mt={25}
          variant="light"
          loading={add.isPending}
          onClick={() =>
            add.mutate(
              {
                personId: detail.id,
                type: (type ?? '') as 'interview',
                date: date ?? '',
                minutes: minutes ?? Number.NaN,
                volet: Number(volet),
                staff,
              },
              {
                onSuccess: () => {
                  setType(null);
                  notifications.show({ color: 'green', message: 'Action enregistrée.' });
                },
              },
            )
          }
        >
          Ajouter l'action
        </Button>
      </Group>

      <DeleteConfirmModal deletion={deletion} title="Supprimer cette action ?">
        {(action) => (
          <>
            « {labelOf(actionTypes, action.type)} » du {formatDate(action.date)} sera retirée du
            dossier (la suppression reste visible dans l'historique).
          </>
        )}
      </DeleteConfirmModal>
    </Stack>
  );
}
