/** Edit the convention's indicator catalogue: rename, change unit, deactivate, add. */
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { IndicatorDefinition } from '../../../../shared/contract/objectives';
import { indicatorUnits, type IndicatorUnit } from '../../../../shared/domain/referenceLists';
import { ErrorSummary } from '../../components/ErrorSummary';
import { errorMap } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';

type Draft = {
  id?: number;
  code: string;
  label: string;
  unit: IndicatorUnit;
  source: string;
  active: boolean;
  computed: boolean;
};

interface Props {
  opened: boolean;
  onClose: () => void;
  conventionId: number;
  definitions: IndicatorDefinition[];
}

export function CatalogueModal(props: Props) {
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Catalogue d'indicateurs de la convention"
      size="xl"
    >
      {/* Mounted only while open: each opening starts from the saved catalogue. */}
      {props.opened && <CatalogueEditor {...props} />}
    </Modal>
  );
}

function CatalogueEditor({ onClose, conventionId, definitions }: Props) {
  const save = useAction('indicators.save');
  const [drafts, setDrafts] = useState<Draft[]>(() =>
    definitions.map(({ id, code, label, unit, source, active, computed }) => ({
      id,
      code,
      label,
      unit,
      source,
      active,
      computed,
    })),
  );
  const errors = errorMap(save.error);
  const update = (index: number, patch: Partial<Draft>) =>
    setDrafts((current) =>
      current.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)),
    );

  return (
    <Stack>
      <ErrorSummary error={save.error} />
      <ScrollArea h={420}>
        <Table aria-label="Catalogue d'indicateurs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Actif</Table.Th>
              <Table.Th>Code</Table.Th>
              <Table.Th>Intitulé</Table.Th>
              <Table.Th>Unité</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drafts.map((draft, index) => (
              <Table.Tr key={draft.id ?? `new-${index}`}>
                <Table.Td>
                  <Checkbox
                    aria-label={`Actif : ${draft.code || 'nouvel indicateur'}`}
                    checked={draft.active}
                    onChange={(e) => update(index, { active: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td w={190}>
                  <TextInput
                    aria-label={`Code, ligne ${index + 1}`}
                    size="xs"
                    value={draft.code}
                    disabled={draft.id !== undefined}
                    onChange={(e) => update(index, { code: e.currentTarget.value })}
                    error={errors[`definitions.${index}.code`]}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Intitulé, ligne ${index + 1}`}
                    size="xs"
                    value={draft.label}
                    onChange={(e) => update(index, { label: e.currentTarget.value })}
                    error={errors[`definitions.${index}.label`]}
                  />
                </Table.Td>
                <Table.Td w={110}>
                  <Select
                    aria-label={`Unité, ligne ${index + 1}`}
                    size="xs"
                    data={Object.entries(indicatorUnits).map(([value, label]) => ({
                      value,
                      label,
                    }))}
                    value={draft.unit}
                    onChange={(value) => value && update(index, { unit: value as IndicatorUnit })}
                    allowDeselect={false}
                    disabled={draft.computed}
                  />
                </Table.Td>
                <Table.Td>
                  {draft.id === undefined && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Retirer la ligne ${index + 1}`}
                      onClick={() => setDrafts((current) => current.filter((_, i) => i !== index))}
                    >
                      ✕
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <Group justify="space-between">
        <Button
          variant="light"
          onClick={() =>
            setDrafts((current) => [
              ...current,
              {
                code: '',
                label: '',
                unit: 'count',
                source: 'Saisie manuelle',
                active: true,
                computed: false,
              },
            ])
          }
        >
          Ajouter un indicateur
        </Button>
        <Group>
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                {
                  conventionId,
                  definitions: drafts.map(({ computed: _computed, ...draft }) => draft),
                },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: 'Catalogue enregistré.' });
                    onClose();
                  },
                },
              )
            }
          >
            Enregistrer le catalogue
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
