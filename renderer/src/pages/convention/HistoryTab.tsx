/**
 * The convention's audit log, readable: filters (user, element, action, dates), values in
 * French (euros, dd/mm/yyyy, list labels: shared/auditDisplay.ts), pages of 50, and the
 * filtered log as CSV. Opened from a document's archive row (`reportId`), it shows the
 * changes to what that document printed, up to the instant it was generated.
 */
import { Alert, Button, Group, Pagination, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { addDays } from 'date-fns';
import { useState } from 'react';
import { Link } from 'wouter';
import {
  auditActionLabels,
  auditFieldLabel,
  auditValueText,
  reportAuditEntities,
  type AuditAction,
} from '../../../../shared/auditDisplay';
import type { CallInput } from '../../../../shared/contract';
import type { AuditRow } from '../../../../shared/contract/objectives';
import { fromIso, toIso } from '../../../../shared/domain/conventionYears';
import { formatDateTime } from '../../../../shared/format';
import { IsoDateInput } from '../../components/IsoDateInput';
import { call } from '../../lib/api';
import { downloadFile, toCsv } from '../../lib/download';
import { errorMessage } from '../../lib/fieldErrors';
import { useCall } from '../../lib/queries';
import { useToday } from '../../lib/today';

const PAGE = 50;
const EXPORT_PAGE = 500;
const controlLabels = {
  first: 'Première page',
  previous: 'Page précédente',
  next: 'Page suivante',
  last: 'Dernière page',
} as const;

interface Filters {
  user: string | null;
  entity: string | null;
  action: AuditAction | null;
  from: string | null;
  to: string | null;
}
const noFilters: Filters = { user: null, entity: null, action: null, from: null, to: null };

/** A local calendar day's first instant, as the backend compares it (UTC ISO). */
const dayStart = (day: string) => fromIso(day).toISOString();

function shortValue(text: string) {
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

const csvHeader = [
  'Date',
  'Utilisateur',
  'Action',
  'Élément',
  'Identifiant',
  'Champ',
  'Ancienne valeur',
  'Nouvelle valeur',
];
const csvLine = (row: AuditRow) => [
  formatDateTime(row.at),
  row.user,
  auditActionLabels[row.action],
  row.entity,
  row.entityId,
  auditFieldLabel(row.field),
  auditValueText(row.entity, row.field, row.oldValue),
  auditValueText(row.entity, row.field, row.newValue),
];

export function HistoryTab({
  conventionId,
  reportId = null,
}: {
  conventionId: number;
  reportId?: number | null;
}) {
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [exporting, setExporting] = useState(false);
  const today = useToday();
  const reports = useCall('reports.list', { conventionId }, { enabled: reportId !== null });
  const report =
    reportId === null ? null : (reports.data?.find((entry) => entry.id === reportId) ?? null);

  const query: CallInput<'audit.list'> = {
    conventionId,
    user: filters.user,
    // A document's link fixes the elements and the end; the filters narrow it further.
    entities: filters.entity ? [filters.entity] : report ? reportAuditEntities[report.kind] : [],
    action: filters.action,
    since: filters.from ? dayStart(filters.from) : null,
    until:
      report?.generatedAt ?? (filters.to ? dayStart(toIso(addDays(fromIso(filters.to), 1))) : null),
  };
  const audit = useCall(
    'audit.list',
    { ...query, limit: PAGE, offset: (page - 1) * PAGE },
    { enabled: reportId === null || report !== null },
  );
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setPage(1);
  };

  async function exportCsv() {
    setExporting(true);
    try {
      const lines: (string | number)[][] = [];
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const chunk = await call('audit.list', { ...query, limit: EXPORT_PAGE, offset });
        lines.push(...chunk.rows.map(csvLine));
        if (chunk.rows.length < EXPORT_PAGE) break;
      }
      downloadFile(`historique-${today}.csv`, toCsv(csvHeader, lines), 'text/csv;charset=utf-8');
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Export impossible',
        message: errorMessage(error),
      });
    } finally {
      setExporting(false);
    }
  }

  if (reportId !== null && reports.data && !report) {
    return <Alert color="orange">Ce document n'est plus dans l'archive de la convention.</Alert>;
  }
  if (!audit.data) return null;
  const pages = Math.max(1, Math.ceil(audit.data.total / PAGE));
  const filtered = Object.values(filters).some((value) => value !== null);
  return (
    <Stack>
      {report && (
        <Alert color="blue" title={`Historique du document ${report.fileName}`}>
          <Stack gap={4}>
            <Text size="sm">
              Les modifications des éléments que ce document imprime, enregistrées avant sa
              génération le {formatDateTime(report.generatedAt)} par {report.generatedBy}.
            </Text>
            <Text size="sm">
              <Link href={`/conventions/${conventionId}/historique`}>
                Voir tout l'historique de la convention
              </Link>
            </Text>
          </Stack>
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        Chaque modification de cette convention, avec son auteur, sa date, l'ancienne et la nouvelle
        valeur ({audit.data.total} entrée{audit.data.total > 1 ? 's' : ''}
        {filtered || report ? ' pour ces filtres' : ''}).
      </Text>
      <Group align="flex-end" gap="sm" role="search" aria-label="Filtres de l'historique">
        <Select
          label="Utilisateur"
          placeholder="Tous"
          data={audit.data.users}
          value={filters.user}
          onChange={(value) => set('user', value)}
          clearable
          w={200}
        />
        <Select
          label="Élément"
          placeholder="Tous"
          data={audit.data.entities}
          value={filters.entity}
          onChange={(value) => set('entity', value)}
          clearable
          searchable
          w={200}
        />
        <Select
          label="Action"
          placeholder="Toutes"
          data={Object.entries(auditActionLabels).map(([value, label]) => ({ value, label }))}
          value={filters.action}
          onChange={(value) => set('action', value as AuditAction | null)}
          clearable
          w={160}
        />
        <IsoDateInput
          label="Du"
          value={filters.from}
          onChange={(value) => set('from', value)}
          w={150}
        />
        <IsoDateInput
          label="Au"
          value={filters.to}
          onChange={(value) => set('to', value)}
          w={150}
          disabled={report !== null}
        />
        {filtered && (
          <Button variant="subtle" onClick={() => (setFilters(noFilters), setPage(1))}>
            Effacer les filtres
          </Button>
        )}
        <Button
          variant="light"
          ml="auto"
          loading={exporting}
          disabled={audit.data.total === 0}
          onClick={() => void exportCsv()}
        >
          Exporter en CSV
        </Button>
      </Group>
      <Table
        striped
        withTableBorder
        aria-label="Historique des modifications"
        style={{ tableLayout: 'fixed' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={170}>Date</Table.Th>
            <Table.Th w={140}>Utilisateur</Table.Th>
            <Table.Th w={110}>Action</Table.Th>
            <Table.Th w={170}>Élément</Table.Th>
            <Table.Th w={160}>Champ</Table.Th>
            <Table.Th>Ancienne valeur</Table.Th>
            <Table.Th>Nouvelle valeur</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {audit.data.rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.at)}</Table.Td>
              <Table.Td>{row.user}</Table.Td>
              <Table.Td>{auditActionLabels[row.action]}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                {row.entity} {row.entityId}
              </Table.Td>
              <Table.Td>{auditFieldLabel(row.field)}</Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                {shortValue(auditValueText(row.entity, row.field, row.oldValue))}
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-word' }}>
                {shortValue(auditValueText(row.entity, row.field, row.newValue))}
              </Table.Td>
            </Table.Tr>
          ))}
          {audit.data.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text size="sm" c="dimmed">
                  Aucune modification pour ces filtres.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {pages > 1 && (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page}
            onChange={setPage}
            aria-label="Pages de l'historique"
            getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
            getControlProps={(control) => ({ 'aria-label': controlLabels[control] })}
          />
        </Group>
      )}
    </Stack>
  );
}
