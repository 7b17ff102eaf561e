/**
 * Avenants: numbered, dated amendments that change targets or the State contribution.
 * Recorded ones are never edited — the history of what was signed stays as it was.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import { useToday } from '../../lib/today';
import { formatDate, formatEuros } from '../../../../shared/format';
import { ErrorSummary } from '../../components/ErrorSummary';
import { IsoDateInput } from '../../components/IsoDateInput';
import { MoneyInput, QuantityInput } from '../../components/AmountInput';
import { cerfaRowLabel, cerfaRows } from '../../../../shared/domain/cerfa';
import { formatIndicatorValue } from '../../lib/display';
import { errorMap } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { useCan } from '../../lib/role';

type ChangeDraft = {
  kind: 'target' | 'stateContribution' | 'budgetLine';
  indicatorId: number | null;
  /** The CERFA row of a budget line. */
  row: string | null;
  yearIndex: number | null;
  value: number | null;
};

export function AvenantsTab({ convention }: { convention: ConventionDetail }) {
  const avenants = useCall('avenants.list', { conventionId: convention.id });
  const indicators = useCall('indicators.list', { conventionId: convention.id });
  const [open, setOpen] = useState(false);
  const canCreate = useCan('avenants.create');
  if (!avenants.data || !indicators.data) return null;
  const definitions = new Map(indicators.data.definitions.map((d) => [d.id, d]));

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Les avenants modifient les cibles ou la contribution de l'État à partir de leur date
          d'effet. Les valeurs signées à l'origine restent consultables dans « Objectifs par année
          ».
        </Text>
        {canCreate && <Button onClick={() => setOpen(true)}>Enregistrer un avenant</Button>}
      </Group>
      {avenants.data.length === 0 && <Text>Aucun avenant pour l'instant.</Text>}
      {avenants.data
        .slice()
        .reverse()
        .map((avenant) => (
          <Card key={avenant.id} withBorder aria-label={`Avenant n° ${avenant.number}`}>
            <Group justify="space-between">
              <Title order={3} size="h4">
                Avenant n° {avenant.number}
              </Title>
              <Badge variant="light">effet au {formatDate(avenant.effectiveFrom)}</Badge>
            </Group>
            <Text size="sm" c="dimmed">
              Signé le {formatDate(avenant.signedOn)} — saisi par {avenant.createdBy}
            </Text>
            <Text mt="xs">{avenant.object}</Text>
            <List size="sm" mt="xs">
              {avenant.changes.map((change, index) =>
                change.kind === 'target' ? (
                  <List.Item key={index}>
                    {definitions.get(change.indicatorId)?.label ??
                      `Indicateur ${change.indicatorId}`}
                    , année {change.yearIndex} :{' '}
                    <strong>
                      {formatIndicatorValue(
                        change.value,
                        definitions.get(change.indicatorId)?.unit ?? 'count',
                      )}
                    </strong>
                  </List.Item>
                ) : change.kind === 'budgetLine' ? (
                  <List.Item key={index}>
                    Budget prévisionnel, {cerfaRowLabel(change.row)}, année {change.yearIndex} :{' '}
                    <strong>{formatEuros(change.amountCents)}</strong>
                  </List.Item>
                ) : (
                  <List.Item key={index}>
                    Contribution de l'État, année {change.yearIndex} :{' '}
                    <strong>{formatEuros(change.amountCents)}</strong>
                  </List.Item>
                ),
              )}
            </List>
          </Card>
        ))}
      <NewAvenantModal
        opened={open}
        onClose={() => setOpen(false)}
        convention={convention}
        definitions={indicators.data.definitions.filter((d) => d.active)}
      />
    </Stack>
  );
}

function NewAvenantModal({
  opened,
  onClose,
  convention,
  definitions,
}: {
  opened: boolean;
  onClose: () => void;
  convention: ConventionDetail;
  definitions: {
    id: number;
    code: string;
    label: string;
    unit: 'count' | 'percent' | 'months' | 'euros';
  }[];
}) {
  const create = useAction('avenants.create');
  const today = useToday();
  const [signedOn, setSignedOn] = useState<string | null>(today);
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(today);
  const [object, setObject] = useState('');
  const [changes, setChanges] = useState<ChangeDraft[]>([
    { kind: 'target', indicatorId: null, row: null, yearIndex: null, value: null },
  ]);
  const inForce = useCall(
    'terms.inForce',
    { conventionId: convention.id, date: effectiveFrom ?? today },
    { enabled: opened && !!effectiveFrom },
  );
  const errors = errorMap(create.error);
  const update = (index: number, patch: Partial<ChangeDraft>) =>
    setChanges((current) =>
      current.map((change, i) => (i === index ? { ...change, ...patch } : change)),
    );

  const currentValue = (change: ChangeDraft) => {
    if (!inForce.data || change.yearIndex === null) return null;
    if (change.kind === 'stateContribution') {
      const found = inForce.data.contributions.find((c) => c.yearIndex === change.yearIndex);
      return found ? formatEuros(found.amountCents) : 'non saisie';
    }
    if (change.kind === 'budgetLine') {
      const found = inForce.data.budget.find(
        (b) => b.yearIndex === change.yearIndex && b.row === change.row,
      );
      return change.row ? (found ? formatEuros(found.amountCents) : 'non prévu') : null;
    }
    const definition = definitions.find((d) => d.id === change.indicatorId);
    if (!definition) return null;
    const found = inForce.data.targets.find(
      (t) => t.indicatorId === definition.id && t.yearIndex === change.yearIndex,
    );
    return formatIndicatorValue(found?.value, definition.unit);
  };

  const submit = () => {
    create.mutate(
      {
        conventionId: convention.id,
        signedOn: signedOn ?? '',
        effectiveFrom: effectiveFrom ?? '',
        object,
        changes: changes.map((change) =>
          change.kind === 'target'
            ? {
                kind: 'target' as const,
                indicatorId: change.indicatorId ?? 0,
                yearIndex: change.yearIndex ?? 0,
                value: change.value ?? Number.NaN,
              }
            : change.kind === 'budgetLine'
              ? {
                  kind: 'budgetLine' as const,
                  yearIndex: change.yearIndex ?? 0,
                  row: change.row ?? '',
                  amountCents: change.value ?? Number.NaN,
                }
              : {
                  kind: 'stateContribution' as const,
                  yearIndex: change.yearIndex ?? 0,
                  amountCents: change.value ?? Number.NaN,
                },
        ),
      },
      {
        onSuccess: ({ number }) => {
          notifications.show({ color: 'green', message: `Avenant n° ${number} enregistré.` });
          setObject('');
          setChanges([
            { kind: 'target', indicatorId: null, row: null, yearIndex: null, value: null },
          ]);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Enregistrer un avenant" size="xl">
      <Stack>
        <ErrorSummary error={create.error} />
        <Group grow>
          <IsoDateInput
            data-autofocus
            label="Signé le"
            required
            value={signedOn}
            onChange={setSignedOn}
            error={errors.signedOn}
          />
          <IsoDateInput
            label="Prend effet le"
            required
            value={effectiveFrom}
            onChange={setEffectiveFrom}
            error={errors.effectiveFrom}
          />
        </Group>
        <Textarea
          label="Objet de l'avenant"
          required
          autosize
          minRows={2}
          value={object}
          onChange={(e) => setObject(e.currentTarget.value)}
          error={errors.object}
        />
        <Title order={4} size="h5">
          Modifications
        </Title>
        {changes.map((change, index) => {
          const definition = definitions.find((d) => d.id === change.indicatorId);
          const isMoney = change.kind !== 'target' || definition?.unit === 'euros';
          const current = currentValue(change);
          return (
            <Group key={index} align="flex-start" wrap="nowrap">
              <Select
                aria-label={`Nature de la modification ${index + 1}`}
                w={190}
                data={[
                  { value: 'target', label: 'Cible d’un indicateur' },
                  { value: 'stateContribution', label: "Contribution de l'État" },
                  { value: 'budgetLine', label: 'Ligne du budget' },
                ]}
                value={change.kind}
                onChange={(value) =>
                  value && update(index, { kind: value as ChangeDraft['kind'], value: null })
                }
                allowDeselect={false}
              />
              {change.kind === 'target' ? (
                <Select
                  aria-label={`Indicateur de la modification ${index + 1}`}
                  placeholder="Indicateur"
                  style={{ flex: 1 }}
                  searchable
                  data={definitions.map((d) => ({
                    value: String(d.id),
                    label: `${d.label} (${d.code})`,
                  }))}
                  value={change.indicatorId === null ? null : String(change.indicatorId)}
                  onChange={(value) => update(index, { indicatorId: value ? Number(value) : null })}
                  error={errors[`changes.${index}.indicatorId`]}
                />
              ) : change.kind === 'budgetLine' ? (
                <Select
                  aria-label={`Ligne du budget de la modification ${index + 1}`}
                  placeholder="Ligne du compte rendu"
                  style={{ flex: 1 }}
                  searchable
                  data={cerfaRows.map((row) => ({ value: row.code, label: row.label }))}
                  value={change.row}
                  onChange={(value) => update(index, { row: value })}
                  error={errors[`changes.${index}.row`]}
                />
              ) : (
                <div style={{ flex: 1 }} />
              )}
              <Select
                aria-label={`Année de la modification ${index + 1}`}
                placeholder="Année"
                w={150}
                data={convention.years.map((year) => ({
                  value: String(year.index),
                  label: `Année ${year.index} (${year.label})`,
                }))}
                value={change.yearIndex === null ? null : String(change.yearIndex)}
                onChange={(value) => update(index, { yearIndex: value ? Number(value) : null })}
                error={errors[`changes.${index}.yearIndex`]}
              />
              <Stack gap={2}>
                {isMoney ? (
                  <MoneyInput
                    aria-label={`Nouvelle valeur ${index + 1}`}
                    fieldLabel={
                      change.kind === 'stateContribution'
                        ? "Contribution de l'État"
                        : change.kind === 'budgetLine'
                          ? 'Montant prévu'
                          : 'Cible'
                    }
                    w={160}
                    placeholder="Nouveau montant"
                    valueCents={change.value}
                    onChangeCents={(value) => update(index, { value })}
                    error={
                      errors[`changes.${index}.amountCents`] ?? errors[`changes.${index}.value`]
                    }
                  />
                ) : (
                  <QuantityInput
                    aria-label={`Nouvelle valeur ${index + 1}`}
                    fieldLabel="Cible"
                    w={160}
                    placeholder="Nouvelle cible"
                    decimals={1}
                    unit={definition?.unit === 'percent' ? 'percent' : 'none'}
                    value={change.value}
                    onChange={(value) => update(index, { value })}
                    error={errors[`changes.${index}.value`]}
                  />
                )}
                {current && (
                  <Text size="xs" c="dimmed">
                    en vigueur : {current}
                  </Text>
                )}
              </Stack>
              <ActionIcon
                mt={6}
                variant="subtle"
                color="red"
                aria-label={`Retirer la modification ${index + 1}`}
                onClick={() => setChanges((list) => list.filter((_, i) => i !== index))}
                disabled={changes.length === 1}
              >
                ✕
              </ActionIcon>
            </Group>
          );
        })}
        {errors.changes && (
          <Text c="red" size="sm">
            {errors.changes}
          </Text>
        )}
        <Group justify="space-between">
          <Button
            variant="light"
            onClick={() =>
              setChanges((list) => [
                ...list,
                { kind: 'target', indicatorId: null, row: null, yearIndex: null, value: null },
              ])
            }
          >
            Ajouter une modification
          </Button>
          <Group>
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button onClick={submit} loading={create.isPending}>
              Enregistrer l'avenant
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
