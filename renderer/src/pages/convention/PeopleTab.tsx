/**
 * « Personnes »: every person of the convention, by file number (never by name), with
 * where their pathway stands and what needs attention. One query for the whole list;
 * search and filters run in memory and only the rows in view are drawn, so it stays
 * smooth with 10 000 people.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { PersonRow } from '../../../../shared/contract/people';
import { useToday } from '../../lib/today';
import { warningLabels, type PathwayWarningCode } from '../../../../shared/domain/pathwayWarnings';
import { labelOf, normaliseText, sexes } from '../../../../shared/domain/peopleLists';
import { formatNumber } from '../../../../shared/format';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { plural, stageColors, stageLabels, type Stage } from '../../lib/display';
import { errorMessage } from '../../lib/fieldErrors';
import { useCall } from '../../lib/queries';
import { NewPersonModal } from '../person/NewPersonModal';
import { ImportModal } from './ImportModal';

const stages = Object.keys(stageLabels) as Stage[];

export const warningLabel = (code: string) => warningLabels[code as PathwayWarningCode] ?? code;

export function PlaceBadges({ qpv, zrr }: { qpv: boolean; zrr: boolean }) {
  return (
    <>
      {qpv && (
        <Badge size="xs" variant="light" color="grape" title="Quartier prioritaire de la ville">
          QPV
        </Badge>
      )}
      {zrr && (
        <Badge size="xs" variant="light" color="lime" title="Zone de revitalisation rurale">
          ZRR
        </Badge>
      )}
    </>
  );
}

export function PeopleTab({ convention }: { convention: ConventionDetail }) {
  const today = useToday();
  const list = useCall('people.list', { conventionId: convention.id, today });
  const [search, setSearch] = useState('');
  const [stage, setStage] = useState<'all' | Stage>('all');
  const [withWarnings, setWithWarnings] = useState(false);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [importingFollowUps, setImportingFollowUps] = useState(false);
  // Typing stays instant; the filtering of a long list follows just behind.
  const query = useDeferredValue(search);

  const indexed = useMemo(
    () =>
      (list.data ?? []).map((row) => ({
        row,
        text: normaliseText(`${row.fileNumber} ${row.commune} ${row.referent}`),
      })),
    [list.data],
  );
  const counts = useMemo(() => {
    const byStage: Record<Stage, number> = {
      identified: 0,
      remobilisation: 0,
      accompaniment: 0,
      exited: 0,
    };
    let warnings = 0;
    for (const row of list.data ?? []) {
      byStage[row.stage] += 1;
      if (row.warnings.length > 0) warnings += 1;
    }
    return { byStage, warnings };
  }, [list.data]);
  const rows = useMemo(() => {
    const wanted = normaliseText(query);
    return indexed
      .filter(
        ({ row, text }) =>
          (stage === 'all' || row.stage === stage) &&
          (!withWarnings || row.warnings.length > 0) &&
          (wanted === '' || text.includes(wanted)),
      )
      .map(({ row }) => row);
  }, [indexed, query, stage, withWarnings]);

  const columns = useMemo<VirtualColumn<PersonRow>[]>(
    () => [
      {
        key: 'fileNumber',
        header: 'N° dossier',
        width: 130,
        render: (row) => (
          <Anchor
            component={Link}
            href={`/conventions/${convention.id}/personnes/${row.id}`}
            fw={600}
            size="sm"
          >
            {row.fileNumber}
          </Anchor>
        ),
      },
      { key: 'sex', header: 'Sexe', width: 110, render: (row) => labelOf(sexes, row.sex) },
      {
        key: 'birthYear',
        header: 'Année de naissance',
        width: 110,
        render: (row) => (row.birthYear === null ? '—' : String(row.birthYear)),
      },
      {
        key: 'commune',
        header: 'Commune',
        render: (row) => (
          <Group gap={6} wrap="nowrap">
            <Text size="sm" truncate>
              {row.commune || '—'}
            </Text>
            <PlaceBadges qpv={row.qpv} zrr={row.zrr} />
          </Group>
        ),
      },
      {
        key: 'stage',
        header: 'Étape',
        width: 180,
        render: (row) => (
          <Badge variant="light" color={stageColors[row.stage]} tt="none">
            {stageLabels[row.stage]}
          </Badge>
        ),
      },
      {
        key: 'referent',
        header: 'Référent',
        width: 150,
        render: (row) => row.referent || '—',
      },
      {
        key: 'warnings',
        header: 'Alertes',
        width: 300,
        render: (row) => (
          <Group gap={4}>
            {row.warnings.map((code) => (
              <Badge key={code} size="sm" variant="light" color="orange" tt="none">
                {warningLabel(code)}
              </Badge>
            ))}
          </Group>
        ),
      },
    ],
    [convention.id],
  );

  if (list.isError) return <Alert color="red">{errorMessage(list.error)}</Alert>;
  const total = list.data?.length ?? 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <TextInput
            label="Rechercher"
            placeholder="N° de dossier, commune ou référent"
            type="search"
            w={300}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <Checkbox
            mb={8}
            label={`Avec alerte seulement (${formatNumber(counts.warnings)})`}
            checked={withWarnings}
            onChange={(e) => setWithWarnings(e.currentTarget.checked)}
          />
        </Group>
        <Group>
          <Button variant="default" onClick={() => setImporting(true)}>
            Importer un tableau
          </Button>
          <Button variant="default" onClick={() => setImportingFollowUps(true)}>
            Importer des suivis
          </Button>
          <Button onClick={() => setCreating(true)}>Nouvelle personne</Button>
        </Group>
      </Group>
      <Group justify="space-between" align="center">
        <SegmentedControl
          aria-label="Étape du parcours"
          value={stage}
          onChange={(value) => setStage(value as 'all' | Stage)}
          data={[
            { value: 'all', label: `Toutes les étapes (${formatNumber(total)})` },
            ...stages.map((value) => ({
              value,
              label: `${stageLabels[value]} (${formatNumber(counts.byStage[value])})`,
            })),
          ]}
        />
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="people-summary">
          {rows.length === total
            ? plural(total, 'personne')
            : `${plural(rows.length, 'personne')} sur ${formatNumber(total)}`}
        </Text>
      </Group>
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(row) => row.id}
        label="Liste des personnes"
        height="min(65vh, 720px)"
        empty={
          list.isPending
            ? 'Chargement…'
            : total === 0
              ? "Aucune personne pour l'instant : créez un dossier ou importez votre tableau de suivi."
              : 'Aucune personne ne correspond à la recherche.'
        }
      />
      <NewPersonModal
        opened={creating}
        onClose={() => setCreating(false)}
        conventionId={convention.id}
      />
      <ImportModal
        opened={importing}
        onClose={() => setImporting(false)}
        conventionId={convention.id}
      />
      <ImportModal
        opened={importingFollowUps}
        onClose={() => setImportingFollowUps(false)}
        conventionId={convention.id}
        kind="followUps"
      />
    </Stack>
  );
}
