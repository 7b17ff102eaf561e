/**
 * « Versements de la contribution de l'État »: what is late, partly paid or not scheduled,
 * the contribution of each year against its schedule, and the payments one by one.
 */
import { Alert, Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { CallOutput } from '../../../../../shared/contract';
import {
  paymentKindLabels,
  paymentStatusLabels,
  type PaymentKind,
  type PaymentStatus,
} from '../../../../../shared/domain/payments';
import { formatDate, formatEuros } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { IsoDateInput } from '../../../components/IsoDateInput';
import { LabelSelect } from '../../../components/LabelSelect';
import { MoneyInput } from '../../../components/AmountInput';
import { QueryStatus } from '../../../components/QueryStatus';
import {
  NoteField,
  RecordFormModal,
  useRecordFields,
  useRecordSave,
} from '../../../components/RecordForm';
import { amountCell, RecordTable } from '../../../components/RecordTable';
import { RowActions } from '../../../components/RowActions';
import { ScrollRegion } from '../../../components/ScrollRegion';
import { DeleteConfirmModal } from '../../../components/DeleteConfirm';
import { useRecordSection } from '../../../components/useRecordSection';
import { YearSelect } from '../../../components/YearSelect';
import { useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

type PaymentsData = CallOutput<'payments.list'>;
type PaymentRow = PaymentsData['payments'][number];
type ConventionYear = PaymentsData['years'][number];

const right = amountCell;

const statusColors: Record<PaymentStatus, string> = {
  received: 'green',
  partial: 'orange',
  late: 'red',
  due_soon: 'yellow',
  upcoming: 'gray',
};

const alertLabels = {
  late: 'En retard',
  missing: 'Non prévu',
  excess: 'Au-delà de la contribution',
  partial: 'Reçu en partie',
} as const;

const paymentColumns = [
  { label: 'Année' },
  { label: 'Nature' },
  { label: 'Attendu le' },
  { label: 'Montant attendu', amount: true },
  { label: 'Reçu le' },
  { label: 'Montant reçu', amount: true },
  { label: 'Statut' },
  { label: 'Note' },
];

function statusText(payment: PaymentRow): string {
  const label = paymentStatusLabels[payment.status];
  if (payment.status !== 'late' || payment.daysLate <= 0) return label;
  return `${label} — ${payment.daysLate} jour${payment.daysLate > 1 ? 's' : ''}`;
}

/** « Solde année 2 », with the expected date (and a rank) when two payments would read the same. */
function paymentName(payment: PaymentRow, all: readonly PaymentRow[]): string {
  const name = `${paymentKindLabels[payment.kind]} année ${payment.yearIndex}`;
  const twins = all.filter(
    (other) => other.kind === payment.kind && other.yearIndex === payment.yearIndex,
  );
  if (twins.length === 1) return name;
  const sameDay = twins.filter((other) => other.expectedOn === payment.expectedOn);
  const dated = `${name} attendu le ${formatDate(payment.expectedOn)}`;
  if (sameDay.length === 1) return dated;
  return `${dated} (${sameDay.indexOf(payment) + 1} sur ${sameDay.length})`;
}

export function PaymentsSection({ conventionId, today }: { conventionId: number; today: string }) {
  const list = useCall('payments.list', { conventionId, today });
  const canSave = useCan('payments.save');
  const { editor, remove, deletion } = useRecordSection<PaymentRow>(
    'payments.delete',
    'Versement supprimé.',
  );

  const heading = (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={3} size="h4">
          Versements de la contribution de l'État
        </Title>
        <Text size="sm" c="dimmed" maw={860}>
          L'échéancier des avances, acomptes et soldes de la contribution O2R, et ce qui a été
          effectivement reçu. Un reversement à l'État est enregistré ici aussi.
        </Text>
      </div>
      {list.data && canSave && <Button onClick={editor.openNew}>Ajouter un versement</Button>}
    </Group>
  );

  if (list.isPending || list.isError)
    return (
      <Stack gap="sm">
        {heading}
        <QueryStatus query={list} />
      </Stack>
    );
  const data = list.data;
  const hasLate = data.alerts.some((alert) => alert.level === 'late');

  return (
    <Stack gap="sm">
      {heading}
      {data.alerts.length > 0 && (
        <Alert
          color={hasLate ? 'red' : 'orange'}
          variant="light"
          role="status"
          title="Versements à surveiller"
        >
          <List size="sm" spacing={4}>
            {data.alerts.map((alert) => (
              <List.Item key={`${alert.level}:${alert.text}`}>
                <Badge
                  color={alert.level === 'late' ? 'red' : 'orange'}
                  variant="light"
                  size="sm"
                  mr={6}
                >
                  {alertLabels[alert.level]}
                </Badge>
                {alert.text}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      <ScrollRegion label="Contribution par année (défilement)">
        <Table withTableBorder striped fz="sm" aria-label="Contribution de l'État par année">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Année</Table.Th>
              <Table.Th style={right}>Contribution en vigueur</Table.Th>
              <Table.Th style={right}>Échéancier prévu</Table.Th>
              <Table.Th style={right}>Reçu</Table.Th>
              <Table.Th style={right}>Reversé</Table.Th>
              <Table.Th style={right}>Reste à recevoir</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.years.map((year) => {
              const rest = year.grantedCents - year.receivedCents;
              return (
                <Table.Tr key={year.yearIndex}>
                  <Table.Td fw={600}>{year.label}</Table.Td>
                  <Table.Td style={right}>{formatEuros(year.grantedCents)}</Table.Td>
                  <Table.Td style={right}>{formatEuros(year.scheduledCents)}</Table.Td>
                  <Table.Td style={right}>{formatEuros(year.receivedCents)}</Table.Td>
                  <Table.Td style={right}>{formatEuros(year.repaidCents)}</Table.Td>
                  <Table.Td style={{ ...right, fontWeight: 600 }}>{formatEuros(rest)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollRegion>

      <Title order={4} size="h5">
        Échéancier des versements
      </Title>
      <ErrorSummary error={remove.error} />
      <RecordTable
        label="Versements de la contribution"
        scrollLabel="Versements (défilement)"
        columns={paymentColumns}
        count={data.payments.length}
        empty="Aucun versement enregistré : ajoutez l'échéancier prévu par la convention."
      >
        {data.payments.map((payment) => {
          const name = paymentName(payment, data.payments);
          return (
            <Table.Tr key={payment.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>Année {payment.yearIndex}</Table.Td>
              <Table.Td fw={600}>{paymentKindLabels[payment.kind]}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(payment.expectedOn)}</Table.Td>
              <Table.Td style={right}>{formatEuros(payment.expectedCents)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(payment.receivedOn)}</Table.Td>
              <Table.Td style={right}>
                {payment.receivedCents === null ? '—' : formatEuros(payment.receivedCents)}
              </Table.Td>
              <Table.Td>
                <Badge
                  color={statusColors[payment.status]}
                  variant="light"
                  style={{ whiteSpace: 'nowrap' }}
                >
                  {statusText(payment)}
                </Badge>
              </Table.Td>
              <Table.Td maw={260}>{payment.note || '—'}</Table.Td>
              <Table.Td>
                {canSave && (
                  <RowActions
                    editLabel={`Modifier le versement ${name}`}
                    deleteLabel={`Supprimer le versement ${name}`}
                    onEdit={() => editor.edit(payment)}
                    onDelete={() => deletion.ask(payment)}
                  />
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </RecordTable>
      {editor.opened && (
        <PaymentModal
          conventionId={conventionId}
          today={today}
          years={data.years}
          initial={editor.initial}
          onClose={editor.close}
        />
      )}
      <DeleteConfirmModal deletion={deletion} title="Supprimer le versement">
        {(payment) =>
          `Le versement « ${paymentKindLabels[payment.kind]} année ${payment.yearIndex} » de ${formatEuros(payment.expectedCents)} attendu le ${formatDate(payment.expectedOn)} sera supprimé de l'échéancier.`
        }
      </DeleteConfirmModal>
    </Stack>
  );
}

function PaymentModal({
  conventionId,
  today,
  years,
  initial,
  onClose,
}: {
  conventionId: number;
  today: string;
  years: readonly ConventionYear[];
  initial: PaymentRow | null;
  onClose: () => void;
}) {
  const { values, set, text, setValues, version, reload } = useRecordFields(
    {
      yearIndex: initial?.yearIndex ?? years[0]?.yearIndex ?? null,
      kind: initial?.kind ?? ('advance' as PaymentKind),
      expectedOn: initial?.expectedOn ?? null,
      expectedCents: initial?.expectedCents ?? null,
      receivedOn: initial?.receivedOn ?? null,
      receivedCents: initial?.receivedCents ?? null,
      note: initial?.note ?? '',
    },
    initial?.version,
  );
  const { save, errors } = useRecordSave(
    'payments.save',
    'Versement enregistré',
    (input) => `${paymentKindLabels[input.payment.kind]} — année ${input.payment.yearIndex}.`,
  );
  const late = initial !== null && initial.status === 'late';

  const markReceived = () =>
    setValues((previous) => ({
      ...previous,
      receivedOn: today,
      receivedCents: previous.expectedCents,
    }));

  return (
    <RecordFormModal
      title={
        initial
          ? `Modifier le versement « ${paymentKindLabels[initial.kind]} année ${initial.yearIndex} »`
          : 'Nouveau versement'
      }
      submitLabel="Enregistrer le versement"
      save={save}
      input={() => ({
        conventionId,
        payment: {
          ...(initial ? { id: initial.id, version } : {}),
          yearIndex: values.yearIndex ?? 0,
          kind: values.kind,
          // Missing values go as they are: the backend answers with the French message.
          expectedOn: values.expectedOn ?? '',
          expectedCents: values.expectedCents ?? Number.NaN,
          receivedOn: values.receivedOn,
          receivedCents: values.receivedCents,
          note: values.note,
        },
      })}
      onClose={onClose}
      typed={values}
      onReload={reload}
    >
      {initial && initial.receivedOn === null && (
        <Alert
          color={late ? 'red' : 'blue'}
          variant="light"
          title={late ? 'Versement en retard' : undefined}
        >
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {late
                ? `Attendu le ${formatDate(initial.expectedOn)} : ${initial.daysLate} jour${initial.daysLate > 1 ? 's' : ''} de retard.`
                : 'Reçu ? Indiquez la date et le montant de réception.'}
            </Text>
            <Button size="compact-sm" variant={late ? 'filled' : 'light'} onClick={markReceived}>
              Marquer comme reçu
            </Button>
          </Group>
        </Alert>
      )}
      <Group grow align="flex-start">
        <YearSelect
          years={years}
          value={values.yearIndex}
          onChange={set('yearIndex')}
          error={errors['payment.yearIndex']}
        />
        <LabelSelect
          label="Nature du versement"
          labels={paymentKindLabels}
          value={values.kind}
          onChange={set('kind')}
          error={errors['payment.kind']}
          withAsterisk
        />
      </Group>
      <Group grow align="flex-start">
        <IsoDateInput
          label="Date attendue"
          value={values.expectedOn}
          onChange={set('expectedOn')}
          error={errors['payment.expectedOn']}
          withAsterisk
        />
        <MoneyInput
          label="Montant attendu"
          valueCents={values.expectedCents}
          onChangeCents={set('expectedCents')}
          min={0}
          error={errors['payment.expectedCents']}
          withAsterisk
        />
      </Group>
      <Group grow align="flex-start">
        <IsoDateInput
          label="Date de réception"
          value={values.receivedOn}
          onChange={set('receivedOn')}
          error={errors['payment.receivedOn']}
        />
        <MoneyInput
          label="Montant reçu"
          valueCents={values.receivedCents}
          onChangeCents={set('receivedCents')}
          min={0}
          error={errors['payment.receivedCents']}
        />
      </Group>
      <Text size="xs" c="dimmed">
        Laissez la date et le montant de réception vides tant que le versement n'est pas arrivé.
      </Text>
      <NoteField value={values.note} onChange={text('note')} error={errors['payment.note']} />
    </RecordFormModal>
  );
}
