/**
 * The records behind a realised figure: one line per person (by file number, never by
 * name), contact, coordination action or barrier. The figure and this list come from the
 * same computation in shared/, so they always agree.
 */
import { Alert, Anchor, Badge, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { formatDate } from '../../../shared/format';
import { plural } from '../lib/display';
import { errorMessage } from '../lib/fieldErrors';
import { useCall } from '../lib/queries';
import { useSeesIdentity } from '../lib/role';
import { VirtualTable } from './VirtualTable';

export interface DrilldownTarget {
  code: string;
  yearIndex: number;
  /** The figure as shown where it was clicked. */
  figure: string;
  yearLabel: string;
}

const kindLabels = {
  person: 'Dossier',
  outreach: 'Contact',
  coordination: 'Coordination',
  barrier: 'Frein',
} as const;

export function DrilldownModal({
  conventionId,
  target,
  onClose,
}: {
  conventionId: number;
  target: DrilldownTarget | null;
  onClose: () => void;
}) {
  const drilldown = useCall(
    'indicators.drilldown',
    { conventionId, code: target?.code ?? '', yearIndex: target?.yearIndex ?? 1 },
    { enabled: target !== null },
  );
  const data = target ? drilldown.data : undefined;
  // The team mode: no link to a person's file for the roles that never see an identity.
  const seesIdentity = useSeesIdentity();
  // A column of « Dossier » on every line says nothing: shown only when kinds differ.
  const mixed = new Set(data?.rows.map((row) => row.kind)).size > 1;
  const title = data
    ? `${data.label} — année ${target?.yearIndex} (${target?.yearLabel})`
    : 'Détail du réalisé';

  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size="xl">
      {target && drilldown.isPending && <Loader role="status" aria-label="Chargement" />}
      {target && drilldown.isError && <Alert color="red">{errorMessage(drilldown.error)}</Alert>}
      {target && data && (
        <Stack>
          <Group gap="xs">
            <Badge variant="light" size="lg" tt="none">
              Réalisé : {target.figure}
            </Badge>
            <Text size="sm" c="dimmed">
              {plural(data.rows.length, 'enregistrement')} — références pseudonymes, sans aucun nom.
            </Text>
          </Group>
          <VirtualTable
            rows={data.rows}
            rowKey={(row) => `${row.kind}:${row.id}`}
            label={`Enregistrements de ${data.label}`}
            height="min(60vh, 520px)"
            rowHeight={41}
            empty="Aucun enregistrement pour cette année."
            columns={[
              {
                key: 'reference',
                header: 'Référence',
                width: 190,
                render: (row) =>
                  row.personId !== null && seesIdentity ? (
                    <Anchor
                      component={Link}
                      href={`/conventions/${conventionId}/personnes/${row.personId}`}
                      size="sm"
                      fw={600}
                      onClick={onClose}
                    >
                      {row.reference}
                    </Anchor>
                  ) : (
                    <Text size="sm">{row.reference}</Text>
                  ),
              },
              ...(mixed
                ? [
                    {
                      key: 'kind',
                      header: 'Nature',
                      width: 120,
                      render: (row: (typeof data.rows)[number]) => kindLabels[row.kind],
                    },
                  ]
                : []),
              { key: 'date', header: 'Date', width: 110, render: (row) => formatDate(row.date) },
              { key: 'detail', header: 'Détail', render: (row) => row.detail || '—' },
            ]}
          />
        </Stack>
      )}
    </Modal>
  );
}
