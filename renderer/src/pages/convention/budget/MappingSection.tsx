/**
 * « Correspondance des comptes »: which CERFA row each account of the year's FEC goes to,
 * under the chart of accounts in force that year. Changing a row writes a convention rule
 * for that account; the catalogue's rules stay and apply to everything else. Each change
 * carries the convention's rule the page showed for that account (`was`): a colleague's
 * change to the same account meanwhile is refused and shown, not overwritten.
 */
import {
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  cerfaRowLabel,
  cerfaRows,
  chartVersionLabels,
  signedForAccount,
  type ChartVersion,
} from '../../../../../shared/domain/cerfa';
import { formatEuros } from '../../../../../shared/format';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { GridConflictNotice, gridConflict } from '../../../components/GridConflictNotice';
import { QueryStatus } from '../../../components/QueryStatus';
import { ScrollRegion } from '../../../components/ScrollRegion';
import { plural } from '../../../lib/display';
import { useAction, useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

export const rowOptions = cerfaRows.map((row) => ({ value: row.code, label: row.label }));

export function rowLabel(code: string | null): string {
  return code === null ? '—' : cerfaRowLabel(code);
}

export function MappingSection({
  conventionId,
  yearIndex,
}: {
  conventionId: number;
  yearIndex: number;
}) {
  const mapping = useCall('mapping.get', { conventionId, yearIndex });
  const canMap = useCan('mapping.set');
  const set = useAction('mapping.set', {
    onSuccess: (_data, input) =>
      notifications.show({
        color: 'green',
        title: 'Correspondance enregistrée',
        message:
          input.row === null
            ? `La règle propre au compte ${input.prefix} est retirée.`
            : `Compte ${input.prefix}${input.auxiliary ? ` (${input.auxiliary})` : ''} → ${rowLabel(input.row)}.`,
      }),
  });
  const setMany = useAction('mapping.setMany', {
    onSuccess: (data) =>
      notifications.show({
        color: 'green',
        title: 'Financeurs affectés',
        message: `${plural(data.changed, 'règle enregistrée', 'règles enregistrées')}.`,
      }),
  });

  if (mapping.isPending || mapping.isError) return <QueryStatus query={mapping} />;
  const data = mapping.data;
  const chartVersion = data.chartVersion as ChartVersion;
  // The convention's own rule for an account as loaded (null: none, the catalogue applies).
  const conventionRules = new Map(
    data.rules
      .filter((rule) => rule.source === 'convention')
      .map((rule) => [`${rule.prefix}:${rule.auxiliary}`, rule.row]),
  );
  const wasFor = (prefix: string, auxiliary: string) =>
    conventionRules.get(`${prefix}:${auxiliary}`) ?? null;
  const error = set.error ?? setMany.error;
  const conflict = gridConflict(error);
  const conflictRules = (conflict?.current.rules ?? []) as {
    prefix: string;
    auxiliary: string;
    row: string | null;
  }[];
  const typedRules = set.error
    ? set.variables
      ? [set.variables]
      : []
    : (setMany.variables?.rules ?? []);
  const accounts = [...data.accounts].sort(
    (a, b) => Number(b.toAssign) - Number(a.toAssign) || a.account.localeCompare(b.account),
  );
  const toAssign = accounts.filter((account) => account.toAssign || account.row === null).length;
  const suggestions = accounts.filter((account) => account.toAssign && account.suggestedRow);

  return (
    <Stack gap="lg">
      <div>
        <Title order={3} size="h4">
          Correspondance des comptes — année {yearIndex}
        </Title>
        <Text size="sm" data-testid="chart-version">
          Plan comptable en vigueur : <strong>{chartVersionLabels[chartVersion]}</strong>
        </Text>
        <Text size="sm" c="dimmed" maw={860}>
          Chaque compte du FEC de l'exercice va sur une ligne du compte rendu financier. Changer la
          ligne d'un compte enregistre une règle propre à la convention pour ce compte.
        </Text>
      </div>
      {conflict ? (
        <GridConflictNotice
          conflict={conflict}
          rows={conflictRules.map((rule) => ({
            key: `${rule.prefix}:${rule.auxiliary}`,
            label: `Compte ${rule.prefix}${rule.auxiliary ? ` (${rule.auxiliary})` : ''}`,
            current: rule.row === null ? 'Règle du catalogue' : rowLabel(rule.row),
            typed: (() => {
              const typed = typedRules.find(
                (candidate) =>
                  candidate.prefix === rule.prefix && candidate.auxiliary === rule.auxiliary,
              );
              return typed?.row ? rowLabel(typed.row) : 'Règle du catalogue';
            })(),
          }))}
          onReload={() => {
            // Nothing is kept in progress here (each change saves at once): reload the page.
            set.reset();
            setMany.reset();
            void mapping.refetch();
          }}
        />
      ) : (
        <ErrorSummary error={error} />
      )}

      <Stack gap="xs">
        <Group gap="sm">
          <Title order={4} size="h5">
            Comptes du FEC
          </Title>
          {toAssign > 0 ? (
            <Badge color="orange" variant="light" tt="none" size="lg" data-testid="to-assign-count">
              {plural(toAssign, 'compte à affecter', 'comptes à affecter')}
            </Badge>
          ) : (
            accounts.length > 0 && (
              <Badge
                color="green"
                variant="light"
                tt="none"
                size="lg"
                data-testid="to-assign-count"
              >
                Tous les comptes sont affectés
              </Badge>
            )
          )}
          {suggestions.length > 0 && canMap && (
            <Button
              size="xs"
              variant="light"
              loading={setMany.isPending}
              onClick={() =>
                setMany.mutate({
                  conventionId,
                  chartVersion,
                  rules: suggestions.map((account) => ({
                    prefix: account.account,
                    auxiliary: account.auxiliary,
                    row: account.suggestedRow,
                    was: wasFor(account.account, account.auxiliary),
                  })),
                })
              }
            >
              Appliquer les financeurs suggérés ({suggestions.length})
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed" maw={860}>
          Les subventions (comptes 74…) se répartissent par financeur selon leur compte auxiliaire
          (CompAuxNum) : chaque financeur a sa ligne dans le compte rendu.
        </Text>
        {accounts.length === 0 ? (
          <Text size="sm" c="dimmed">
            Aucun FEC importé pour cet exercice : importez-le dans{' '}
            {'«\u00a0Réalisations (FEC)\u00a0»'}.
          </Text>
        ) : (
          <ScrollRegion label="Comptes du FEC (défilement)">
            <Table
              withTableBorder
              striped
              fz="sm"
              aria-label="Comptes du FEC et lignes du compte rendu"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Compte</Table.Th>
                  <Table.Th>Libellé</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Montant</Table.Th>
                  <Table.Th>Ligne du compte rendu</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {accounts.map((account) => (
                  <Table.Tr
                    key={`${account.account}:${account.auxiliary}`}
                    data-testid={`account-${account.account}${account.auxiliary ? `-${account.auxiliary}` : ''}`}
                  >
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {account.account}
                          {account.auxiliary && (
                            <Text span size="sm" fw={400}>
                              {' '}
                              · {account.auxiliary}
                            </Text>
                          )}
                        </Text>
                        {(account.toAssign || account.row === null) && (
                          <Badge color="orange" variant="light" tt="none">
                            À affecter
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {account.label}
                      {account.auxiliaryLabel && (
                        <Text size="xs" c="dimmed">
                          Financeur : {account.auxiliaryLabel}
                        </Text>
                      )}
                      {account.toAssign && account.suggestedRow && (
                        <Text size="xs" c="dimmed">
                          Suggestion : {rowLabel(account.suggestedRow)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {formatEuros(signedForAccount(account.account, account.netDebitCents))}
                    </Table.Td>
                    <Table.Td miw={380}>
                      <Select
                        aria-label={`Ligne du compte ${account.account}${account.auxiliary ? ` (${account.auxiliary})` : ''}`}
                        data={rowOptions}
                        value={account.row}
                        placeholder="Choisir une ligne"
                        searchable
                        allowDeselect={false}
                        size="xs"
                        readOnly={!canMap}
                        disabled={set.isPending}
                        onChange={(row) =>
                          row &&
                          row !== account.row &&
                          set.mutate({
                            conventionId,
                            chartVersion,
                            prefix: account.account,
                            auxiliary: account.auxiliary,
                            row,
                            was: wasFor(account.account, account.auxiliary),
                          })
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={4} size="h5">
          Règles de correspondance ({chartVersionLabels[chartVersion].split(' (')[0]})
        </Title>
        <Text size="sm" c="dimmed">
          Le préfixe le plus long l'emporte (une règle pour 7411 passe avant celle pour 74).
        </Text>
        <ScrollRegion label="Règles de correspondance (défilement)" maxHeight={420}>
          <Table withTableBorder striped fz="sm" stickyHeader aria-label="Règles de correspondance">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Préfixe de compte</Table.Th>
                <Table.Th>Ligne du compte rendu</Table.Th>
                <Table.Th>Origine</Table.Th>
                <Table.Th w={90}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rules.map((rule) => (
                <Table.Tr key={`${rule.source}:${rule.prefix}:${rule.auxiliary}`}>
                  <Table.Td>
                    {rule.prefix}
                    {rule.auxiliary && ` · auxiliaire ${rule.auxiliary}`}
                  </Table.Td>
                  <Table.Td>{rowLabel(rule.row)}</Table.Td>
                  <Table.Td>
                    {rule.source === 'convention' ? (
                      <Badge variant="light" tt="none">
                        Convention
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Catalogue
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {rule.source === 'convention' && canMap && (
                      <Tooltip label="Le catalogue s'applique à nouveau à ce compte">
                        <Button
                          variant="subtle"
                          color="red"
                          size="compact-sm"
                          aria-label={`Retirer la règle ${rule.prefix}${rule.auxiliary ? ` ${rule.auxiliary}` : ''}`}
                          loading={set.isPending}
                          onClick={() =>
                            set.mutate({
                              conventionId,
                              chartVersion,
                              prefix: rule.prefix,
                              auxiliary: rule.auxiliary,
                              row: null,
                              was: rule.row,
                            })
                          }
                        >
                          Retirer
                        </Button>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Stack>
    </Stack>
  );
}
