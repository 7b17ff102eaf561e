/**
 * « Autres soutiens publics valorisés »: public support of the service that the FEC does not
 * show on the SIEG — free premises, staff made available, subsidies booked elsewhere. Each
 * counts in the compensation C of its year.
 */
import {
  Button,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { CallOutput } from '../../../../../shared/contract';
import { supportKindTitles } from '../../../../../shared/domain/compensation';
import { formatEuros } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { FormModal } from '../../../components/FormModal';
import { LabelSelect } from '../../../components/LabelSelect';
import { MoneyInput } from '../../../components/AmountInput';
import { QueryStatus } from '../../../components/QueryStatus';
import { RowActions } from '../../../components/RowActions';
import { ScrollRegion } from '../../../components/ScrollRegion';
import { DeleteConfirmModal, useDeleteConfirm } from '../../../components/DeleteConfirm';
import { useEditModal } from '../../../components/useEditModal';
import { YearSelect } from '../../../components/YearSelect';
import { errorMap } from '../../../lib/fieldErrors';
import { useAction, useCall } from '../../../lib/queries';

type ConventionYear = CallOutput<'compensation.get'>['years'][number];
type SupportData = ConventionYear['detail']['supports'][number];
type SupportKind = SupportData['kind'];
type SupportRow = SupportData & { yearIndex: number; yearLabel: string };

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

export function SupportsSection({ conventionId }: { conventionId: number }) {
  const compensation = useCall('compensation.get', { conventionId });
  const editor = useEditModal<SupportRow>();
  const remove = useAction('supports.delete', {
    onSuccess: () => notifications.show({ color: 'green', message: 'Soutien supprimé.' }),
  });
  const deletion = useDeleteConfirm<SupportRow>(remove);

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
        {compensation.data && <Button onClick={editor.openNew}>Ajouter un soutien</Button>}
      </Group>
      <QueryStatus query={compensation} />
      <ErrorSummary error={remove.error} />
      {compensation.data && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucun autre soutien public saisi.
        </Text>
      )}
      {rows.length > 0 && (
        <ScrollRegion label="Autres soutiens publics (défilement)">
          <Table withTableBorder striped fz="sm" aria-label="Autres soutiens publics valorisés">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Année</Table.Th>
                <Table.Th>Nature</Table.Th>
                <Table.Th>Financeur</Table.Th>
                <Table.Th style={right}>Valeur</Table.Th>
                <Table.Th>Justificatif</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
                          <RowActions
                            editLabel={`Modifier le soutien ${name}`}
                            deleteLabel={`Supprimer le soutien ${name}`}
                            onEdit={() => editor.edit(support)}
                            onDelete={() => deletion.ask(support)}
                          />
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
            </Table.Tbody>
          </Table>
        </ScrollRegion>
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
  const [yearIndex, setYearIndex] = useState<number | null>(
    initial?.yearIndex ?? years[0]?.yearIndex ?? null,
  );
  const [kind, setKind] = useState<SupportKind>(initial?.kind ?? 'premises');
  const [funder, setFunder] = useState(initial?.funder ?? '');
  const [amountCents, setAmountCents] = useState<number | null>(initial?.amountCents ?? null);
  const [evidence, setEvidence] = useState(initial?.evidence ?? '');
  const save = useAction('supports.save', {
    onSuccess: (_data, input) =>
      notifications.show({
        color: 'green',
        title: 'Soutien enregistré',
        message: `${supportKindTitles[input.support.kind]} — année ${input.support.yearIndex}.`,
      }),
  });
  const errors = errorMap(save.error);

  const submit = () =>
    save.mutate(
      {
        conventionId,
        support: {
          ...(initial ? { id: initial.id } : {}),
          yearIndex: yearIndex ?? 0,
          kind,
          funder,
          // A missing value goes as it is: the backend answers with the French message.
          amountCents: amountCents ?? Number.NaN,
          evidence,
        },
      },
      { onSuccess: onClose },
    );

  return (
    <FormModal
      title={
        initial ? `Modifier le soutien « ${supportKindTitles[initial.kind]} »` : 'Nouveau soutien'
      }
      submitLabel="Enregistrer le soutien"
      onSubmit={submit}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
    >
      <Group grow align="flex-start">
        <YearSelect
          years={years}
          value={yearIndex}
          onChange={setYearIndex}
          error={errors['support.yearIndex']}
        />
        <LabelSelect
          label="Nature du soutien"
          labels={supportKindTitles}
          value={kind}
          onChange={setKind}
          error={errors['support.kind']}
          withAsterisk
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label="Financeur"
          description="Par exemple : Ville de Rennes, Département d'Ille-et-Vilaine."
          value={funder}
          onChange={(event) => setFunder(event.currentTarget.value)}
          error={errors['support.funder']}
          withAsterisk
        />
        <MoneyInput
          label="Valeur"
          description="Valeur annuelle estimée (loyer de marché, salaires chargés…)."
          valueCents={amountCents}
          onChangeCents={setAmountCents}
          min={0}
          error={errors['support.amountCents']}
          withAsterisk
        />
      </Group>
      <Textarea
        label="Justificatif"
        description="Par exemple : convention de mise à disposition du 02/01/2025, attestation du financeur."
        value={evidence}
        onChange={(event) => setEvidence(event.currentTarget.value)}
        autosize
        minRows={2}
        error={errors['support.evidence']}
      />
    </FormModal>
  );
}
