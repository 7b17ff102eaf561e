/**
 * « Autres soutiens publics valorisés »: public support of the service that the FEC does not
 * show on the SIEG — free premises, staff made available, subsidies booked elsewhere. Each
 * counts in the compensation C of its year.
 */
import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { CallOutput } from '../../../../../shared/contract';
import { supportKindTitles } from '../../../../../shared/domain/compensation';
import { formatEuros } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
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
import { YearSelect } from '../../../components/YearSelect';
import { useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

type ConventionYear = CallOutput<'compensation.get'>['years'][number];
type SupportData = ConventionYear['detail']['supports'][number];
type SupportKind = SupportData['kind'];
type SupportRow = SupportData & { yearIndex: number; yearLabel: string };

const right = amountCell;

const supportColumns = [
  { label: 'Année' },
  { label: 'Nature' },
  { label: 'Financeur' },
  { label: 'Valeur', amount: true },
  { label: 'Justificatif' },
];

export function SupportsSection({ conventionId }: { conventionId: number }) {
  const compensation = useCall('compensation.get', { conventionId });
  const canSave = useCan('supports.save');
  const { editor, remove, deletion } = useRecordSection<SupportRow>(
    'supports.delete',
    'Soutien supprimé.',
  );

  const years = compensation.data?.years ?? [];
  const rows: SupportRow[] = years.flatMap((year) =>
    year.detail.supports.map((support) => ({
      ...support,
      yearIndex: year.yearIndex,
      yearLabel: year.label,
    })),
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3} size="h4">
            Autres soutiens publics valorisés
          </Title>
          <Text size="sm" c="dimmed" maw={860}>
            Les mises à disposition gratuites de locaux ou de personnel et les subventions qui ne
            sont pas comptabilisées sur le SIEG n'apparaissent pas dans le FEC : saisissez-les ici
            avec leur valeur et leur justificatif. Ils comptent dans la compensation C de leur
            année.
          </Text>
        </div>
        {compensation.data && canSave && (
          <Button onClick={editor.openNew}>Ajouter un soutien</Button>
        )}
      </Group>
      <QueryStatus query={compensation} />
      <ErrorSummary error={remove.error} />
      {compensation.data && (
        <RecordTable
          label="Autres soutiens publics valorisés"
          scrollLabel="Autres soutiens publics (défilement)"
          columns={supportColumns}
          count={rows.length}
          empty="Aucun autre soutien public saisi."
        >
          {years.map((year) => {
            const ofYear = rows.filter((row) => row.yearIndex === year.yearIndex);
            if (ofYear.length === 0) return null;
            const total = ofYear.reduce((sum, row) => sum + row.amountCents, 0);
            return [
              ...ofYear.map((support) => {
                const name = `${supportKindTitles[support.kind]} — ${support.funder}, année ${support.yearIndex}`;
                return (
                  <Table.Tr key={support.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{support.yearLabel}</Table.Td>
                    <Table.Td fw={600}>{supportKindTitles[support.kind]}</Table.Td>
                    <Table.Td>{support.funder}</Table.Td>
                    <Table.Td style={right}>{formatEuros(support.amountCents)}</Table.Td>
                    <Table.Td maw={320}>{support.evidence || '—'}</Table.Td>
                    <Table.Td>
                      {canSave && (
                        <RowActions
                          editLabel={`Modifier le soutien ${name}`}
                          deleteLabel={`Supprimer le soutien ${name}`}
                          onEdit={() => editor.edit(support)}
                          onDelete={() => deletion.ask(support)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              }),
              <Table.Tr key={`total-${year.yearIndex}`}>
                <Table.Td colSpan={3} fw={600}>
                  Total {year.label}
                </Table.Td>
                <Table.Td style={{ ...right, fontWeight: 600 }}>{formatEuros(total)}</Table.Td>
                <Table.Td colSpan={2} />
              </Table.Tr>,
            ];
          })}
        </RecordTable>
      )}
      {editor.opened && (
        <SupportModal
          conventionId={conventionId}
          years={years}
          initial={editor.initial}
          onClose={editor.close}
        />
      )}
      <DeleteConfirmModal deletion={deletion} title="Supprimer le soutien">
        {(support) =>
          `Le soutien « ${supportKindTitles[support.kind]} » de ${support.funder} (${formatEuros(support.amountCents)}, ${support.yearLabel}) sera supprimé : il ne comptera plus dans la compensation de l'année.`
        }
      </DeleteConfirmModal>
    </Stack>
  );
}

function SupportModal({
  conventionId,
  years,
  initial,
  onClose,
}: {
  conventionId: number;
  years: readonly ConventionYear[];
  initial: SupportRow | null;
  onClose: () => void;
}) {
  const { values, set, text, version, reload } = useRecordFields(
    {
      yearIndex: initial?.yearIndex ?? years[0]?.yearIndex ?? null,
      kind: initial?.kind ?? ('premises' as SupportKind),
      funder: initial?.funder ?? '',
      amountCents: initial?.amountCents ?? null,
      evidence: initial?.evidence ?? '',
    },
    initial?.version,
  );
  const { save, errors } = useRecordSave(
    'supports.save',
    'Soutien enregistré',
    (input) => `${supportKindTitles[input.support.kind]} — année ${input.support.yearIndex}.`,
  );

  return (
    <RecordFormModal
      title={
        initial ? `Modifier le soutien « ${supportKindTitles[initial.kind]} »` : 'Nouveau soutien'
      }
      submitLabel="Enregistrer le soutien"
      save={save}
      input={() => ({
        conventionId,
        support: {
          ...(initial ? { id: initial.id, version } : {}),
          yearIndex: values.yearIndex ?? 0,
          kind: values.kind,
          funder: values.funder,
          // A missing value goes as it is: the backend answers with the French message.
          amountCents: values.amountCents ?? Number.NaN,
          evidence: values.evidence,
        },
      })}
      onClose={onClose}
      typed={values}
      onReload={reload}
    >
      <Group grow align="flex-start">
        <YearSelect
          years={years}
          value={values.yearIndex}
          onChange={set('yearIndex')}
          error={errors['support.yearIndex']}
        />
        <LabelSelect
          label="Nature du soutien"
          labels={supportKindTitles}
          value={values.kind}
          onChange={set('kind')}
          error={errors['support.kind']}
          withAsterisk
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label="Financeur"
          description="Par exemple : Ville de Rennes, Département d'Ille-et-Vilaine."
          value={values.funder}
          onChange={text('funder')}
          error={errors['support.funder']}
          withAsterisk
        />
        <MoneyInput
          label="Valeur"
          description="Valeur annuelle estimée (loyer de marché, salaires chargés…)."
          valueCents={values.amountCents}
          onChangeCents={set('amountCents')}
          min={0}
          error={errors['support.amountCents']}
          withAsterisk
        />
      </Group>
      <NoteField
        label="Justificatif"
        description="Par exemple : convention de mise à disposition du 02/01/2025, attestation du financeur."
        value={values.evidence}
        onChange={text('evidence')}
        error={errors['support.evidence']}
      />
    </RecordFormModal>
  );
}
