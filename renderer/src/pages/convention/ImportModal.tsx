/**
 * « Importer un tableau »: the operator's follow-up spreadsheet (.csv or .xlsx) becomes
 * people and pathways — or, by `kind`, the outreach log, the coordination actions, the
 * six-month follow-ups or the barriers. The backend reads the file (encoding, separator,
 * headers) and answers a preview: which column feeds which field, the first rows, how many
 * rows it would create, update or leave unchanged (the plan's own counts), and every problem
 * found. Nothing is written until « Importer », and never
 * while a problem remains: the list of problems can be saved to fix the file.
 */
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportIssue, ImportPreview } from '../../../../shared/contract/people';
import type { AppError } from '../../../../shared/errors';
import { formatNumber } from '../../../../shared/format';
import { unmappedHeaders } from '../../../../shared/import/peopleRows';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FilePicker, RefusedFileAlert } from '../../components/FilePicker';
import { ScrollRegion } from '../../components/ScrollRegion';
import { call } from '../../lib/api';
import { plural, separatorName } from '../../lib/display';
import { downloadFile, toCsv } from '../../lib/download';
import { useAction } from '../../lib/queries';

const MAX_FILE_BYTES = 40 * 1024 * 1024;
const SAMPLE_ROWS = 5;
const ISSUES_SHOWN = 500;

interface ChosenFile {
  name: string;
  base64: string;
  /** Distinguishes two choices of the same file name. */
  token: number;
}

/** What differs between the spreadsheets this wizard imports: calls and words. */
const KINDS = {
  people: {
    title: 'Importer un tableau de suivi',
    preview: 'people.importPreview',
    commit: 'people.importCommit',
    intro:
      "Choisissez le tableau de suivi exporté de votre tableur (.csv ou .xlsx, première ligne = intitulés des colonnes). Les personnes sont reconnues par leur n° de dossier : un dossier existant est mis à jour, un nouveau est créé. Rien n'est enregistré avant « Importer ».",
    updates: true,
    done: ({ created, updated = 0, unchanged }: ImportResult) =>
      `${plural(created, 'personne créée', 'personnes créées')}, ${plural(
        updated,
        'mise à jour',
        'mises à jour',
      )}, ${plural(unchanged, 'inchangée', 'inchangées')}.`,
  },
  outreach: {
    title: 'Importer un journal de repérage',
    preview: 'outreach.importPreview',
    commit: 'outreach.importCommit',
    intro:
      "Choisissez le journal de repérage exporté de votre tableur (.csv ou .xlsx, première ligne = intitulés des colonnes) : une ligne par sortie ou permanence, avec sa date, son canal, son lieu et son nombre de contacts. Une ligne identique à un contact déjà enregistré n'est pas ajoutée une seconde fois. Rien n'est enregistré avant « Importer ».",
    updates: false,
    done: ({ created, unchanged }: ImportResult) =>
      `${plural(created, 'ligne ajoutée', 'lignes ajoutées')} au journal, ${plural(
        unchanged,
        'déjà enregistrée',
        'déjà enregistrées',
      )}.`,
  },
  coordination: {
    title: 'Importer des actions de coordination',
    preview: 'coordination.importPreview',
    commit: 'coordination.importCommit',
    intro:
      "Choisissez le tableau des actions de coordination et instances exporté de votre tableur (.csv ou .xlsx, première ligne = intitulés des colonnes) : date, type (coordination, CTE, COPIL, autre instance), intitulé, partenaires et décisions. Les partenaires sont nommés comme dans la liste des partenaires de la convention. Une ligne identique à une action déjà enregistrée n'est pas ajoutée une seconde fois. Rien n'est enregistré avant « Importer ».",
    updates: false,
    done: ({ created, unchanged }: ImportResult) =>
      `${plural(created, 'action ajoutée', 'actions ajoutées')}, ${plural(
        unchanged,
        'déjà enregistrée',
        'déjà enregistrées',
      )}.`,
  },
  followUps: {
    title: 'Importer des suivis à 6 mois',
    preview: 'followUps.importPreview',
    commit: 'followUps.importCommit',
    intro:
      "Choisissez le tableau des suivis à 6 mois exporté de votre tableur (.csv ou .xlsx, première ligne = intitulés des colonnes) : n° de dossier, date du suivi et situation à 6 mois (en emploi, en formation, en recherche d'emploi accompagnée, sans activité, situation inconnue). La personne doit déjà être enregistrée, avec sa sortie. Un suivi identique à celui déjà enregistré ne change rien ; un suivi différent le remplace. Rien n'est enregistré avant « Importer ».",
    updates: true,
    done: ({ created, updated = 0, unchanged }: ImportResult) =>
      `${plural(created, 'suivi enregistré', 'suivis enregistrés')}, ${plural(
        updated,
        'mis à jour',
        'mis à jour',
      )}, ${plural(unchanged, 'déjà à jour', 'déjà à jour')}.`,
  },
  barriers: {
    title: 'Importer des freins',
    preview: 'barriers.importPreview',
    commit: 'barriers.importCommit',
    intro:
      "Choisissez le tableau des freins exporté de votre tableur (.csv ou .xlsx, première ligne = intitulés des colonnes) : n° de dossier, frein (santé, logement, mobilité…), date d'identification et, s'il est levé, date de levée. La personne doit déjà être enregistrée. Un frein déjà enregistré (même personne, même frein, même date d'identification) reçoit la date de levée ajoutée depuis ; une date de levée déjà enregistrée n'est jamais remplacée ni effacée. Rien n'est enregistré avant « Importer ».",
    updates: true,
    done: ({ created, updated = 0, unchanged }: ImportResult) =>
      `${plural(created, 'frein ajouté', 'freins ajoutés')}, ${plural(
        updated,
        'levée enregistrée',
        'levées enregistrées',
      )}, ${plural(unchanged, 'inchangé', 'inchangés')}.`,
  },
} as const;
type ImportKind = keyof typeof KINDS;
interface ImportResult {
  created: number;
  updated?: number;
  unchanged: number;
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('Lecture impossible'));
    reader.readAsDataURL(file);
  });
}

export function ImportModal({
  opened,
  onClose,
  conventionId,
  kind = 'people',
}: {
  opened: boolean;
  onClose: () => void;
  conventionId: number;
  kind?: ImportKind;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={KINDS[kind].title} size={1200}>
      {opened && <ImportWizard onClose={onClose} conventionId={conventionId} kind={kind} />}
    </Modal>
  );
}

function ImportWizard({
  onClose,
  conventionId,
  kind,
}: {
  onClose: () => void;
  conventionId: number;
  kind: ImportKind;
}) {
  const words = KINDS[kind];
  const [chosen, setChosen] = useState<File | null>(null);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | undefined>(undefined);
  const [committing, setCommitting] = useState(false);
  const commit = useAction(words.commit);

  const preview = useQuery<ImportPreview, AppError>({
    queryKey: [words.preview, conventionId, file?.token, mapping],
    queryFn: () =>
      call(words.preview, {
        conventionId,
        fileName: file!.name,
        contentBase64: file!.base64,
        ...(mapping ? { mapping } : {}),
      }),
    // Not while importing: the import refreshes every query, and this one re-reads the file.
    enabled: file !== null && !committing,
    // A new mapping keeps the last preview on screen while it runs; a new file does not.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === file?.token ? previous : undefined,
    gcTime: 0,
  });

  const choose = async (next: File | null) => {
    setChosen(next);
    setMapping(undefined);
    setReadError(null);
    commit.reset();
    if (!next) return setFile(null);
    if (next.size > MAX_FILE_BYTES) {
      setFile(null);
      return setReadError(
        'Ce fichier dépasse 40 Mo : enregistrez-le sans mise en forme ni images.',
      );
    }
    try {
      setFile({ name: next.name, base64: await readAsBase64(next), token: Date.now() });
    } catch {
      setFile(null);
      setReadError("Ce fichier n'a pas pu être lu.");
    }
  };

  const data = preview.data;
  const runImport = () => {
    if (!file || !data) return;
    setCommitting(true);
    commit.mutate(
      { conventionId, fileName: file.name, contentBase64: file.base64, mapping: data.mapping },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'green',
            title: 'Import terminé',
            message: words.done(result),
          });
          onClose();
        },
        onError: () => setCommitting(false),
      },
    );
  };

  return (
    <Stack>
      <Text size="sm">{words.intro}</Text>
      <FilePicker
        label="Fichier à importer"
        placeholder="Choisir un fichier .csv ou .xlsx"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        value={chosen}
        onChange={(next) => void choose(next)}
        error={readError}
      />

      {preview.isFetching && !data && (
        <Group gap="xs">
          <Loader role="status" size="sm" aria-label="Analyse en cours" />
          <Text size="sm">Analyse du fichier…</Text>
        </Group>
      )}
      {preview.isError && (
        <RefusedFileAlert title="Le fichier ne peut pas être importé" error={preview.error} />
      )}

      {data && !preview.isError && (
        <PreviewView
          preview={data}
          updating={preview.isFetching}
          onMapping={(field, header) => {
            const next = { ...data.mapping };
            if (header) next[field] = header;
            else delete next[field];
            setMapping(next);
          }}
          fileName={file?.name ?? 'import'}
          updates={words.updates}
        />
      )}

      <ErrorSummary error={commit.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Annuler
        </Button>
        <Button
          onClick={runImport}
          loading={commit.isPending}
          disabled={!data || preview.isFetching || preview.isError || data.issues.length > 0}
        >
          Importer
        </Button>
      </Group>
    </Stack>
  );
}

function PreviewView({
  preview,
  updating,
  onMapping,
  fileName,
  updates,
}: {
  preview: ImportPreview;
  updating: boolean;
  onMapping: (field: string, header: string | null) => void;
  fileName: string;
  /** false: nothing this file names can be updated (a log only grows). */
  updates: boolean;
}) {
  const first = preview.sample[0] ?? {};
  // The sample is the rows as they will be read, keyed by field (identity masked).
  const sampleColumns = [
    ...(('line' in first ? [{ key: 'line', label: 'Ligne' }] : []) as {
      key: string;
      label: string;
    }[]),
    ...preview.fields.filter((field) => field.key in first),
  ];
  // Never silently dropped: every column no field reads is named above the mapping.
  const unmapped = unmappedHeaders(preview.headers, preview.mapping);
  const format = [
    preview.format === 'xlsx' ? 'Classeur Excel (.xlsx)' : 'Texte CSV',
    preview.encoding ? `encodage ${preview.encoding}` : null,
    preview.delimiter ? `séparateur ${separatorName(preview.delimiter)}` : null,
    plural(preview.headers.length, 'colonne'),
  ]
    .filter(Boolean)
    .join(' — ');

  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="light" color="gray" size="lg">
          Fichier détecté
        </Badge>
        <Text size="sm">{format}</Text>
        {updating && <Loader role="status" size="xs" aria-label="Analyse en cours" />}
      </Group>

      <SimpleGrid component="dl" cols={{ base: 2, sm: updates ? 4 : 3 }} m={0}>
        {(
          [
            ['Lignes', preview.counts.rows],
            ['À créer', preview.counts.toCreate],
            ...(updates ? [['À mettre à jour', preview.counts.toUpdate] as const] : []),
            [updates ? 'Inchangées' : 'Déjà enregistrées', preview.counts.unchanged],
          ] as const
        ).map(([label, count]) => (
          <Paper key={label} withBorder p="sm" data-count={label}>
            <Text component="dt" size="sm" c="dimmed">
              {label}
            </Text>
            <Text component="dd" m={0} fz="xl" fw={700}>
              {formatNumber(count)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>

      {preview.issues.length > 0 ? (
        <IssuesView issues={preview.issues} fileName={fileName} />
      ) : (
        <Alert color="green" variant="light" title="Aucun problème détecté">
          Vérifiez la correspondance des colonnes et les premières lignes, puis cliquez sur «
          Importer ».
        </Alert>
      )}

      {unmapped.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          title={`${plural(unmapped.length, 'colonne')} du fichier ne ${unmapped.length > 1 ? 'seront pas importées' : 'sera pas importée'}`}
          data-testid="unmapped-columns"
        >
          <Text size="sm">
            Aucun champ ne lit {unmapped.map((header) => `« ${header} »`).join(', ')} :{' '}
            {unmapped.length > 1 ? 'leur' : 'son'} contenu ne sera pas repris. Pour importer une
            colonne, choisissez-la ci-dessous en face du champ qui lui correspond.
          </Text>
        </Alert>
      )}

      <div>
        <Title order={3} size="h5" mb={4}>
          Correspondance des colonnes
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Proposée d'après les intitulés du fichier ; changez une colonne et l'analyse est refaite.
        </Text>
        <Table withTableBorder striped aria-label="Correspondance des colonnes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="32%">Champ de Pilote CPO</Table.Th>
              <Table.Th w="36%">Colonne du fichier</Table.Th>
              <Table.Th>Lue en première ligne</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.fields.map((field) => {
              const header = preview.mapping[field.key] ?? null;
              return (
                <Table.Tr key={field.key}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm">{field.label}</Text>
                      {field.required && (
                        <Badge size="xs" variant="light" color="red">
                          obligatoire
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Colonne pour « ${field.label} »`}
                      size="xs"
                      placeholder="Non importé"
                      data={preview.headers.map((h) => ({ value: h, label: h }))}
                      value={header}
                      onChange={(next) => onMapping(field.key, next)}
                      clearable={!field.required}
                      searchable
                      comboboxProps={{ withinPortal: true }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed" lineClamp={1}>
                      {header ? (first[field.key] ?? '') : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </div>

      {preview.sample.length > 0 && (
        <div>
          <Title order={3} size="h5" mb="xs">
            Premières lignes, telles qu'elles seront lues
          </Title>
          <ScrollRegion label="Premières lignes (défilement horizontal)">
            <Table withTableBorder fz="xs" aria-label="Premières lignes du fichier">
              <Table.Thead>
                <Table.Tr>
                  {sampleColumns.map((column) => (
                    <Table.Th key={column.key} style={{ whiteSpace: 'nowrap' }}>
                      {column.label}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.sample.slice(0, SAMPLE_ROWS).map((row, index) => (
                  <Table.Tr key={index}>
                    {sampleColumns.map((column) => (
                      <Table.Td key={column.key} style={{ whiteSpace: 'nowrap' }}>
                        {row[column.key] ?? ''}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </div>
      )}
    </Stack>
  );
}

function IssuesView({ issues, fileName }: { issues: ImportIssue[]; fileName: string }) {
  const save = () =>
    downloadFile(
      `erreurs-${fileName.replace(/\.[^.]+$/, '')}.csv`,
      toCsv(
        ['Ligne', 'Colonne', 'Valeur', 'Motif'],
        issues.map((issue) => [issue.line, issue.column, issue.value, issue.reason]),
      ),
      'text/csv;charset=utf-8',
    );
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={`${plural(issues.length, 'problème')} à corriger dans le fichier : rien ne sera importé`}
    >
      <Stack gap="sm">
        <Text size="sm">
          Corrigez le fichier dans votre tableur (ou la correspondance des colonnes ci-dessous),
          puis choisissez-le à nouveau.
        </Text>
        <ScrollRegion label="Liste des problèmes (défilement)" maxHeight={260}>
          <Table withTableBorder bg="white" fz="sm" aria-label="Problèmes détectés dans le fichier">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70} style={{ textAlign: 'right' }}>
                  Ligne
                </Table.Th>
                <Table.Th w={200}>Colonne</Table.Th>
                <Table.Th w={200}>Valeur</Table.Th>
                <Table.Th>Motif</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {issues.slice(0, ISSUES_SHOWN).map((issue, index) => (
                <Table.Tr key={index}>
                  <Table.Td style={{ textAlign: 'right' }}>{issue.line}</Table.Td>
                  <Table.Td>{issue.column}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{issue.value}</Table.Td>
                  <Table.Td>{issue.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
        {issues.length > ISSUES_SHOWN && (
          <Text size="sm">
            … et {formatNumber(issues.length - ISSUES_SHOWN)} autres : la liste complète est dans le
            fichier des erreurs.
          </Text>
        )}
        <Group>
          <Button variant="default" onClick={save}>
            Enregistrer la liste des erreurs (CSV)
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
