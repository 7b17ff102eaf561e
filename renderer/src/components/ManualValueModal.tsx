/**
 * A realised value typed by hand, with the comment that says where it comes from — for an
 * indicator that no record can give (the operator's own count, a finance figure…).
 */
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';
import { errorMap } from '../lib/fieldErrors';
import { useAction } from '../lib/queries';
import { ErrorSummary } from './ErrorSummary';
import { MoneyInput, QuantityInput } from './AmountInput';

export interface ManualTarget {
  indicatorId: number;
  code: string;
  label: string;
  unit: IndicatorUnit;
  yearIndex: number;
  yearLabel: string;
  value: number | null;
  comment: string;
}

export function ManualValueModal({
  conventionId,
  target,
  onClose,
}: {
  conventionId: number;
  target: ManualTarget | null;
  onClose: () => void;
}) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={
        target
          ? `Réalisé saisi — ${target.label}, année ${target.yearIndex} (${target.yearLabel})`
          : ''
      }
    >
      {target && <ManualValueForm conventionId={conventionId} target={target} onClose={onClose} />}
    </Modal>
  );
}

function ManualValueForm({
  conventionId,
  target,
  onClose,
}: {
  conventionId: number;
  target: ManualTarget;
  onClose: () => void;
}) {
  const save = useAction('indicators.setManual');
  const [value, setValue] = useState<number | null>(target.value);
  const [comment, setComment] = useState(target.comment);
  const errors = errorMap(save.error);
  const submit = (next: number | null) =>
    save.mutate(
      {
        conventionId,
        indicatorId: target.indicatorId,
        yearIndex: target.yearIndex,
        value: next,
        comment,
      },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: next === null ? 'Réalisé effacé.' : 'Réalisé enregistré.',
          });
          onClose();
        },
      },
    );
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Cet indicateur ne se calcule pas à partir des saisies : indiquez la valeur et sa source.
      </Text>
      <ErrorSummary error={save.error} />
      {target.unit === 'euros' ? (
        <MoneyInput
          label="Valeur réalisée"
          valueCents={value}
          onChangeCents={setValue}
          error={errors.value}
          data-autofocus
        />
      ) : (
        <QuantityInput
          label="Valeur réalisée"
          decimals={2}
          unit={target.unit === 'percent' ? 'percent' : 'none'}
          suffix={target.unit === 'months' ? 'mois' : undefined}
          value={value}
          onChange={setValue}
          error={errors.value}
          data-autofocus
        />
      )}
      <Textarea
        label="Commentaire (source de la valeur)"
        autosize
        minRows={2}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        error={errors.comment}
      />
      <Group justify="space-between">
        {target.value !== null ? (
          <Button
            variant="subtle"
            color="red"
            onClick={() => submit(null)}
            loading={save.isPending}
          >
            Effacer la valeur
          </Button>
        ) : (
          <span />
        )}
        <Group>
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button onClick={() => submit(value)} loading={save.isPending} disabled={value === null}>
            Enregistrer
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
