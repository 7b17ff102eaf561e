/**
 * « Personnes »: every person of the convention, by file number (never by name), with
 * where their pathway stands and what needs attention. The screen asks only for the rows
 * in view (`people.page`, windows of PAGE rows, searched and filtered by the backend) and
 * draws only those, so it opens and scrolls as fast with 10 000 people as with 20.
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
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { PersonRow } from '../../../../shared/contract/people';
import { useToday } from '../../lib/today';
import { warningLabels, type PathwayWarningCode } from '../../../../shared/domain/pathwayWarnings';
import { labelOf, sexes } from '../../../../shared/domain/peopleLists';
import { formatNumber } from '../../../../shared/format';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { plural, stageColors, stageLabels, type Stage } from '../../lib/display';
import { errorMessage } from '../../lib/fieldErrors';
import { useCalls } from '../../lib/queries';
import { useCan, useSeesIdentity } from '../../lib/role';
import { NewPersonModal } from '../person/NewPersonModal';
import { ImportModal } from './ImportModal';

const stages = Object.keys(stageLabels) as Stage[];

/** Rows asked of the backend at a time, and how far beyond the rows in view to ask. */
const PAGE = 100;
const MARGIN = 30;

/** A row of the list: a person, or the place of one not loaded yet. */
type ListRow = PersonRow | { pending: true; index: number };

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
  const [search, setSearch] = useState('');
  const [stage, setStage] = useState<'all' | Stage>('all');
  const [withWarnings, setWithWarnings] = useState(false);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [importingFollowUps, setImportingFollowUps] = useState(false);
  const [importingBarriers, setImportingBarriers] = useState(false);
  // The team mode: Finances and Lecture seule see the pseudonymous rows only, no file link.
  const seesIdentity = useSeesIdentity();
  const canCreate = useCan('people.create');
  const canImportPeople = useCan('people.importCommit');
  const canImportFollowUps = useCan('followUps.importCommit');
  const canImportBarriers = useCan('barriers.importCommit');
  // Typing stays instant; the search follows just behind.
  const query = useDeferredValue(search);
  const [range, setRange] = useState({ first: 0, last: 0 });
  const onRangeChange = useCallback(
    (first: number, last: number) =>
      setRange((previous) =>
        previous.first === first && previous.last === last ? previous : { first, last },
      ),
    [],
  );

  // The first window always (it carries the counts), then those in view.
  const firstPage = Math.floor(Math.max(0, range.first - MARGIN) / PAGE);
  const lastPage = Math.floor((range.last + MARGIN) / PAGE);
  const pageNumbers = [0];
  for (let page = Math.max(1, firstPage); page <= lastPage; page += 1) pageNumbers.push(page);
  const pages = useCalls(
    'people.page',
    pageNumbers.map((page) => ({
      conventionId: convention.id,
      today,
      search: query,
      stage,
      withWarnings,
      offset: page * PAGE,
      limit: PAGE,
    })),
  );
  const head = pages[0]!;
  const counts = head.data;
  const total = counts?.total ?? 0;
  const matching = counts?.matching ?? 0;
  // A window still showing the answer to the previous search is used only with a head
  // that does too: the rows drawn always belong to one list.
  const current = pages.map((page) =>
    page.data && page.isPlaceholderData === head.isPlaceholderData ? page.data : undefined,
  );
  // Rebuilt at each render (a few thousand small objects at most): the rows already
  // loaded keep their identity, so the table redraws only those that changed.
  const rows: ListRow[] = Array.from({ length: matching }, (_, index) => ({
    pending: true as const,
    index,
  }));
  for (const page of current) {
    if (!page || page.matching !== matching) continue;
    page.rows.forEach((row, index) => {
      if (page.offset + index < matching) rows[page.offset + index] = row;
    });
  }
  const error = pages.find((page) => page.isError)?.error;

  const columns = useMemo<VirtualColumn<ListRow>[]>(() => {
    const personColumns: VirtualColumn<PersonRow>[] = [
      {
        key: 'fileNumber',
        header: 'N° dossier',
        width: 130,
        render: (row) =>
          seesIdentity ? (
            <Anchor
              component={Link}
              href={`/conventions/${convention.id}/personnes/${row.id}`}
              fw={600}
              size="sm"
            >
              {row.fileNumber}
            </Anchor>
          ) : (
            <Text fw={600} size="sm">
              {row.fileNumber}
            </Text>
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
    ];
    // A row not loaded yet (scrolled to quickly) holds its place with a dimmed ellipsis.
    return personColumns.map((column) => ({
      ...column,
      render: (row: ListRow) =>
        'pending' in row ? (
          column.key === 'fileNumber' ? (
            <Text size="sm" c="dimmed">
              …
            </Text>
          ) : null
        ) : (
          column.render(row)
        ),
    }));
  }, [convention.id, seesIdentity]);

  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;

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
            label={`Avec alerte seulement (${formatNumber(counts?.withWarnings ?? 0)})`}
            checked={withWarnings}
            onChange={(e) => setWithWarnings(e.currentTarget.checked)}
          />
        </Group>
        <Group>
          {canImportPeople && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Importer un tableau
            </Button>
          )}
          {canImportFollowUps && (
            <Button variant="default" onClick={() => setImportingFollowUps(true)}>
              Importer des suivis
            </Button>
          )}
          {canImportBarriers && (
            <Button variant="default" onClick={() => setImportingBarriers(true)}>
              Importer des freins
            </Button>
          )}
          {canCreate && <Button onClick={() => setCreating(true)}>Nouvelle personne</Button>}
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
              label: `${stageLabels[value]} (${formatNumber(counts?.byStage[value] ?? 0)})`,
            })),
          ]}
        />
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="people-summary">
          {matching === total
            ? plural(total, 'personne')
            : `${plural(matching, 'personne')} sur ${formatNumber(total)}`}
        </Text>
      </Group>
      <VirtualTable
        rows={rows}
        columns={columns}
        rowKey={(row) => ('pending' in row ? `en-attente-${row.index}` : row.id)}
        label="Liste des personnes"
        height="min(65vh, 720px)"
        onRangeChange={onRangeChange}
        empty={
          head.isPending
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
      <ImportModal
        opened={importingBarriers}
        onClose={() => setImportingBarriers(false)}
        conventionId={convention.id}
        kind="barriers"
      />
    </Stack>
  );
}
