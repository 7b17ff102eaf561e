/**
 * The money at a glance, each figure read from the service that computes it: budget consumed
 * against the forecast (budget.vsActual), the SIEG control (compensation.get: the year's
 * balance, or the control over the whole CPO, « provisoire » while a year rests on the
 * forecast), and the State's payments expected and received (payments.list).
 */
import { Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { CallOutput } from '../../../../../shared/contract';
import { outcomeLabels } from '../../../../../shared/domain/compensation';
import { isProvisional } from '../../../../../shared/domain/reconciliation';
import { formatEuros, formatPercent } from '../../../../../shared/format';
import { QueryStatus } from '../../../components/QueryStatus';
import { useCall } from '../../../lib/queries';

const outcomeBadges = {
  none: { color: 'teal', text: 'Rien à reverser' },
  carry_forward: { color: 'yellow', text: 'Reportable' },
  repay: { color: 'red', text: 'À reverser' },
  due_at_end: { color: 'red', text: 'Dû en fin de mandat' },
} as const;

/** A consumed / planned line with its bar; the ratio is only for the bar's length and %. */
function Consumed({ label, done, planned }: { label: string; done: number; planned: number }) {
  const ratio = planned > 0 ? done / planned : null;
  return (
    <div>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <Text size="xs">{label}</Text>
        <Text size="xs" c="dimmed">
          {ratio === null ? '' : formatPercent(ratio)}
        </Text>
      </Group>
      <Progress
        size="sm"
        value={ratio === null ? 0 : Math.min(100, ratio * 100)}
        color={ratio !== null && ratio > 1 ? 'orange' : 'indigo'}
        aria-label={`${label} : ${formatEuros(done)} sur ${formatEuros(planned)}${ratio === null ? '' : `, soit ${formatPercent(ratio)}`}`}
      />
      <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
        {formatEuros(done, { whole: true })}{' '}
        <Text span size="xs" fw={400} c="dimmed">
          / {formatEuros(planned, { whole: true })}
        </Text>
      </Text>
    </div>
  );
}

function BudgetCard({
  conventionId,
  yearIndex,
}: {
  conventionId: number;
  yearIndex: number | null;
}) {
  const budget = useCall('budget.vsActual', { conventionId, yearIndex, scope: 'sieg' });
  return (
    <Card withBorder padding="sm" data-testid="dashboard-budget">
      <Title order={3} size="h6" mb={6}>
        Budget : réalisé / prévu
      </Title>
      {budget.data ? (
        budget.data.hasActuals ? (
          <Stack gap={6}>
            <Consumed
              label="Charges"
              done={budget.data.charges.actualCents}
              planned={budget.data.charges.forecastCents}
            />
            <Consumed
              label="Produits"
              done={budget.data.produits.actualCents}
              planned={budget.data.produits.forecastCents}
            />
            <Text size="xs" c="dimmed">
              {yearIndex === null
                ? 'Périmètre SIEG ; réalisé des exercices dont le FEC est importé.'
                : 'Périmètre SIEG, réalisé d’après le FEC.'}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            Pas encore de FEC : prévu{' '}
            {formatEuros(budget.data.charges.forecastCents, { whole: true })} de charges, rien de
            réalisé à comparer.
          </Text>
        )
      ) : (
        <QueryStatus query={budget} />
      )}
    </Card>
  );
}

function siegView(data: CallOutput<'compensation.get'>, yearIndex: number | null) {
  if (yearIndex !== null) {
    const year = data.years.find((y) => y.yearIndex === yearIndex);
    if (!year) return null;
    return {
      title: `Contrôle SIEG ${year.label}`,
      provisional: year.basis !== 'actual',
      outcome: year.outcome,
      amount: year.balance,
      amountLabel: 'C + R − K − RP (indicatif)',
      basis: year.basis,
    };
  }
  const control = data.final ?? data.periods.at(-1);
  if (!control) return null;
  return {
    title: control.label,
    provisional: isProvisional(control.yearIndexes, data.years),
    outcome: control.outcome,
    amount: control.oc,
    amountLabel: 'Surcompensation (OC)',
    basis: null,
  };
}

function SiegCard({ conventionId, yearIndex }: { conventionId: number; yearIndex: number | null }) {
  const compensation = useCall('compensation.get', { conventionId });
  const view = compensation.data ? siegView(compensation.data, yearIndex) : null;
  return (
    <Card withBorder padding="sm" data-testid="dashboard-sieg">
      <Title order={3} size="h6" mb={6}>
        {view?.title ?? 'Contrôle SIEG'}
      </Title>
      {!compensation.data && <QueryStatus query={compensation} />}
      {compensation.data && view && (
        <Stack gap={4}>
          <Group gap={6}>
            {compensation.data.blocked ? (
              <Badge color="red" variant="light" tt="none">
                Bloqué
              </Badge>
            ) : (
              <Badge color={outcomeBadges[view.outcome].color} variant="light" tt="none">
                {outcomeBadges[view.outcome].text}
              </Badge>
            )}
            {view.provisional && (
              <Badge
                color="gray"
                variant="outline"
                tt="none"
                data-testid="dashboard-sieg-provisional"
              >
                Provisoire
              </Badge>
            )}
          </Group>
          <Text size="xs">
            {view.amountLabel} : <strong>{formatEuros(view.amount, { whole: true })}</strong>
          </Text>
          <Text size="xs" c="dimmed" lineClamp={2} title={outcomeLabels[view.outcome]}>
            {compensation.data.blocked
              ? compensation.data.blocked.reasons[0]
              : view.provisional
                ? view.basis === 'none'
                  ? 'Ni FEC ni budget : seule la contribution de l’État est connue.'
                  : 'Provisoire : repose encore sur le budget prévisionnel.'
                : outcomeLabels[view.outcome]}
          </Text>
        </Stack>
      )}
    </Card>
  );
}

function PaymentsCard({
  conventionId,
  yearIndex,
  today,
}: {
  conventionId: number;
  yearIndex: number | null;
  today: string;
}) {
  const payments = useCall('payments.list', { conventionId, today });
  // One year's figures, or the whole CPO's as payments.list adds them up (shared/domain).
  const figures =
    yearIndex === null
      ? payments.data?.whole
      : payments.data?.years.find((y) => y.yearIndex === yearIndex);
  const late =
    payments.data?.payments.filter(
      (p) => (yearIndex === null || p.yearIndex === yearIndex) && p.status === 'late',
    ).length ?? 0;
  return (
    <Card withBorder padding="sm" data-testid="dashboard-payments">
      <Title order={3} size="h6" mb={6}>
        Versements de l’État
      </Title>
      {!payments.data && <QueryStatus query={payments} />}
      {payments.data && (
        <Stack gap={6}>
          <Consumed
            label="Reçu / attendu"
            done={figures?.receivedCents ?? 0}
            planned={figures?.scheduledCents ?? 0}
          />
          <Text size="xs">
            Contribution accordée :{' '}
            <strong>{formatEuros(figures?.grantedCents ?? 0, { whole: true })}</strong>
          </Text>
          {late > 0 ? (
            <Text size="xs" c="red.8" fw={600}>
              {late > 1 ? `${late} versements en retard` : '1 versement en retard'}
            </Text>
          ) : (
            <Text size="xs" c="dimmed">
              Aucun versement en retard
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

export function MoneyCards({
  conventionId,
  yearIndex,
  today,
}: {
  conventionId: number;
  /** null: the whole CPO. */
  yearIndex: number | null;
  today: string;
}) {
  return (
    <SimpleGrid cols={3} spacing="sm">
      <BudgetCard conventionId={conventionId} yearIndex={yearIndex} />
      <SiegCard conventionId={conventionId} yearIndex={yearIndex} />
      <PaymentsCard conventionId={conventionId} yearIndex={yearIndex} today={today} />
    </SimpleGrid>
  );
}
