/**
 * « Plafond de minimis »: for a convention under regulation 2023/2832, the aid granted to
 * the single undertaking (every convention of the operator's SIREN, other de minimis aid)
 * over any period of three years against the SIEG ceiling (general de minimis included),
 * counted at the grant dates (signature of a convention or an avenant), not at the
 * payments; the other aid of the undertaking is entered here.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { CallOutput } from '../../../../../shared/contract';
import {
  GENERAL_DE_MINIMIS_CEILING,
  levelAgainst,
  SIEG_DE_MINIMIS_CEILING,
  type CeilingLevel,
} from '../../../../../shared/domain/deMinimis';
import { formatDate, formatEuros, formatPercent } from '../../../../../shared/format';
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
import { DeleteConfirmModal } from '../../../components/DeleteConfirm';
import { useRecordSection } from '../../../components/useRecordSection';
import { useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

type DeMinimisData = CallOutput<'deMinimis.get'>;
type AidRow = DeMinimisData['aids'][number];
type Regulation = AidRow['regulation'];
/** An aid entered on this convention (not a grant of a convention): it has an id. */
type OtherAid = AidRow & { id: number };

const sourceLabels: Record<AidRow['source'], string> = {
  convention: 'Signature de la convention',
  avenant: 'Signature d’un avenant',
  other: 'Autre aide',
};

const right = amountCell;

const aidColumns = [
  { label: 'Date' },
  { label: 'Organisme' },
  { label: 'Origine' },
  { label: 'Règlement' },
  { label: 'Montant', amount: true },
  { label: 'Note' },
];

const regulationLabels: Record<Regulation, string> = {
  sieg: 'De minimis SIEG (2023/2832)',
  general: 'De minimis général (2023/2831)',
};

const isOther = (aid: AidRow): aid is OtherAid => aid.source === 'other' && aid.id !== null;

const levelColors: Record<CeilingLevel, string> = { over: 'red', near: 'orange', ok: 'teal' };

function CeilingGauge({
  label,
  value,
  ceiling,
}: {
  label: string;
  value: number;
  ceiling: number;
}) {
  const ratio = ceiling > 0 ? value / ceiling : 0;
  return (
    <Stack gap={4}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatEuros(value)} sur {formatEuros(ceiling, { whole: true })} (
          {formatPercent(ratio, 1)})
        </Text>
      </Group>
      <Progress
        value={Math.min(100, ratio * 100)}
        color={levelColors[levelAgainst(value, ceiling)]}
        size="lg"
        aria-label={`${label} : ${formatPercent(ratio, 1)} du plafond`}
      />
    </Stack>
  );
}

export function DeMinimisSection({ conventionId, today }: { conventionId: number; today: string }) {
  const deMinimis = useCall('deMinimis.get', { conventionId, today });
  const canSave = useCan('deMinimis.saveAid');
  const { editor, remove, deletion } = useRecordSection<OtherAid>(
    'deMinimis.deleteAid',
    'Aide supprimée.',
  );

  const heading = (
    <div>
      <Title order={3} size="h4">
        Plafond de minimis
      </Title>
      <Text size="sm" c="dimmed" maw={860}>
        Les aides de minimis accordées à l'entreprise unique (toutes les conventions de l'organisme,
        même SIREN, et ses autres aides de minimis) sur toute période de trois ans ne peuvent pas
        dépasser {formatEuros(SIEG_DE_MINIMIS_CEILING, { whole: true })} pour un SIEG (règlement
        (UE) 2023/2832), dont {formatEuros(GENERAL_DE_MINIMIS_CEILING, { whole: true })} au plus
        d'aides de minimis générales (règlement (UE) 2023/2831). Une aide compte à la date où le
        droit de la recevoir est accordé (signature de la convention ou de l'avenant), quelle que
        soit la date des versements.
      </Text>
    </div>
  );

  if (deMinimis.isPending || deMinimis.isError)
    return (
      <Stack gap="sm">
        {heading}
        <QueryStatus query={deMinimis} />
      </Stack>
    );
  const data = deMinimis.data;
  const aids = data.applies ? data.aids : data.aids.filter(isOther);
  // Other aid entered on another convention of the undertaking is edited there.
  const editable = (aid: AidRow): aid is OtherAid =>
    isOther(aid) && aid.conventionId === conventionId;
  const others = data.undertaking.conventions.filter((row) => row.id !== conventionId);

  return (
    <Stack gap="sm">
      {heading}
      {!data.applies ? (
        <Alert color="blue" variant="light" title="Suivi de minimis sans objet">
          Cette convention relève de la décision 2012/21/UE (compensation de service public) : le
          plafond de minimis ne s'applique pas à la contribution de l'État. Le suivi de minimis
          concerne les conventions sous le règlement (UE) 2023/2832. Les autres aides de minimis de
          l'organisme peuvent tout de même être notées ci-dessous.
        </Alert>
      ) : (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Text size="sm">
              Trois ans jusqu'à aujourd'hui : du {formatDate(data.current.windowStart)} à
              aujourd'hui (aides accordées à ces dates ; reste disponible :{' '}
              <strong>{formatEuros(data.headroom.total)}</strong>
              {data.headroom.general < data.headroom.total && (
                <>, dont {formatEuros(data.headroom.general)} en aides générales</>
              )}
              ).
            </Text>
            {others.length > 0 && (
              <Text size="sm" c="dimmed">
                Entreprise unique (SIREN {data.undertaking.siren}) : autres conventions comptées —{' '}
                {others.map((row) => row.reference).join(', ')}.
              </Text>
            )}
            <CeilingGauge
              label="Aides de minimis SIEG et générales"
              value={data.current.total}
              ceiling={data.ceilingCents}
            />
            <CeilingGauge
              label="Dont aides de minimis générales"
              value={data.current.general}
              ceiling={data.generalCeilingCents}
            />
            {data.peak.date && (
              <Text size="sm">
                Cumul le plus élevé sur trois ans, conventions non signées comprises :{' '}
                <strong>{formatEuros(data.peak.total)}</strong> le {formatDate(data.peak.date)}
                {data.peak.general > 0 && (
                  <> (dont {formatEuros(data.peak.general)} d'aides générales)</>
                )}
                .
              </Text>
            )}
          </Stack>
        </Paper>
      )}
      {data.applies && data.level !== 'ok' && (
        <Alert
          color={data.level === 'over' ? 'red' : 'orange'}
          variant="light"
          role="status"
          title={
            data.level === 'near'
              ? 'Plafond de minimis proche'
              : data.current.total > data.ceilingCents ||
                  data.current.general > data.generalCeilingCents
                ? 'Plafond de minimis dépassé'
                : 'Plafond de minimis dépassé par une aide accordée ou prévue'
          }
        >
          {data.crossesOn ? (
            <Text size="sm">
              Le plafond est dépassé à compter du {formatDate(data.crossesOn)} (date d'octroi ; une
              convention non signée est comptée à sa date de début).
            </Text>
          ) : (
            <Text size="sm">
              Le cumul des aides sur trois ans approche du plafond : vérifiez les aides prévues
              avant d'en accepter une nouvelle.
            </Text>
          )}
        </Alert>
      )}

      <Group justify="space-between" align="flex-end">
        <Title order={4} size="h5">
          {data.applies ? 'Aides prises en compte' : 'Autres aides de minimis'}
        </Title>
        {canSave && <Button onClick={editor.openNew}>Ajouter une aide</Button>}
      </Group>
      <ErrorSummary error={remove.error} />
      <RecordTable
        label="Aides de minimis"
        scrollLabel="Aides de minimis (défilement)"
        columns={aidColumns}
        count={aids.length}
        empty="Aucune aide enregistrée."
      >
        {aids.map((aid, index) => (
          <Table.Tr key={aid.id === null ? `convention-${index}` : `other-${aid.id}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(aid.date)}</Table.Td>
            <Table.Td fw={600}>{aid.grantor}</Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" span>
                  {sourceLabels[aid.source]}
                  {aid.conventionId !== conventionId ? ` (${aid.conventionReference})` : ''}
                </Text>
                {aid.expected && (
                  <Badge color="gray" variant="light" size="sm" style={{ flexShrink: 0 }}>
                    Non signée
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{regulationLabels[aid.regulation]}</Table.Td>
            <Table.Td style={right}>{formatEuros(aid.amountCents)}</Table.Td>
            <Table.Td maw={260}>{aid.note || '—'}</Table.Td>
            <Table.Td>
              {editable(aid) && canSave && (
                <RowActions
                  editLabel={`Modifier l'aide ${aid.grantor} du ${formatDate(aid.date)}`}
                  deleteLabel={`Supprimer l'aide ${aid.grantor} du ${formatDate(aid.date)}`}
                  onEdit={() => editor.edit(aid)}
                  onDelete={() => deletion.ask(aid)}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </RecordTable>
      {editor.opened && (
        <AidModal conventionId={conventionId} initial={editor.initial} onClose={editor.close} />
      )}
      <DeleteConfirmModal deletion={deletion} title="Supprimer l'aide">
        {(aid) =>
          `L'aide de ${aid.grantor} (${formatEuros(aid.amountCents)}, ${formatDate(aid.date)}) sera supprimée du suivi de minimis.`
        }
      </DeleteConfirmModal>
    </Stack>
  );
}

function AidModal({
  conventionId,
  initial,
  onClose,
}: {
  conventionId: number;
  initial: OtherAid | null;
  onClose: () => void;
}) {
  const { values, set, text, version, reload } = useRecordFields(
    {
      grantor: initial?.grantor ?? '',
      grantedOn: initial?.date ?? null,
      amountCents: initial?.amountCents ?? null,
      regulation: initial?.regulation ?? ('general' as Regulation),
      note: initial?.note ?? '',
    },
    initial?.version ?? undefined,
  );
  const { save, errors } = useRecordSave(
    'deMinimis.saveAid',
    'Aide enregistrée',
    (input) => `${input.aid.grantor} — ${formatEuros(input.aid.amountCents)}.`,
  );

  return (
    <RecordFormModal
      title={initial ? `Modifier l'aide « ${initial.grantor} »` : 'Nouvelle aide de minimis'}
      submitLabel="Enregistrer l'aide"
      save={save}
      input={() => ({
        conventionId,
        aid: {
          ...(initial ? { id: initial.id, version } : {}),
          grantor: values.grantor,
          // Missing values go as they are: the backend answers with the French message.
          grantedOn: values.grantedOn ?? '',
          amountCents: values.amountCents ?? Number.NaN,
          regulation: values.regulation,
          note: values.note,
        },
      })}
      onClose={onClose}
      typed={values}
      onReload={reload}
    >
      <TextInput
        label="Organisme qui accorde l'aide"
        value={values.grantor}
        onChange={text('grantor')}
        error={errors['aid.grantor']}
        withAsterisk
      />
      <Group grow align="flex-start">
        <IsoDateInput
          label="Date d'octroi"
          value={values.grantedOn}
          onChange={set('grantedOn')}
          error={errors['aid.grantedOn']}
          withAsterisk
        />
        <MoneyInput
          label="Montant"
          valueCents={values.amountCents}
          onChangeCents={set('amountCents')}
          min={0}
          error={errors['aid.amountCents']}
          withAsterisk
        />
      </Group>
      <LabelSelect
        label="Règlement"
        labels={regulationLabels}
        value={values.regulation}
        onChange={set('regulation')}
        error={errors['aid.regulation']}
        withAsterisk
      />
      <NoteField value={values.note} onChange={text('note')} error={errors['aid.note']} />
    </RecordFormModal>
  );
}
