/**
 * « Rapports »: the three documents for the DREETS. Choose one, write its narrative parts,
 * see what is missing, generate the Word file (a marked draft when something is missing),
 * and find every document generated before in the archive, with its tables as CSV/XLSX.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'wouter';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import {
  narrativeSections,
  optionalNarrativeSections,
  type CheckItem,
  type ConventionTab,
  type ReportKind,
} from '../../../../shared/contract/reports';
import { formatDateTime, formatNumber } from '../../../../shared/format';
import { ErrorSummary } from '../../components/ErrorSummary';
import { QueryStatus } from '../../components/QueryStatus';
import { call } from '../../lib/api';
import { canOpenFiles, openBase64, saveBase64 } from '../../lib/download';
import { errorMap, errorMessage } from '../../lib/fieldErrors';
import { useAction, useCall } from '../../lib/queries';
import { useCanDocument } from '../../lib/role';

const kindLabels: Record<ReportKind, string> = {
  activity: 'Rapport d’activité annuel',
  financial: 'Compte rendu financier',
  final: 'Bilan final de la CPO',
};

/** The tab names as the convention page shows them, for the « where to fix it » links. */
const tabLabels: Record<ConventionTab, string> = {
  identite: 'Identité',
  volets: 'Volets et territoires',
  objectifs: 'Objectifs par année',
  personnes: 'Personnes',
  reperage: 'Repérage',
  coordination: 'Coordination',
  realisations: 'Réalisations (FEC)',
  budget: 'Budget et réalisé',
  compensation: 'Compensation SIEG',
  rapports: 'Rapports',
};

/** One missing item and a link to the tab where it is fixed. */
function CheckLine({ item, conventionId }: { item: CheckItem; conventionId: number }) {
  const { tab, year } = item.link;
  const where = `${tabLabels[tab]}${year !== null ? `, année ${year}` : ''}`;
  return (
    <List.Item data-code={item.code}>
      {item.message}{' '}
      {tab === 'rapports' ? (
        <Text span size="sm" c="dimmed">
          (ci-dessus)
        </Text>
      ) : (
        <Anchor component={Link} href={`/conventions/${conventionId}/${tab}`} size="sm">
          Corriger : {where}
        </Anchor>
      )}
    </List.Item>
  );
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ReportsTab({ convention }: { convention: ConventionDetail }) {
  const [kind, setKind] = useState<ReportKind>('activity');
  const [year, setYear] = useState(String(convention.years[0]?.index ?? 1));
  const yearIndex = kind === 'final' ? null : Number(year);
  const target = { conventionId: convention.id, kind, yearIndex };
  const check = useCall('reports.check', target);
  // The team mode: each role generates its own document only (roles.ts, allowedDocument).
  const canGenerate = useCanDocument(kind);
  const generate = useAction('reports.generate', {
    onSuccess: (entry) => {
      notifications.show({
        color: entry.draft ? 'orange' : 'green',
        title: entry.draft ? 'Projet généré' : 'Document généré',
        message: `${entry.fileName} est archivé ; enregistrez-le où vous voulez.`,
      });
      // Generated and archived even if saving fails: say so, the archive below can retry.
      save(entry.id).catch((error: unknown) =>
        notifications.show({
          color: 'red',
          title: 'Téléchargement impossible',
          message: errorMessage(error),
        }),
      );
    },
  });

  return (
    <Stack gap="lg">
      <Group align="flex-end" gap="lg">
        <div>
          <Text size="sm" fw={500} mb={4} id="report-kind-label">
            Document
          </Text>
          <SegmentedControl
            aria-labelledby="report-kind-label"
            value={kind}
            onChange={(value) => setKind(value as ReportKind)}
            data={(Object.keys(kindLabels) as ReportKind[]).map((value) => ({
              value,
              label: kindLabels[value],
            }))}
          />
        </div>
        {kind !== 'final' && (
          <Select
            label="Année"
            data={convention.years.map((y) => ({
              value: String(y.index),
              label: `Année ${y.index} (${y.label})`,
            }))}
            value={year}
            onChange={(value) => value && setYear(value)}
            allowDeselect={false}
            w={220}
          />
        )}
      </Group>

      <NarrativesEditor
        key={`${kind}-${yearIndex ?? 0}`}
        conventionId={convention.id}
        kind={kind}
        yearIndex={yearIndex ?? 0}
      />

      <Card withBorder padding="md">
        <Stack gap="sm">
          <Title order={3} size="h4">
            Avant de générer
          </Title>
          <QueryStatus query={check} />
          {check.data &&
            (check.data.items.length === 0 ? (
              <Alert color="green" variant="light" data-testid="report-check">
                Rien ne manque : le document sera complet.
              </Alert>
            ) : (
              <Alert
                color="orange"
                variant="light"
                title="Ce qui manque encore"
                data-testid="report-check"
              >
                <List size="sm" spacing={2}>
                  {check.data.items.map((item, index) => (
                    <CheckLine key={index} item={item} conventionId={convention.id} />
                  ))}
                </List>
                {check.data.provisional && (
                  <Text size="sm" mt="xs" fw={500}>
                    L’exercice n’est pas clos : les montants réalisés sont provisoires.
                  </Text>
                )}
                <Text size="sm" mt="xs">
                  Le document ne peut pas être généré tel quel : complétez ces points, ou générez
                  dès maintenant un projet marqué « PROJET — document incomplet ».
                </Text>
              </Alert>
            ))}
          <ErrorSummary error={generate.error} />
          <Group>
            <Button
              display={canGenerate ? undefined : 'none'}
              loading={generate.isPending}
              disabled={!check.data}
              onClick={() =>
                generate.mutate({ ...target, allowDraft: (check.data?.missing.length ?? 0) > 0 })
              }
            >
              {(check.data?.missing.length ?? 0) > 0
                ? `Générer un projet — ${kindLabels[kind]}`
                : `Générer — ${kindLabels[kind]}`}
            </Button>
            <Text size="sm" c="dimmed">
              Document Word (.docx), figures agrégées seulement, petits effectifs masqués.
            </Text>
          </Group>
        </Stack>
      </Card>

      <Archive conventionId={convention.id} />
    </Stack>
  );
}

async function save(id: number) {
  const file = await call('reports.file', { id });
  await saveBase64(file.fileName, file.contentBase64, DOCX);
}

async function open(id: number) {
  const file = await call('reports.file', { id });
  if (!(await openBase64(file.fileName, file.contentBase64)))
    notifications.show({
      color: 'orange',
      title: 'Ouverture impossible',
      message: 'Aucune application n’a pu ouvrir ce document : enregistrez-le puis ouvrez-le.',
    });
}

async function saveTables(id: number, format: 'csv' | 'xlsx') {
  const file = await call('reports.tables', { id, format });
  await saveBase64(file.fileName, file.contentBase64, format === 'csv' ? 'text/csv' : XLSX);
}

function NarrativesEditor({
  conventionId,
  kind,
  yearIndex,
}: {
  conventionId: number;
  kind: ReportKind;
  yearIndex: number;
}) {
  const saved = useCall('narratives.get', { conventionId, yearIndex });
  const canWrite = useCanDocument(kind);
  // What the user typed and has not saved yet, over the saved texts.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const set = useAction('narratives.set', {
    onSuccess: (_data, input) => {
      setDrafts((previous) => {
        const next = { ...previous };
        delete next[input.section];
        return next;
      });
      notifications.show({
        color: 'green',
        title: 'Texte enregistré',
        message: 'Il sera repris dans le document.',
      });
    },
  });
  const sections = [
    ...Object.entries(narrativeSections[kind]),
    ...Object.entries(optionalNarrativeSections[kind] ?? {}),
  ] as [string, string][];
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Parties rédigées
        </Title>
        <ErrorSummary error={set.error} />
        {sections.map(([section, label]) => {
          const value = drafts[section] ?? saved.data?.[section] ?? '';
          const changed = value !== (saved.data?.[section] ?? '');
          return (
            <Stack key={section} gap={4}>
              <Textarea
                label={label}
                value={value}
                onChange={(event) => {
                  const text = event.currentTarget.value;
                  setDrafts((previous) => ({ ...previous, [section]: text }));
                }}
                autosize
                readOnly={!canWrite}
                minRows={3}
                maxRows={12}
                // The summary above serves every section: say which one failed.
                error={set.variables?.section === section ? errorMap(set.error).text : undefined}
              />
              <Group justify="flex-end" display={canWrite ? undefined : 'none'}>
                <Button
                  size="xs"
                  variant="light"
                  disabled={!changed}
                  loading={set.isPending && set.variables?.section === section}
                  onClick={() => set.mutate({ conventionId, yearIndex, section, text: value })}
                >
                  Enregistrer « {label} »
                </Button>
              </Group>
            </Stack>
          );
        })}
      </Stack>
    </Card>
  );
}

function Archive({ conventionId }: { conventionId: number }) {
  const list = useCall('reports.list', { conventionId });
  const [busy, setBusy] = useState<string | null>(null);
  const run = (key: string, job: () => Promise<void>) => {
    setBusy(key);
    job()
      .catch((error: unknown) =>
        notifications.show({
          color: 'red',
          title: 'Téléchargement impossible',
          message: errorMessage(error),
        }),
      )
      .finally(() => setBusy(null));
  };
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Documents générés
      </Title>
      {list.isPending && <Loader role="status" size="sm" aria-label="Chargement" />}
      {list.data && list.data.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucun document généré pour cette convention.
        </Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table withTableBorder striped fz="sm" aria-label="Documents générés">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Document</Table.Th>
              <Table.Th>Généré le</Table.Th>
              <Table.Th>Par</Table.Th>
              <Table.Th>Empreinte SHA-256</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Taille</Table.Th>
              <Table.Th>Télécharger</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm">{entry.fileName}</Text>
                    {entry.draft && (
                      <Tooltip label={entry.missing.join(' ')} multiline w={360}>
                        <Badge color="orange" variant="light" tt="none">
                          Projet
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    <Text size="sm">{formatDateTime(entry.generatedAt)}</Text>
                    {/* The log of what this document printed, up to its generation. */}
                    <Anchor
                      component={Link}
                      size="xs"
                      href={`/conventions/${conventionId}/historique/document/${entry.id}`}
                      aria-label={`Voir l'historique des données de ${entry.fileName}`}
                    >
                      Voir l'historique
                    </Anchor>
                  </Stack>
                </Table.Td>
                <Table.Td>{entry.generatedBy}</Table.Td>
                <Table.Td>
                  <Tooltip label={entry.sha256}>
                    <Text size="sm" ff="monospace">
                      {entry.sha256.slice(0, 16)}…
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  {formatNumber(Math.ceil(entry.sizeBytes / 1024))} Ko
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={busy === `docx-${entry.id}`}
                      aria-label={`Télécharger ${entry.fileName}`}
                      onClick={() => run(`docx-${entry.id}`, () => save(entry.id))}
                    >
                      Word
                    </Button>
                    {canOpenFiles() && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        loading={busy === `open-${entry.id}`}
                        aria-label={`Ouvrir ${entry.fileName}`}
                        onClick={() => run(`open-${entry.id}`, () => open(entry.id))}
                      >
                        Ouvrir
                      </Button>
                    )}
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      loading={busy === `csv-${entry.id}`}
                      aria-label={`Tableaux de ${entry.fileName} en CSV`}
                      onClick={() => run(`csv-${entry.id}`, () => saveTables(entry.id, 'csv'))}
                    >
                      CSV
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      loading={busy === `xlsx-${entry.id}`}
                      aria-label={`Tableaux de ${entry.fileName} en XLSX`}
                      onClick={() => run(`xlsx-${entry.id}`, () => saveTables(entry.id, 'xlsx'))}
                    >
                      XLSX
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
