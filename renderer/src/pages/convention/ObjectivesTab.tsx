/**
 * Targets per indicator and year, with what has been realised against them. By default
 * the values in force today; any date can be chosen to see what the convention said then
 * (original + the avenants in force at that date). A realised figure computed from the
 * records opens the records behind it; one that no record gives can be typed by hand. "Modifier les cibles signées" edits the convention's original targets; a change
 * agreed later with the DREETS is recorded as an avenant instead.
 */
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Progress,
  Stack,
  Switch,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { IndicatorDefinition } from '../../../../shared/contract/objectives';
import type { IndicatorRealised } from '../../../../shared/contract/people';
import { useToday } from '../../lib/today';
import { formatDate, formatEuros, formatPercent } from '../../../../shared/format';
import { DrilldownModal, type DrilldownTarget } from '../../components/DrilldownModal';
import { GridConflictNotice, gridConflict } from '../../components/GridConflictNotice';
import { IsoDateInput } from '../../components/IsoDateInput';
import { ManualValueModal, type ManualTarget } from '../../components/ManualValueModal';
import { MoneyInput, QuantityInput } from '../../components/AmountInput';
import { formatIndicatorValue } from '../../lib/display';
import { errorMap, errorMessage } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { useCan } from '../../lib/role';
import { CatalogueModal } from './CatalogueModal';

type Drafts = Record<string, number | null>;
const key = (indicatorId: number, yearIndex: number) => `${indicatorId}:${yearIndex}`;

export function ObjectivesTab({ convention }: { convention: ConventionDetail }) {
  const today = useToday();
  const [date, setDate] = useState(today);
  const [editing, setEditing] = useState(false);
  const [drafts, setDrafts] = useState<Drafts>({});
  // The targets as the edit was loaded: each changed cell is sent with the value it showed.
  const [loaded, setLoaded] = useState<Drafts>({});
  const [showInactive, setShowInactive] = useState(false);
  const [catalogueOpen, setCatalogueOpen] = useState(false);
  const [drilldown, setDrilldown] = useState<DrilldownTarget | null>(null);
  const [manual, setManual] = useState<ManualTarget | null>(null);
  const indicators = useCall('indicators.list', { conventionId: convention.id });
  const terms = useCall('terms.inForce', { conventionId: convention.id, date });
  const realised = useCall('indicators.realised', { conventionId: convention.id, date });
  const setTargets = useAction('targets.set');
  const canSetTargets = useCan('targets.set');
  const canSetManual = useCan('indicators.setManual');
  const canCatalogue = useCan('indicators.save');

  const base = useMemo(() => {
    const map = new Map<string, number>();
    for (const target of indicators.data?.targets ?? [])
      map.set(key(target.indicatorId, target.yearIndex), target.value);
    return map;
  }, [indicators.data]);
  const inForce = useMemo(() => {
    const map = new Map<
      string,
      { value: number; source: number | null; original: number | null }
    >();
    for (const target of terms.data?.targets ?? [])
      map.set(key(target.indicatorId, target.yearIndex), target);
    return map;
  }, [terms.data]);
  const realisedByKey = useMemo(() => {
    const map = new Map<string, IndicatorRealised>();
    for (const cell of realised.data ?? []) map.set(key(cell.indicatorId, cell.yearIndex), cell);
    return map;
  }, [realised.data]);

  if (!indicators.data || !terms.data) return null;
  const definitions = indicators.data.definitions.filter((d) => showInactive || d.active);
  const years = convention.years;
  // Only the changed cells are sent: an error's index points at the sent cell.
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(errorMap(setTargets.error))) {
    const index = /^targets\.(\d+)\.value$/.exec(path)?.[1];
    const sent = index === undefined ? undefined : setTargets.variables?.targets[Number(index)];
    if (sent) errors[key(sent.indicatorId, sent.yearIndex)] = message;
  }
  const conflict = gridConflict(setTargets.error);
  const conflictTargets = (conflict?.current.targets ?? []) as {
    indicatorId: number;
    yearIndex: number;
    value: number | null;
  }[];

  const startEditing = () => {
    const initial: Drafts = {};
    for (const [k, v] of base) initial[k] = v;
    setDrafts(initial);
    setLoaded(initial);
    setTargets.reset();
    setEditing(true);
  };
  const save = () => {
    // Only the cells the user changed, each with the value it showed when the edit began:
    // a colleague's change to the same cell meanwhile is refused, other cells never collide.
    const targets = indicators.data.definitions.flatMap((definition) =>
      years.flatMap((year) => {
        const k = key(definition.id, year.index);
        const value = drafts[k] ?? null;
        const was = loaded[k] ?? null;
        return value === was
          ? []
          : [{ indicatorId: definition.id, yearIndex: year.index, value, was }];
      }),
    );
    setTargets.mutate(
      { conventionId: convention.id, targets },
      {
        onSuccess: ({ changed }) => {
          setEditing(false);
          notifications.show({ color: 'green', message: `${changed} cible(s) enregistrée(s).` });
        },
      },
    );
  };

  const cellInput = (definition: IndicatorDefinition, yearIndex: number) => {
    const k = key(definition.id, yearIndex);
    const value = drafts[k];
    const isEuros = definition.unit === 'euros';
    const common = {
      'aria-label': `Cible ${definition.code}, année ${yearIndex}`,
      size: 'xs',
      w: 110,
      error: errors[k],
    } as const;
    const setDraft = (next: number | null) => setDrafts((current) => ({ ...current, [k]: next }));
    // A € target is in cents; the others are plain numbers with at most one decimal.
    return isEuros ? (
      <MoneyInput {...common} valueCents={value ?? null} onChangeCents={setDraft} />
    ) : (
      <QuantityInput
        {...common}
        decimals={1}
        unit={definition.unit === 'percent' ? 'percent' : 'none'}
        value={value ?? null}
        onChange={setDraft}
      />
    );
  };

  const realisedFigure = (
    definition: IndicatorDefinition,
    year: (typeof years)[number],
    cell: IndicatorRealised | undefined,
  ) => {
    if (!cell) return <Text size="sm">—</Text>;
    // A year not begun on the real today has nothing realised yet (ACC_ACTIVE would count
    // the people still accompanied as if the year had run): « — ».
    if (year.start > today)
      return (
        <Text size="sm" fw={700} data-testid="realised" title="Année non commencée">
          —
        </Text>
      );
    const text = formatIndicatorValue(cell.value, definition.unit);
    const where = `${definition.code}, année ${year.index}`;
    if (cell.source === 'records') {
      if (cell.value === null) {
        return (
          <Text
            size="sm"
            fw={700}
            data-testid="realised"
            title="Aucune donnée pour calculer ce taux"
          >
            {text}
          </Text>
        );
      }
      return (
        <Anchor
          component="button"
          type="button"
          size="sm"
          fw={700}
          data-testid="realised"
          aria-label={`${text} : voir les enregistrements (${where})`}
          onClick={() =>
            setDrilldown({
              code: definition.code,
              yearIndex: year.index,
              figure: text,
              yearLabel: year.label,
            })
          }
        >
          {text}
        </Anchor>
      );
    }
    return (
      <Group gap={2} wrap="nowrap">
        <Tooltip
          label={cell.comment || 'Saisi à la main, sans commentaire'}
          disabled={cell.source !== 'manual'}
        >
          <Text size="sm" fw={700} data-testid="realised">
            {text}
          </Text>
        </Tooltip>
        <ActionIcon
          size="sm"
          variant="subtle"
          display={canSetManual ? undefined : 'none'}
          aria-label={`Saisir le réalisé (${where})`}
          onClick={() =>
            setManual({
              indicatorId: definition.id,
              code: definition.code,
              label: definition.label,
              unit: definition.unit,
              yearIndex: year.index,
              yearLabel: year.label,
              value: cell.value,
              comment: cell.comment ?? '',
            })
          }
        >
          ✎
        </ActionIcon>
      </Group>
    );
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <IsoDateInput
            label="Valeurs en vigueur au"
            value={date}
            onChange={(value) => value && setDate(value)}
            w={230}
            required
            disabled={editing}
          />
          {terms.data.applied.length > 0 ? (
            <Text size="sm" c="dimmed" pb={8}>
              Convention initiale + avenant(s) n° {terms.data.applied.join(', ')}
            </Text>
          ) : (
            <Text size="sm" c="dimmed" pb={8}>
              Convention initiale, sans avenant à cette date
            </Text>
          )}
        </Group>
        <Group>
          <Switch
            label="Afficher les indicateurs désactivés"
            checked={showInactive}
            onChange={(e) => setShowInactive(e.currentTarget.checked)}
          />
          <Button
            variant="default"
            display={canCatalogue ? undefined : 'none'}
            onClick={() => setCatalogueOpen(true)}
            disabled={editing}
          >
            Catalogue d'indicateurs
          </Button>
          {editing ? (
            <>
              <Button variant="default" onClick={() => setEditing(false)}>
                Annuler
              </Button>
              <Button onClick={save} loading={setTargets.isPending}>
                Enregistrer les cibles
              </Button>
            </>
          ) : (
            canSetTargets && <Button onClick={startEditing}>Modifier les cibles signées</Button>
          )}
        </Group>
      </Group>

      {editing && (
        <Alert color="blue" variant="light">
          Vous modifiez les cibles de la convention telle que signée. Pour une modification convenue
          ensuite avec la DREETS, enregistrez plutôt un avenant : l'historique des versions est
          conservé.
        </Alert>
      )}
      {conflict ? (
        <GridConflictNotice
          conflict={conflict}
          rows={conflictTargets.map((target) => {
            const definition = indicators.data.definitions.find((d) => d.id === target.indicatorId);
            return {
              key: key(target.indicatorId, target.yearIndex),
              label: `${definition?.code ?? target.indicatorId}, année ${target.yearIndex}`,
              current: formatIndicatorValue(target.value, definition?.unit ?? 'count'),
              typed: formatIndicatorValue(
                drafts[key(target.indicatorId, target.yearIndex)] ?? null,
                definition?.unit ?? 'count',
              ),
            };
          })}
          onReload={() => {
            // The refused cells take their current value; the user's other edits stay.
            const current = Object.fromEntries(
              conflictTargets.map((target) => [
                key(target.indicatorId, target.yearIndex),
                target.value,
              ]),
            );
            setLoaded((before) => ({ ...before, ...current }));
            setDrafts((before) => ({ ...before, ...current }));
            setTargets.reset();
          }}
        />
      ) : (
        setTargets.isError && <Alert color="red">{errorMessage(setTargets.error)}</Alert>
      )}
      {!editing && (
        <Text size="sm" c="dimmed">
          Dans chaque case : <strong>réalisé</strong> / cible en vigueur, et le taux d'atteinte.
          Cliquez sur un réalisé pour voir les dossiers qui le composent ; ✎ pour saisir un réalisé
          qui ne se calcule pas à partir des saisies.
        </Text>
      )}

      <Table striped withTableBorder stickyHeader aria-label="Objectifs par année">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Indicateur</Table.Th>
            {years.map((year) => (
              <Table.Th key={year.index} style={{ textAlign: 'right' }}>
                Année {year.index} ({year.label})
                {!editing && (
                  <Text size="xs" c="dimmed" fw={400}>
                    réalisé / cible
                  </Text>
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {definitions.map((definition) => (
            <Table.Tr key={definition.id} style={{ opacity: definition.active ? 1 : 0.5 }}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {definition.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {definition.code}
                  {definition.active ? '' : ' — désactivé'}
                </Text>
              </Table.Td>
              {years.map((year) => {
                const cell = inForce.get(key(definition.id, year.index));
                const done = realisedByKey.get(key(definition.id, year.index));
                return (
                  <Table.Td key={year.index} style={{ textAlign: 'right' }}>
                    {editing ? (
                      <Group justify="flex-end">{cellInput(definition, year.index)}</Group>
                    ) : (
                      <Stack gap={4} align="flex-end">
                        <Group gap={6} justify="flex-end" wrap="nowrap">
                          {realisedFigure(definition, year, done)}
                          <Text size="sm" c="dimmed" aria-hidden="true">
                            /
                          </Text>
                          <Text size="sm" data-testid="target">
                            {formatIndicatorValue(cell?.value, definition.unit)}
                          </Text>
                          {cell?.source != null && (
                            <Tooltip
                              label={`Modifié par l'avenant n° ${cell.source} ; valeur signée à l'origine : ${formatIndicatorValue(cell.original, definition.unit)}`}
                            >
                              <Badge size="xs" variant="light" color="grape">
                                av. {cell.source}
                              </Badge>
                            </Tooltip>
                          )}
                        </Group>
                        {done?.achievement != null && (
                          <Group gap={6} justify="flex-end" wrap="nowrap">
                            <Progress
                              w={70}
                              size="sm"
                              value={Math.min(100, done.achievement * 100)}
                              color={done.achievement >= 1 ? 'teal' : 'indigo'}
                              aria-label={`Taux d'atteinte ${definition.code}, année ${year.index}`}
                            />
                            <Text size="xs" c="dimmed" w={44} ta="right">
                              {formatPercent(done.achievement)}
                            </Text>
                          </Group>
                        )}
                      </Stack>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>
              <Text size="sm" fw={700}>
                Contribution de l'État
              </Text>
              <Text size="xs" c="dimmed">
                Montant en vigueur au {formatDate(date)} (se modifie dans l'onglet Identité ou par
                avenant)
              </Text>
            </Table.Td>
            {years.map((year) => {
              const contribution = terms.data.contributions.find((c) => c.yearIndex === year.index);
              return (
                <Table.Td key={year.index} style={{ textAlign: 'right' }}>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    <Text size="sm" fw={700}>
                      {contribution ? formatEuros(contribution.amountCents) : '—'}
                    </Text>
                    {contribution?.source != null && (
                      <Badge size="xs" variant="light" color="grape">
                        av. {contribution.source}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              );
            })}
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <CatalogueModal
        opened={catalogueOpen}
        onClose={() => setCatalogueOpen(false)}
        conventionId={convention.id}
        definitions={indicators.data.definitions}
      />
      <DrilldownModal
        conventionId={convention.id}
        target={drilldown}
        onClose={() => setDrilldown(null)}
      />
      <ManualValueModal
        conventionId={convention.id}
        target={manual}
        onClose={() => setManual(null)}
      />
    </Stack>
  );
}
