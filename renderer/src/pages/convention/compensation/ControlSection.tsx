/**
 * The overcompensation control: C, R, K, RP per year (informative), each control period
 * with its outcome, the end of the entrustment, and the parameters the convention fixed
 * (read-only; an avenant changes them). Every figure opens what it is made of.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ControlData } from '../../../../../shared/contract/compensation';
import { outcomeLabels, type Outcome } from '../../../../../shared/domain/compensation';
import { isProvisional } from '../../../../../shared/domain/reconciliation';
import type { CallOutput } from '../../../../../shared/contract';
import { formatDate, formatEuros, formatPercent } from '../../../../../shared/format';
import { QueryStatus } from '../../../components/QueryStatus';
import { useCall } from '../../../lib/queries';
import { ExplainModal, figureNames, type Explained } from './ExplainModal';
import { ParametersSection } from './ParametersSection';
import { BlockedControl } from './SiegRulesSection';

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

const outcomeBadges: Record<Outcome, { color: string; text: string }> = {
  none: { color: 'teal', text: 'Rien à reverser' },
  carry_forward: { color: 'yellow', text: 'Reportable' },
  repay: { color: 'red', text: 'À reverser' },
  due_at_end: { color: 'red', text: 'Dû en fin de mandat' },
};

/** The outcome in a sentence: a carry at the end goes to the following convention. */
function outcomeText(control: ControlData): string {
  if (control.outcome === 'carry_forward' && control.carriedTo === 'next_convention')
    return 'Surcompensation de 10 % au plus, reportée sur la convention suivante qui la déduira';
  return outcomeLabels[control.outcome];
}

const basisLabels = { actual: 'Réalisé (FEC)', forecast: 'Prévisionnel', none: 'Sans données' };

export function ControlSection({ conventionId }: { conventionId: number }) {
  const compensation = useCall('compensation.get', { conventionId });
  const [explained, setExplained] = useState<Explained | null>(null);

  if (compensation.isPending || compensation.isError) return <QueryStatus query={compensation} />;
  const data = compensation.data;
  const controls = [...data.periods, ...(data.final ? [data.final] : [])];

  return (
    <Stack gap="lg">
      <div>
        <Title order={3} size="h4">
          Contrôle de la surcompensation
        </Title>
        <Text size="sm" c="dimmed" maw={900}>
          La compensation publique (C) et les autres recettes du SIEG (R) ne doivent pas dépasser
          ses coûts (K) plus le bénéfice raisonnable (RP, taux de marge sur coûts de{' '}
          {formatPercent(data.reasonableProfitBp / 10000, 1)} fixé par la convention). Chaque
          montant s'ouvre sur ce qui le compose, jusqu'aux lignes du FEC.
        </Text>
      </div>
      {data.regime === 'sieg_de_minimis' && (
        <Alert color="blue" variant="light" title="Convention sous le régime SIEG de minimis">
          Le contrôle de surcompensation ne s'applique pas à ce régime ; il est montré à titre
          d'information. Le suivi du plafond de 750 000 € est plus bas.
        </Alert>
      )}
      {data.warnings.length > 0 && (
        <Alert color="orange" variant="light" title="À savoir sur ces chiffres">
          <List size="sm" spacing={2}>
            {data.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      {data.blocked && <BlockedControl conventionId={conventionId} blocked={data.blocked} />}

      <SimpleGrid cols={{ base: 1, md: controls.length > 1 ? 2 : 1 }}>
        {controls.map((control) => (
          <ControlCard
            key={control.label}
            control={control}
            blocked={data.blocked !== null}
            provisional={isProvisional(control.yearIndexes, data.years)}
            onExplain={() => setExplained({ kind: 'oc', control })}
          />
        ))}
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={4} size="h5">
          Par année (contrôle informatif)
        </Title>
        <Table withTableBorder striped fz="sm" aria-label="Compensation par année">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Année</Table.Th>
              <Table.Th>Base</Table.Th>
              <Table.Th style={right}>C</Table.Th>
              <Table.Th style={right}>R</Table.Th>
              <Table.Th style={right}>K</Table.Th>
              <Table.Th style={right}>RP</Table.Th>
              <Table.Th style={right}>C + R − K − RP</Table.Th>
              <Table.Th>Lecture</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.years.map((year) => (
              <Table.Tr key={year.yearIndex} data-testid={`compensation-year-${year.yearIndex}`}>
                <Table.Td>{year.label}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    tt="none"
                    color={
                      year.basis === 'actual' ? 'teal' : year.basis === 'forecast' ? 'blue' : 'gray'
                    }
                  >
                    {basisLabels[year.basis]}
                  </Badge>
                </Table.Td>
                {(['c', 'r', 'k'] as const).map((which) => (
                  <Table.Td key={which} style={right}>
                    <Button
                      variant="subtle"
                      size="compact-sm"
                      aria-label={`${figureNames[which]}, ${year.label} : ${formatEuros(year[which])}`}
                      onClick={() => setExplained({ kind: which, year })}
                    >
                      {formatEuros(year[which])}
                    </Button>
                  </Table.Td>
                ))}
                <Table.Td style={right}>{formatEuros(year.rp)}</Table.Td>
                <Table.Td style={right} fw={600}>
                  {formatEuros(year.balance)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" tt="none" color={outcomeBadges[year.outcome].color}>
                    {year.balance > 0 ? 'Excédent' : 'Pas d’excédent'}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      {data.regime !== 'sieg_de_minimis' && (
        <EndOfEntrustment data={data} blocked={data.blocked !== null} />
      )}

      <ParametersSection conventionId={conventionId} data={data} />

      <ExplainModal
        conventionId={conventionId}
        years={data.years}
        explained={explained}
        onClose={() => setExplained(null)}
      />
    </Stack>
  );
}

function ControlCard({
  control,
  provisional,
  blocked,
  onExplain,
}: {
  control: ControlData;
  /** A year of the control has no FEC yet: its figures are forecasts. */
  provisional: boolean;
  /** Unmapped accounts, or keys and a flat rate: no outcome is drawn. */
  blocked: boolean;
  onExplain: () => void;
}) {
  const badge = blocked
    ? { color: 'red', text: 'Contrôle bloqué' }
    : outcomeBadges[control.outcome];
  const line = (label: string, value: number, strong = false) => (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td style={right} fw={strong ? 700 : undefined}>
        {formatEuros(value)}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Card withBorder padding="md" data-testid="control-card">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={4} size="h5">
            {control.label}
          </Title>
          <Group gap={6}>
            {provisional && (
              <Badge color="gray" variant="outline" tt="none" size="lg" data-testid="provisional">
                Provisoire
              </Badge>
            )}
            <Badge color={badge.color} variant="light" tt="none" size="lg">
              {provisional ? `${badge.text} (provisoire)` : badge.text}
            </Badge>
          </Group>
        </Group>
        <Table fz="sm" aria-label={`Contrôle — ${control.label}`}>
          <Table.Tbody>
            {line('C — compensation publique', control.c)}
            {line('R — autres recettes du SIEG', control.r)}
            {line('K — coûts du SIEG', control.k)}
            {line('RP — bénéfice raisonnable (taux de marge sur coûts)', control.rp)}
            {control.carriedIn !== 0 && line('Report de la période précédente', control.carriedIn)}
            <Table.Tr>
              <Table.Td fw={700}>OC — surcompensation</Table.Td>
              <Table.Td style={right}>
                <Button
                  variant="light"
                  size="compact-sm"
                  onClick={onExplain}
                  aria-label={`Surcompensation ${control.label} : ${formatEuros(control.oc)}`}
                >
                  {formatEuros(control.oc)}
                </Button>
              </Table.Td>
            </Table.Tr>
            {line(
              `Compensation annuelle moyenne (sur ${control.averageBase.years} an${control.averageBase.years > 1 ? 's' : ''})`,
              control.cAvg,
            )}
            {line('Seuil de 10 %', control.threshold)}
            {control.disposedBefore > 0 &&
              line('Déjà réglé par les périodes (reversé, dû ou reporté)', control.disposedBefore)}
            {control.repaid > 0 && line('Déjà reversé ou déduit', control.repaid)}
            {control.amountDue > 0 && line('Reste à reverser', control.amountDue, true)}
            {control.carriedOut > 0 &&
              line(
                control.carriedTo === 'next_convention'
                  ? 'Reporté sur la convention suivante'
                  : 'Reportable (ou à reverser)',
                control.carriedOut,
                true,
              )}
          </Table.Tbody>
        </Table>
        <Text size="sm">
          {blocked
            ? 'Aucune conclusion : le contrôle est bloqué (voir ci-dessus).'
            : provisional
              ? `Conclusion provisoire : ${outcomeText(control).charAt(0).toLowerCase()}${outcomeText(control).slice(1)}. Des années de ce contrôle n’ont pas encore de FEC : leurs chiffres sont ceux du budget prévisionnel.`
              : `${outcomeText(control)}.`}
        </Text>
      </Stack>
    </Card>
  );
}

/** The end of the entrustment: what is due in all, and whether a following convention deducts. */
function EndOfEntrustment({
  data,
  blocked,
}: {
  data: CallOutput<'compensation.get'>;
  blocked: boolean;
}) {
  const end = data.endOfEntrustment;
  return (
    <Alert
      color={data.totalDue > 0 && !blocked ? 'red' : 'gray'}
      variant="light"
      title={`Fin du mandat le ${formatDate(end.endDate)}`}
      data-testid="end-of-entrustment"
    >
      <Stack gap={4}>
        <Text size="sm">
          Il n’y a pas de période suivante dans la convention.{' '}
          {end.followingConvention
            ? `Convention suivante enregistrée : ${end.followingConvention}${end.linked ? '' : ' (hors de l’application)'} ; une surcompensation de 10 % au plus restant à la fin y est reportée et déduite.`
            : 'Aucune convention suivante n’est enregistrée (fiche de la convention) : toute surcompensation restant à la fin est due, même sous 10 %.'}
        </Text>
        {!blocked && (
          <Text size="sm" fw={600}>
            Reste à reverser sur la convention : {formatEuros(data.totalDue)}
            {data.totalRepaid > 0
              ? ` (déjà reversé ou déduit : ${formatEuros(data.totalRepaid)})`
              : ''}{' '}
            — chaque contrôle compte une seule fois.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
