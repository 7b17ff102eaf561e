/**
 * « Prévu / réalisé »: the forecast of each CERFA row against the FEC actuals, for the
 * whole operator or the SIEG activity alone, one year or the whole CPO. A gap over the
 * threshold needs an explanation for the annex (written per year); every actual opens the
 * FEC lines behind it.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, useState } from 'react';
import type { CallOutput } from '../../../../../shared/contract';
import type { BudgetVsActualRow } from '../../../../../shared/contract/budget';
import type { ConventionDetail } from '../../../../../shared/contract/conventions';
import { gapPercentText, type CerfaSide } from '../../../../../shared/domain/cerfa';
import { formatEuros, formatPercent } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { MoneyInput, QuantityInput } from '../../../components/AmountInput';
import { FecLinesModal, type LinesTarget } from '../../../components/FecLinesModal';
import { QueryStatus } from '../../../components/QueryStatus';
import { ScrollRegion } from '../../../components/ScrollRegion';
import { plural } from '../../../lib/display';
import { errorMap } from '../../../lib/fieldErrors';
import { useAction, useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

type Year = ConventionDetail['years'][number];
type Scope = 'operator' | 'sieg';

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

function gapText(gapCents: number): string {
  return gapCents > 0 ? `+${formatEuros(gapCents)}` : formatEuros(gapCents);
}

/** The gap's % as the compte rendu prints it: one shared rule (signed, one decimal). */
const ratioText = gapPercentText;

type SiegCosts = CallOutput<'siegCosts.get'>;

/**
 * How the SIEG's actual of a row is made from the FEC lines the dialog lists: its own
 * lines, plus the key's share of the general costs — so the figure reconciles on screen.
 */
function siegShareNote(line: BudgetVsActualRow, costs: SiegCosts | undefined): string {
  const generic =
    'Activité SIEG seule : le réalisé est la part du SIEG dans ces lignes — les lignes de son axe analytique, plus la part des frais généraux donnée par les clés de répartition.';
  const linesTotal = line.accounts.reduce(
    (sum, account) =>
      sum + (line.side === 'charges' ? account.netDebitCents : -account.netDebitCents),
    0,
  );
  const cost = costs?.rows.find((row) => row.row === line.row);
  if (line.side === 'produits' || !cost)
    return `${generic} Lignes listées : ${formatEuros(linesTotal)} ; part du SIEG (lignes de son axe) : ${formatEuros(line.actualCents)}.`;
  const key =
    cost.share === null
      ? `sans clé de répartition : ${formatEuros(cost.general)} de frais généraux ne sont pas comptés`
      : `${formatPercent(cost.share, 1)} de ${formatEuros(cost.general)} de frais généraux par la clé « ${cost.keyLabel ?? ''} » = ${formatEuros(cost.allocated)}`;
  return (
    `Réalisé SIEG ${formatEuros(line.actualCents)} = lignes de l’axe SIEG ${formatEuros(cost.sieg)} + ${key}. ` +
    `Lignes listées : ${formatEuros(linesTotal)}, dont ${formatEuros(cost.other)} de l’autre activité (hors SIEG).`
  );
}

export function VsActualSection({
  conventionId,
  yearIndex,
  years,
}: {
  conventionId: number;
  yearIndex: number | null;
  years: Year[];
}) {
  // The compte rendu financier is the action's, the SIEG's: its gaps are the ones to explain.
  const [scope, setScope] = useState<Scope>('sieg');
  const [lines, setLines] = useState<LinesTarget | null>(null);
  const result = useCall('budget.vsActual', { conventionId, yearIndex, scope });
  // The keys and shares behind each SIEG actual, for the FEC lines dialog (one year only).
  const costs = useCall('siegCosts.get', { conventionId, yearIndex: yearIndex ?? 1 });
  const canExplain = useCan('budget.explainGap');
  const canSetThreshold = useCan('budget.setThreshold');
  const explain = useAction('budget.explainGap', {
    onSuccess: (_data, input) =>
      notifications.show({
        color: 'green',
        title: 'Explication enregistrée',
        message: `Ligne ${input.row}, année ${input.yearIndex}.`,
      }),
  });

  const data = result.data;
  const fiscalYearEnds = data
    ? years.filter((year) => data.years.includes(year.index)).map((year) => year.fiscalYearEnd)
    : [];
  const single = yearIndex !== null;

  const row = (line: BudgetVsActualRow) => (
    <VsRow
      key={line.row}
      line={line}
      editable={single && canExplain}
      saving={explain.isPending && explain.variables.row === line.row}
      // The summary below the table does not say which row failed: the message goes there too.
      error={explain.variables?.row === line.row ? errorMap(explain.error).text : undefined}
      onExplain={(text) =>
        yearIndex !== null && explain.mutate({ conventionId, yearIndex, row: line.row, text })
      }
      onOpenLines={() =>
        setLines({
          label: line.label,
          figure: line.actualCents,
          accounts: line.accounts,
          fiscalYearEnds,
          // The SIEG's figure is a share of these lines (its axis, and the keys).
          ...(scope === 'sieg'
            ? {
                note:
                  siegShareNote(line, yearIndex === null ? undefined : costs.data) +
                  ' Toutes les lignes des comptes sont listées ; leur code analytique dit à quel axe chacune appartient.',
              }
            : {}),
        })
      }
    />
  );

  const side = (which: CerfaSide) => {
    if (!data) return null;
    const rows = data.rows.filter((line) => line.side === which);
    const totals = which === 'charges' ? data.charges : data.produits;
    return (
      <>
        <Table.Tr>
          <Table.Th colSpan={6} bg="gray.1" scope="colgroup">
            {which === 'charges' ? 'Charges' : 'Produits'}
          </Table.Th>
        </Table.Tr>
        {rows.filter((line) => !line.inKind).map(row)}
        <TotalRow
          label={which === 'charges' ? 'Total des charges' : 'Total des produits'}
          forecast={totals.forecastCents}
          actual={totals.actualCents}
        />
        {rows.filter((line) => line.inKind).map(row)}
      </>
    );
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3} size="h4">
            Prévu / réalisé —{' '}
            {yearIndex === null
              ? 'toute la CPO'
              : `année ${yearIndex} (${years.find((y) => y.index === yearIndex)?.label ?? ''})`}
          </Title>
          <Text size="sm" c="dimmed" maw={820}>
            Réalisé d'après le FEC en vigueur de chaque exercice. Chaque montant réalisé ouvre les
            lignes du FEC qui le composent.
          </Text>
        </div>
        <SegmentedControl
          aria-label="Périmètre"
          value={scope}
          onChange={(value) => setScope(value as Scope)}
          data={[
            { value: 'sieg', label: 'Activité SIEG seule' },
            { value: 'operator', label: "Tout l'opérateur" },
          ]}
        />
      </Group>
      <QueryStatus query={result} />
      {data && (
        <>
          <Group gap="md">
            {data.unexplained > 0 ? (
              <Badge color="orange" size="lg" variant="light" tt="none" data-testid="unexplained">
                {plural(data.unexplained, 'écart à expliquer', 'écarts à expliquer')}
              </Badge>
            ) : (
              <Badge color="green" size="lg" variant="light" tt="none" data-testid="unexplained">
                {/* No unexplained gap: either none is significant, or every significant one
                    already has its explanation (count them so the user sees the work is done). */}
                {significantCount(data.rows) > 0
                  ? `Tous les écarts significatifs sont expliqués (${significantCount(data.rows)})`
                  : 'Aucun écart à expliquer'}
              </Badge>
            )}
            <ThresholdText basisPoints={data.threshold.basisPoints} cents={data.threshold.cents} />
          </Group>
          {!data.hasActuals && (
            <Alert color="blue" variant="light">
              Aucun FEC importé pour {single ? 'cet exercice' : 'ces exercices'} : le réalisé est à
              zéro. Importez le FEC dans {'«\u00a0Réalisations (FEC)\u00a0»'}.
            </Alert>
          )}
          {data.toAssignCents !== 0 && (
            <Alert color="orange" variant="light" title="Comptes à affecter">
              {formatEuros(Math.abs(data.toAssignCents))} de subventions attendent leur financeur :
              affectez-les dans {'«\u00a0Correspondance des comptes\u00a0»'}.
            </Alert>
          )}
          {!single && (
            <Text size="sm" c="dimmed">
              Les explications d'écart s'écrivent année par année : choisissez une année pour les
              saisir.
            </Text>
          )}
          <Text size="sm" c="dimmed" maw={900}>
            {scope === 'sieg'
              ? 'Activité SIEG seule : charges directes du SIEG et frais généraux répartis par les clés, produits rattachés au SIEG. C’est ce réalisé que reprend le compte rendu financier.'
              : 'Tout l’opérateur : les comptes entiers de l’organisme, pour comparaison ; le compte rendu financier reprend l’activité SIEG seule.'}
          </Text>
          <ScrollRegion label="Prévu / réalisé (défilement horizontal)">
            <Table withTableBorder fz="sm" aria-label="Prévu / réalisé">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Ligne du compte rendu</Table.Th>
                  <Table.Th style={right}>Prévision</Table.Th>
                  <Table.Th style={right}>Réalisation</Table.Th>
                  <Table.Th style={right}>Écart (€)</Table.Th>
                  <Table.Th style={right}>Écart (%)</Table.Th>
                  <Table.Th>Écart significatif</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {side('charges')}
                {side('produits')}
                <TotalRow
                  label="Solde (produits − charges)"
                  forecast={data.balance.forecastCents}
                  actual={data.balance.actualCents}
                  strong
                />
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          <ErrorSummary error={explain.error} />
          {canSetThreshold && (
            <ThresholdForm
              conventionId={conventionId}
              basisPoints={data.threshold.basisPoints}
              cents={data.threshold.cents}
            />
          )}
        </>
      )}
      <FecLinesModal conventionId={conventionId} target={lines} onClose={() => setLines(null)} />
    </Stack>
  );
}

function ThresholdText({ basisPoints, cents }: { basisPoints: number; cents: number }) {
  return (
    <Text size="sm">
      Seuil d'écart significatif : ±{formatPercent(basisPoints / 10_000, basisPoints % 100 ? 2 : 0)}{' '}
      ou {formatEuros(cents, { whole: cents % 100 === 0 })}
    </Text>
  );
}

function TotalRow({
  label,
  forecast,
  actual,
  strong = false,
}: {
  label: string;
  forecast: number;
  actual: number;
  /** The balance: a % of a balance reads as nonsense, so it has none. */
  strong?: boolean;
}) {
  const gap = actual - forecast;
  return (
    <Table.Tr bg={strong ? 'blue.0' : 'gray.0'}>
      <Table.Th scope="row">{label}</Table.Th>
      <Table.Td style={{ ...right, fontWeight: 700 }}>{formatEuros(forecast)}</Table.Td>
      <Table.Td style={{ ...right, fontWeight: 700 }}>{formatEuros(actual)}</Table.Td>
      <Table.Td style={{ ...right, fontWeight: 700 }}>{gapText(gap)}</Table.Td>
      <Table.Td style={right}>
        {forecast === 0 || strong ? '—' : ratioText(gap / forecast)}
      </Table.Td>
      <Table.Td />
    </Table.Tr>
  );
}

function VsRow({
  line,
  editable,
  saving,
  error,
  onExplain,
  onOpenLines,
}: {
  line: BudgetVsActualRow;
  editable: boolean;
  saving: boolean;
  error: string | undefined;
  onExplain: (text: string) => void;
  onOpenLines: () => void;
}) {
  const [text, setText] = useState(line.explanation ?? '');
  const explained = Boolean(line.explanation?.trim());
  const changed = text.trim() !== (line.explanation ?? '').trim();
  return (
    <Fragment>
      <Table.Tr
        data-testid={`vs-row-${line.row}`}
        bg={line.significant && !explained ? 'orange.0' : undefined}
      >
        <Table.Td>
          {line.label}
          {line.inKind && (
            <Text span size="xs" c="dimmed">
              {' '}
              (hors total)
            </Text>
          )}
        </Table.Td>
        <Table.Td style={right}>{formatEuros(line.forecastCents)}</Table.Td>
        <Table.Td style={right}>
          {line.accounts.length > 0 ? (
            <UnstyledButton
              onClick={onOpenLines}
              aria-label={`Lignes du FEC de ${line.label} : ${formatEuros(line.actualCents)}`}
              c="blue.8"
              td="underline"
              fz="sm"
              data-testid="actual"
            >
              {formatEuros(line.actualCents)}
            </UnstyledButton>
          ) : (
            <span data-testid="actual">{formatEuros(line.actualCents)}</span>
          )}
        </Table.Td>
        <Table.Td style={right}>{gapText(line.gapCents)}</Table.Td>
        <Table.Td style={right}>{ratioText(line.gapRatio)}</Table.Td>
        <Table.Td>
          {line.significant &&
            (explained ? (
              <Badge color="green" variant="light" tt="none">
                Écart expliqué
              </Badge>
            ) : (
              <Badge color="orange" variant="light" tt="none">
                Écart à expliquer
              </Badge>
            ))}
        </Table.Td>
      </Table.Tr>
      {line.significant && (editable || explained) && (
        <Table.Tr bg={explained ? undefined : 'orange.0'}>
          <Table.Td colSpan={6} pl="xl">
            {editable ? (
              <Group align="flex-end" gap="sm" wrap="nowrap">
                <Textarea
                  label={`Explication de l'écart — ${line.label}`}
                  value={text}
                  onChange={(event) => setText(event.currentTarget.value)}
                  autosize
                  minRows={1}
                  maxRows={6}
                  style={{ flex: 1 }}
                  size="xs"
                  error={error}
                />
                <Button
                  size="xs"
                  variant="light"
                  disabled={!changed}
                  loading={saving}
                  onClick={() => onExplain(text.trim())}
                >
                  Enregistrer l'explication
                </Button>
              </Group>
            ) : (
              <Text size="sm">
                <Text span fw={600}>
                  Explication :
                </Text>{' '}
                {line.explanation}
              </Text>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

function ThresholdForm({
  conventionId,
  basisPoints,
  cents,
}: {
  conventionId: number;
  basisPoints: number;
  cents: number;
}) {
  const [percent, setPercent] = useState<number | null>(basisPoints / 100);
  const [amount, setAmount] = useState<number | null>(cents);
  const save = useAction('budget.setThreshold', {
    onSuccess: () =>
      notifications.show({
        color: 'green',
        title: 'Seuil enregistré',
        message: 'Les écarts sont recalculés.',
      }),
  });
  const errors = errorMap(save.error);
  const changed = percent !== basisPoints / 100 || amount !== cents;
  return (
    <Paper withBorder p="sm" maw={720}>
      <Stack gap="xs">
        <Title order={4} size="h5">
          Seuil d'écart significatif
        </Title>
        <Text size="sm" c="dimmed">
          Un écart est à expliquer dès qu'il atteint l'un des deux seuils (par défaut ±15 % ou 5 000
          €). Le seuil vaut pour toute la convention.
        </Text>
        <ErrorSummary error={save.error} />
        <Group align="flex-start" gap="sm">
          <QuantityInput
            label="Seuil en %"
            value={percent}
            onChange={setPercent}
            max={100}
            decimals={2}
            unit="percent"
            w={140}
            error={errors.basisPoints}
          />
          <MoneyInput
            label="Seuil en euros"
            valueCents={amount}
            onChangeCents={setAmount}
            w={180}
            error={errors.cents}
          />
          <Button
            mt={25}
            variant="light"
            disabled={!changed || percent === null || amount === null}
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                conventionId,
                basisPoints: Math.round((percent ?? Number.NaN) * 100),
                cents: amount ?? 0,
              })
            }
          >
            Enregistrer le seuil
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** How many rows cross the threshold (explained or not). */
function significantCount(rows: BudgetVsActualRow[]): number {
  return rows.filter((line) => line.significant).length;
}
