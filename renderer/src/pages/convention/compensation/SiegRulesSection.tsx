/**
 * What the convention says of the SIEG's perimeter (the operator's other activities, special
 * or exclusive rights), and the dedicated funds kept out of K and R, year by year and net
 * over the CPO. The control above reads them; the SIEG annex prints them.
 */
import {
  Anchor,
  Button,
  Card,
  Group,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { CallOutput } from '../../../../../shared/contract';
import { formatEuros } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { QueryStatus } from '../../../components/QueryStatus';
import { useAction, useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

export function SiegRulesSection({ conventionId }: { conventionId: number }) {
  const scope = useCall('siegScope.get', { conventionId });
  const compensation = useCall('compensation.get', { conventionId });
  if (scope.isPending || scope.isError) return <QueryStatus query={scope} />;
  return (
    <Stack gap="lg">
      <ScopeForm conventionId={conventionId} scope={scope.data} />
      {compensation.data && compensation.data.regime !== 'sieg_de_minimis' && (
        <DedicatedFunds funds={compensation.data.dedicatedFunds} years={compensation.data.years} />
      )}
    </Stack>
  );
}

function ScopeForm({
  conventionId,
  scope,
}: {
  conventionId: number;
  scope: CallOutput<'siegScope.get'>;
}) {
  const [draft, setDraft] = useState(scope);
  const canSave = useCan('siegScope.set');
  const save = useAction('siegScope.set', {
    onSuccess: () =>
      notifications.show({
        color: 'green',
        title: 'Périmètre enregistré',
        message: 'Le contrôle est recalculé.',
      }),
  });
  const changed = draft.siegOnly !== scope.siegOnly || draft.specialRights !== scope.specialRights;
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Périmètre du SIEG
        </Title>
        <Text size="sm" c="dimmed" maw={900}>
          Ce que dit la convention de l'organisme : s'il n'a pas d'autre activité, toute ligne du
          FEC sans code analytique ni règle est celle du SIEG (une ligne affectée à une autre
          activité en reste exclue). Sinon, les charges, recettes et subventions communes sont
          réparties par les clés (« Budget et réalisé › Répartition SIEG »).
        </Text>
        <ErrorSummary error={save.error} />
        <Switch
          label="L'organisme n'a pas d'autre activité que le SIEG"
          checked={draft.siegOnly}
          onChange={(event) => setDraft({ ...draft, siegOnly: event.currentTarget.checked })}
        />
        <TextInput
          label="Droits spéciaux ou exclusifs accordés avec le SIEG"
          description="Repris dans l'annexe SIEG du compte rendu financier."
          value={draft.specialRights}
          onChange={(event) => setDraft({ ...draft, specialRights: event.currentTarget.value })}
          maw={700}
        />
        {canSave && (
          <Group>
            <Button
              disabled={!changed}
              loading={save.isPending}
              onClick={() => save.mutate({ conventionId, scope: draft })}
            >
              Enregistrer le périmètre
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function DedicatedFunds({
  funds,
  years,
}: {
  funds: CallOutput<'compensation.get'>['dedicatedFunds'];
  years: CallOutput<'compensation.get'>['years'];
}) {
  const labelOf = (yearIndex: number) =>
    years.find((year) => year.yearIndex === yearIndex)?.label ?? `Année ${yearIndex}`;
  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Fonds dédiés du SIEG (hors de K et de R)
      </Title>
      <Text size="sm" c="dimmed" maw={900}>
        Une dotation aux fonds dédiés (689) met de côté une ressource non employée ; une reprise
        (789) l'emploie plus tard. Ni coût ni recette du service, elles sont suivies ici et
        rapprochées sur toute la CPO.
      </Text>
      <Table withTableBorder fz="sm" aria-label="Fonds dédiés du SIEG">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Année</Table.Th>
            <Table.Th style={right}>Reports (689)</Table.Th>
            <Table.Th style={right}>Utilisations (789)</Table.Th>
            <Table.Th style={right}>Net</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {funds.years.map((year) => (
            <Table.Tr key={year.yearIndex}>
              <Table.Td>{labelOf(year.yearIndex)}</Table.Td>
              <Table.Td style={right}>{formatEuros(year.provision)}</Table.Td>
              <Table.Td style={right}>{formatEuros(year.use)}</Table.Td>
              <Table.Td style={right}>{formatEuros(year.net)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={600}>
            <Table.Td>Toute la CPO</Table.Td>
            <Table.Td style={right}>{formatEuros(funds.provision)}</Table.Td>
            <Table.Td style={right}>{formatEuros(funds.use)}</Table.Td>
            <Table.Td style={right}>{formatEuros(funds.net)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Where the user settles what blocks the control: the « Budget et réalisé » tab. */
export function blockedLinkHref(conventionId: number) {
  return `#/conventions/${conventionId}/budget`;
}

/** The control cannot conclude: the reasons, the accounts to map and where to map them. */
export function BlockedControl({
  conventionId,
  blocked,
}: {
  conventionId: number;
  blocked: NonNullable<CallOutput<'compensation.get'>['blocked']>;
}) {
  return (
    <Card withBorder padding="md" bg="red.0" data-testid="control-blocked">
      <Stack gap="xs">
        <Title order={4} size="h5" c="red.9">
          Contrôle bloqué : aucune conclusion tant que ces points ne sont pas réglés
        </Title>
        {blocked.reasons.map((reason) => (
          <Text key={reason} size="sm">
            {reason}
          </Text>
        ))}
        {blocked.unmapped.length > 0 && (
          <Table fz="sm" withTableBorder aria-label="Comptes sans correspondance">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Année</Table.Th>
                <Table.Th>Compte</Table.Th>
                <Table.Th>Intitulé</Table.Th>
                <Table.Th style={right}>Solde débiteur</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {blocked.unmapped.map((line) => (
                <Table.Tr key={`${line.yearIndex}-${line.account}`}>
                  <Table.Td>{line.yearLabel}</Table.Td>
                  <Table.Td>{line.account}</Table.Td>
                  <Table.Td>{line.label}</Table.Td>
                  <Table.Td style={right}>{formatEuros(line.netDebitCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Anchor href={blockedLinkHref(conventionId)} size="sm">
          {blocked.link.section === 'correspondance'
            ? `Ouvrir « Budget et réalisé › Correspondance des comptes » (année ${blocked.link.yearIndex})`
            : `Ouvrir « Budget et réalisé › Répartition SIEG » (année ${blocked.link.yearIndex})`}
        </Anchor>
      </Stack>
    </Card>
  );
}
