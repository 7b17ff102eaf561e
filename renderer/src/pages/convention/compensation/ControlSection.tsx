/**
 * The overcompensation control: the readings used (settings of the convention), C, R, K,
 * RP per year (informative), and each control period with its outcome. Every figure opens
 * what it is made of.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { ControlData } from '../../../../../shared/contract/compensation';
import { outcomeLabels, type Outcome } from '../../../../../shared/domain/compensation';
import { isProvisional } from '../../../../../shared/domain/reconciliation';
import { formatEuros, formatPercent } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { QueryStatus } from '../../../components/QueryStatus';
import { useAction, useCall } from '../../../lib/queries';
import { ExplainModal, figureNames, type Explained } from './ExplainModal';

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

const outcomeBadges: Record<Outcome, { color: string; text: string }> = {
  none: { color: 'teal', text: 'Rien à reverser' },
  carry_forward: { color: 'yellow', text: 'Reportable' },
  repay: { color: 'red', text: 'À reverser' },
};

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
          ses coûts (K) plus le bénéfice raisonnable (RP,{' '}
          {formatPercent(data.reasonableProfitBp / 10000, 1)} des coûts selon la convention). Chaque
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

      <SimpleGrid cols={{ base: 1, md: controls.length > 1 ? 2 : 1 }}>
        {controls.map((control) => (
          <ControlCard
            key={control.label}
            control={control}
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

      <SettingsForm conventionId={conventionId} settings={data.settings} />

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
  onExplain,
}: {
  control: ControlData;
  /** A year of the control has no FEC yet: its figures are forecasts. */
  provisional: boolean;
  onExplain: () => void;
}) {
  const badge = outcomeBadges[control.outcome];
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
            {line('RP — bénéfice raisonnable', control.rp)}
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
            {control.amountDue > 0 && line('À reverser', control.amountDue, true)}
            {control.carriedOut > 0 && line('Reportable (ou à reverser)', control.carriedOut, true)}
          </Table.Tbody>
        </Table>
        <Text size="sm">
          {provisional
            ? `Conclusion provisoire : ${outcomeLabels[control.outcome].charAt(0).toLowerCase()}${outcomeLabels[control.outcome].slice(1)}. Des années de ce contrôle n’ont pas encore de FEC : leurs chiffres sont ceux du budget prévisionnel.`
            : `${outcomeLabels[control.outcome]}.`}
        </Text>
      </Stack>
    </Card>
  );
}

function SettingsForm({
  conventionId,
  settings,
}: {
  conventionId: number;
  settings: { netting: boolean; averageOver: 'period' | 'cpo'; periodYears: number };
}) {
  const [draft, setDraft] = useState(settings);
  const save = useAction('compensation.setSettings', {
    onSuccess: () =>
      notifications.show({
        color: 'green',
        title: 'Lectures enregistrées',
        message: 'Le contrôle est recalculé avec ces lectures.',
      }),
  });
  const changed =
    draft.netting !== settings.netting ||
    draft.averageOver !== settings.averageOver ||
    draft.periodYears !== settings.periodYears;
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={4} size="h5">
          Lectures retenues pour le contrôle
        </Title>
        <Text size="sm" c="dimmed" maw={900}>
          La décision 2012/21/UE laisse deux points d'interprétation ; les valeurs par défaut sont
          celles recommandées. Les rapports indiquent les lectures utilisées.
        </Text>
        <ErrorSummary error={save.error} />
        <Switch
          label="Les années d'une période se compensent entre elles (un déficit efface un excédent)"
          checked={draft.netting}
          onChange={(event) => setDraft({ ...draft, netting: event.currentTarget.checked })}
        />
        <Group gap="lg" align="flex-end">
          <Select
            label="Compensation annuelle moyenne calculée"
            data={[
              { value: 'period', label: 'sur la période contrôlée' },
              { value: 'cpo', label: 'sur toute la CPO' },
            ]}
            value={draft.averageOver}
            onChange={(value) =>
              value && setDraft({ ...draft, averageOver: value as 'period' | 'cpo' })
            }
            allowDeselect={false}
            w={280}
          />
          <Select
            label="Durée d'une période de contrôle"
            data={[
              { value: '1', label: '1 an' },
              { value: '2', label: '2 ans' },
              { value: '3', label: '3 ans' },
            ]}
            value={String(draft.periodYears)}
            onChange={(value) => value && setDraft({ ...draft, periodYears: Number(value) })}
            allowDeselect={false}
            w={200}
          />
          <Button
            disabled={!changed}
            loading={save.isPending}
            onClick={() => save.mutate({ conventionId, settings: draft })}
          >
            Enregistrer les lectures
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
