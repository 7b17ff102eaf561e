/** Freins: identified, then lifted (with a date), each on its own line. */
import {
  ActionIcon,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { PersonDetail } from '../../../../shared/contract/people';
import { useToday } from '../../lib/today';
import { barrierCategories, labelOf } from '../../../../shared/domain/peopleLists';
import { formatDate } from '../../../../shared/format';
import { DeleteConfirmModal, useDeleteConfirm } from '../../components/DeleteConfirm';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FormModal } from '../../components/FormModal';
import { IsoDateInput } from '../../components/IsoDateInput';
import { errorMap } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';
import { options } from './PersonFields';

type Barrier = PersonDetail['barriers'][number];

export function BarriersSection({ detail }: { detail: PersonDetail }) {
  const add = useAction('barriers.add');
  const remove = useAction('barriers.delete');
  const [category, setCategory] = useState<string | null>(null);
  const today = useToday();
  const [identifiedOn, setIdentifiedOn] = useState<string | null>(today);
  const [lifting, setLifting] = useState<Barrier | null>(null);
  const deletion = useDeleteConfirm<Barrier>(remove);
  const errors = errorMap(add.error);

  return (
    <Stack>
      {detail.barriers.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun frein enregistré.
        </Text>
      ) : (
        <Table striped withTableBorder aria-label="Freins">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Catégorie</Table.Th>
              <Table.Th>Identifié le</Table.Th>
              <Table.Th>Levé le</Table.Th>
              <Table.Th w={160}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.barriers.map((barrier) => {
              const label = labelOf(barrierCategories, barrier.category);
              return (
                <Table.Tr key={barrier.id}>
                  <Table.Td>{label}</Table.Td>
                  <Table.Td>{formatDate(barrier.identifiedOn)}</Table.Td>
                  <Table.Td>
                    {barrier.liftedOn ? formatDate(barrier.liftedOn) : 'En cours'}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {!barrier.liftedOn && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => setLifting(barrier)}
                          aria-label={`Marquer levé : ${label}`}
                        >
                          Marquer levé
                        </Button>
                      )}
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Supprimer le frein ${label}`}
                        onClick={() => deletion.ask(barrier)}
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}

      <ErrorSummary error={add.error} />
      <Group align="flex-start" wrap="nowrap">
        <Select
          label="Catégorie du frein"
          style={{ flex: 1 }}
          data={options(barrierCategories)}
          value={category}
          onChange={setCategory}
          error={errors.category}
        />
        <IsoDateInput
          label="Identifié le"
          w={150}
          value={identifiedOn}
          onChange={setIdentifiedOn}
          error={errors.identifiedOn}
        />
        <Button
          mt={25}
          variant="light"
          loading={add.isPending}
          onClick={() =>
            add.mutate(
              {
                personId: detail.id,
                category: (category ?? '') as 'health',
                identifiedOn: identifiedOn ?? '',
              },
              { onSuccess: () => setCategory(null) },
            )
          }
        >
          Ajouter le frein
        </Button>
      </Group>

      {lifting && <LiftModal barrier={lifting} onClose={() => setLifting(null)} />}
      <DeleteConfirmModal
        deletion={deletion}
        title="Supprimer ce frein ?"
        onDeleted={() => notifications.show({ color: 'green', message: 'Frein supprimé.' })}
      >
        {(barrier) => (
          <>
            Le frein « {labelOf(barrierCategories, barrier.category)} » identifié le{' '}
            {formatDate(barrier.identifiedOn)} sera retiré du dossier (la suppression reste visible
            dans l'historique). Pour un frein résolu, utilisez plutôt « Marquer levé ».
          </>
        )}
      </DeleteConfirmModal>
    </Stack>
  );
}

function LiftModal({ barrier, onClose }: { barrier: Barrier; onClose: () => void }) {
  const update = useAction('barriers.update');
  const today = useToday();
  const [liftedOn, setLiftedOn] = useState<string | null>(today);
  // The version the modal was opened at: a save over someone else's newer one is refused.
  const [version, setVersion] = useState(barrier.version);
  return (
    <FormModal
      title={`Frein levé : ${labelOf(barrierCategories, barrier.category)}`}
      submitLabel="Enregistrer"
      onSubmit={() =>
        update.mutate({ id: barrier.id, version, liftedOn: liftedOn ?? '' }, { onSuccess: onClose })
      }
      onClose={onClose}
      saving={update.isPending}
      error={update.error}
      typed={{ liftedOn }}
      onReload={(current, currentVersion) => {
        setLiftedOn((current.liftedOn as string | null) ?? today);
        setVersion(currentVersion);
        update.reset();
      }}
      size="md"
    >
      <Text size="sm">Identifié le {formatDate(barrier.identifiedOn)}.</Text>
      <IsoDateInput
        label="Levé le"
        required
        value={liftedOn}
        onChange={setLiftedOn}
        error={errorMap(update.error).liftedOn}
        data-autofocus
      />
    </FormModal>
  );
}
