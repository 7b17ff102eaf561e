/**
 * « Budget prévisionnel »: the forecast of one year in the CERFA rows, charges beside
 * produits, contributions in kind apart and outside the totals. « Enregistrer » sends the
 * cells the user changed (empty = null), each with the amount it showed when loaded: a cell
 * a colleague changed meanwhile is refused and shown with its current amount, while
 * colleagues working on other lines never conflict.
 */
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ConventionDetail } from '../../../../../shared/contract/conventions';
import {
  cerfaRow,
  cerfaRows,
  forecastBalance,
  forecastBalanceWarning,
  sideTotal,
  type CerfaRow,
  type CerfaSide,
} from '../../../../../shared/domain/cerfa';
import { formatEuros } from '../../../../../shared/format';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { GridConflictNotice, gridConflict } from '../../../components/GridConflictNotice';
import { MoneyInput } from '../../../components/AmountInput';
import { QueryStatus } from '../../../components/QueryStatus';
import { useCellDraft } from '../../../lib/cellDraft';
import { plural } from '../../../lib/display';
import { errorMap } from '../../../lib/fieldErrors';
import { useAction, useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

type Year = ConventionDetail['years'][number];
type Values = Record<string, number | null>;

/** A line whose text is not an amount (NaN until corrected) leaves its totals unknown. */
const totalText = (cents: number) => (Number.isNaN(cents) ? '—' : formatEuros(cents));

const sideTitles: Record<CerfaSide, string> = { charges: 'Charges', produits: 'Produits' };

export function BudgetGrid({
  conventionId,
  year,
  nextYear,
}: {
  conventionId: number;
  year: Year;
  nextYear: Year | null;
}) {
  const budget = useCall('budget.get', { conventionId });
  if (budget.isPending || budget.isError) return <QueryStatus query={budget} />;
  const values: Values = {};
  for (const line of budget.data)
    if (line.yearIndex === year.index) values[line.row] = line.amountCents;
  const nextHasBudget = nextYear
    ? budget.data.some((line) => line.yearIndex === nextYear.index)
    : false;
  // The other years' stored forecasts that do not balance (the shared CERFA rule).
  const otherUnbalanced = [...new Set(budget.data.map((line) => line.yearIndex))]
    .filter((index) => index !== year.index)
    .sort((a, b) => a - b)
    .map((index) => ({
      yearIndex: index,
      balance: forecastBalance(
        Object.fromEntries(
          budget.data
            .filter((line) => line.yearIndex === index)
            .map((line) => [line.row, line.amountCents]),
        ),
      ),
    }))
    .filter((entry) => !entry.balance.balanced)
    .map((entry) => ({ yearIndex: entry.yearIndex, gap: entry.balance.gap }));
  return (
    <BudgetForm
      // A new year starts the form again; a save elsewhere updates the untouched cells only.
      key={year.index}
      conventionId={conventionId}
      year={year}
      nextYear={nextYear}
      nextHasBudget={nextHasBudget}
      otherUnbalanced={otherUnbalanced}
      stored={values}
    />
  );
}

function BudgetForm({
  conventionId,
  year,
  nextYear,
  nextHasBudget,
  otherUnbalanced,
  stored,
}: {
  conventionId: number;
  year: Year;
  nextYear: Year | null;
  nextHasBudget: boolean;
  otherUnbalanced: { yearIndex: number; gap: number }[];
  stored: Values;
}) {
  const draft = useCellDraft(stored);
  const values = draft.values;
  // The team mode: roles that may not change the budget read it (no input, no button).
  const canEdit = useCan('budget.set');
  const [confirmCopy, setConfirmCopy] = useState(false);
  const save = useAction('budget.set', {
    onSuccess: ({ changed }) =>
      notifications.show({
        color: 'green',
        title: 'Budget enregistré',
        message: `Année ${year.index} : ${plural(changed, 'ligne modifiée', 'lignes modifiées')}.`,
      }),
  });
  const copy = useAction('budget.copyYear', {
    onSuccess: ({ copied }, input) =>
      notifications.show({
        color: 'green',
        title: 'Budget copié',
        message: `${plural(copied, 'ligne copiée', 'lignes copiées')} vers l'année ${input.toYear}.`,
      }),
  });
  // Only the changed cells are sent: an error's index points at the sent line's row.
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(errorMap(save.error))) {
    const index = /^lines\.(\d+)\.amountCents$/.exec(path)?.[1];
    const row = index === undefined ? undefined : save.variables?.lines[Number(index)]?.row;
    if (row) errors[row] = message;
  }
  const conflict = gridConflict(save.error);
  const conflictLines = (conflict?.current.lines ?? []) as {
    row: string;
    amountCents: number | null;
  }[];
  const amountText = (cents: number | null) => (cents === null ? '—' : formatEuros(cents));
  const dirty = draft.changed.length > 0;
  const charges = sideTotal(values, 'charges');
  const produits = sideTotal(values, 'produits');
  const balance = produits - charges;
  // The CERFA forecast is presented balanced: said as the user types (not while a line is
  // not yet an amount).
  const forecast = forecastBalance(values);
  const balanceWarning = Number.isNaN(
    forecast.charges + forecast.produits + forecast.inKindCharges + forecast.inKindProduits,
  )
    ? null
    : forecastBalanceWarning(forecast);

  const submit = () => {
    const changed = new Map(draft.changed.map((cell) => [cell.key, cell]));
    save.mutate({
      conventionId,
      yearIndex: year.index,
      lines: cerfaRows.flatMap((row) => {
        const cell = changed.get(row.code);
        return cell ? [{ row: row.code, amountCents: cell.value, was: cell.was }] : [];
      }),
    });
  };

  const rowInput = (row: CerfaRow) => (
    <Table.Tr key={row.code}>
      <Table.Td>
        <Text size="sm" component="label" htmlFor={`budget-${row.code}`}>
          {row.label}
        </Text>
      </Table.Td>
      <Table.Td w={190}>
        <MoneyInput
          id={`budget-${row.code}`}
          aria-label={`Prévision ${row.label}`}
          valueCents={values[row.code] ?? null}
          fieldLabel={`Montant prévu (${row.label})`}
          onChangeCents={(cents) => draft.setCell(row.code, cents)}
          size="xs"
          readOnly={!canEdit}
          styles={{ input: { textAlign: 'right' } }}
          error={errors[row.code]}
        />
      </Table.Td>
    </Table.Tr>
  );

  const sideTable = (side: CerfaSide) => {
    const rows = cerfaRows
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => row.side === side);
    const direct = rows.filter(({ row }) => !row.inKind);
    const inKind = rows.filter(({ row }) => row.inKind);
    const sideTotal = side === 'charges' ? charges : produits;
    return (
      <Paper withBorder p="sm">
        <Title order={4} size="h5" mb="xs">
          {sideTitles[side]}
        </Title>
        <Table fz="sm" verticalSpacing={4} aria-label={`Budget prévisionnel — ${sideTitles[side]}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Ligne du compte rendu</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Prévision</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {direct.map(({ row }) => rowInput(row))}
            <Table.Tr bg="gray.1">
              <Table.Th scope="row">
                Total des {side === 'charges' ? 'charges' : 'produits'}
              </Table.Th>
              <Table.Td
                style={{ textAlign: 'right', whiteSpace: 'nowrap', fontWeight: 700 }}
                data-testid={`budget-total-${side}`}
              >
                {totalText(sideTotal)}
              </Table.Td>
            </Table.Tr>
            {inKind.map(({ row }) => rowInput(row))}
          </Table.Tbody>
        </Table>
      </Paper>
    );
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h4">
          Budget prévisionnel — année {year.index} ({year.label})
        </Title>
        <Text size="sm" c="dimmed" maw={860}>
          Les montants suivent les lignes du compte rendu financier (CERFA 15059). Les contributions
          volontaires en nature (86 et 87) sont saisies à part et ne comptent pas dans les totaux.
          Une case vide n'a pas de prévision.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {sideTable('charges')}
        {sideTable('produits')}
      </SimpleGrid>
      <Group gap="lg">
        <Text size="sm">
          Total des charges : <strong>{totalText(charges)}</strong>
        </Text>
        <Text size="sm">
          Total des produits : <strong>{totalText(produits)}</strong>
        </Text>
        <Text size="sm" data-testid="budget-balance">
          Solde (produits − charges) :{' '}
          <Text span fw={700} c={balance < 0 ? 'red.8' : undefined}>
            {totalText(balance)}
          </Text>
        </Text>
      </Group>
      {balanceWarning && (
        <Alert
          color="orange"
          variant="light"
          title={`Année ${year.index} : budget non équilibré`}
          data-testid="budget-unbalanced"
        >
          {balanceWarning} Le compte rendu financier présente un budget en équilibre : ajustez une
          ligne (par exemple les ressources propres affectées à l'action).
        </Alert>
      )}
      {otherUnbalanced.length > 0 && (
        <Text size="sm" c="red.9" data-testid="budget-unbalanced-others">
          Autres années non équilibrées :{' '}
          {otherUnbalanced
            .map(
              (entry) =>
                `année ${entry.yearIndex} (solde ${entry.gap > 0 ? '+' : ''}${formatEuros(entry.gap)})`,
            )
            .join(', ')}
          .
        </Text>
      )}
      {conflict ? (
        <GridConflictNotice
          conflict={conflict}
          rows={conflictLines.map((line) => ({
            key: line.row,
            label: cerfaRow(line.row)?.label ?? line.row,
            current: amountText(line.amountCents),
            typed: amountText(values[line.row] ?? null),
          }))}
          onReload={() => {
            // The refused cells take their current amount; the user's other edits stay.
            draft.takeCurrent(
              Object.fromEntries(conflictLines.map((line) => [line.row, line.amountCents])),
            );
            save.reset();
          }}
        />
      ) : (
        <ErrorSummary error={save.error} />
      )}
      {canEdit && (
        <Group justify="space-between">
          <Button
            variant="default"
            disabled={!nextYear || dirty}
            onClick={() => {
              copy.reset();
              setConfirmCopy(true);
            }}
            title={
              dirty
                ? "Enregistrez d'abord vos modifications"
                : !nextYear
                  ? "C'est la dernière année de la convention"
                  : undefined
            }
          >
            Copier vers l'année suivante
          </Button>
          <Button onClick={submit} loading={save.isPending} disabled={!dirty}>
            Enregistrer
          </Button>
        </Group>
      )}
      {nextYear && (
        <ConfirmModal
          opened={confirmCopy}
          title={`Copier le budget vers l'année ${nextYear.index}`}
          confirmLabel="Copier"
          loading={copy.isPending}
          error={copy.error}
          onClose={() => setConfirmCopy(false)}
          onConfirm={() =>
            copy.mutate(
              { conventionId, fromYear: year.index, toYear: nextYear.index },
              { onSuccess: () => setConfirmCopy(false) },
            )
          }
        >
          <Text size="sm">
            Le budget prévisionnel de l'année {year.index} ({year.label}) sera recopié dans l'année{' '}
            {nextYear.index} ({nextYear.label}).
            {nextHasBudget &&
              ` Les montants déjà saisis pour l'année ${nextYear.index} seront remplacés.`}
          </Text>
        </ConfirmModal>
      )}
    </Stack>
  );
}
