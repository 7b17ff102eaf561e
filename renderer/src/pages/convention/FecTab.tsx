/**
 * « Réalisations (FEC) »: the actuals come from the operator's FEC (fichier des écritures
 * comptables). The backend reads the file where it is (a path in Electron, an upload in a
 * browser), checks every line and answers a preview; nothing is written until « Importer »,
 * and never while a line is wrong. Below, the imports of each financial year, and for the
 * one in force, the class totals that open the FEC lines behind them.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import type { FecPreview, FileSource } from '../../../../shared/contract/actuals';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import type { AppError } from '../../../../shared/errors';
import {
  formatDate,
  formatDateTime,
  formatEuros,
  formatNumber,
  formatPercent,
} from '../../../../shared/format';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FecLinesTable } from '../../components/FecLinesTable';
import { FilePicker, RefusedFileAlert } from '../../components/FilePicker';
import { QueryStatus } from '../../components/QueryStatus';
import { ScrollRegion } from '../../components/ScrollRegion';
import { call, fileSource, pickFile, transport } from '../../lib/api';
import { plural, separatorName } from '../../lib/display';
import { errorMessage } from '../../lib/fieldErrors';
import { useProgress } from '../../lib/progress';
import { useAction, useCall } from '../../lib/queries';
import { useCan } from '../../lib/role';
import { requestBudgetSection } from './budget/requestedSection';

const ISSUES_SHOWN = 200;
const LINES_SHOWN = 500;

const classLabels: Record<string, string> = {
  '6': 'Charges (classe 6)',
  '7': 'Produits (classe 7)',
};

interface ChosenFile {
  name: string;
  source: FileSource;
  /** Distinguishes two choices of the same file. */
  token: number;
}

export function FecTab({ convention }: { convention: ConventionDetail }) {
  const canImport = useCan('fec.import');
  return (
    <Stack gap="xl">
      {canImport && <FecImport conventionId={convention.id} />}
      <AnalyticNextSteps convention={convention} />
      <FecHistory conventionId={convention.id} />
    </Stack>
  );
}

/**
 * After an import whose lines carry no analytic code, the next step is said plainly: which
 * lines are the SIEG's, the other activities', the general costs. One notice per year in
 * force, with a button to that year's « Répartition SIEG ».
 */
function AnalyticNextSteps({ convention }: { convention: ConventionDetail }) {
  const history = useCall('fec.history', { conventionId: convention.id });
  const years = convention.years.filter((year) =>
    history.data?.some(
      (row) => row.replacedBy === null && row.fiscalYearEnd === year.fiscalYearEnd,
    ),
  );
  return years.map((year) => (
    <UncodedYearNotice key={year.index} conventionId={convention.id} year={year} />
  ));
}

function UncodedYearNotice({
  conventionId,
  year,
}: {
  conventionId: number;
  year: ConventionDetail['years'][number];
}) {
  const analytic = useCall('analytic.get', { conventionId, yearIndex: year.index });
  const [, navigate] = useLocation();
  const data = analytic.data;
  if (!data || data.totalLines === 0 || data.codedLines > 0) return null;
  const open = data.guide.filter((row) => !row.decided).length;
  if (open === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      title={`Année ${year.index} (${year.label}) : étape suivante`}
      data-testid="analytic-next-step"
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          Ces écritures n'ont pas de code analytique : indiquez quelles lignes relèvent du SIEG, des
          autres activités ou des frais généraux.{' '}
          {plural(open, 'ligne du compte rendu reste', 'lignes du compte rendu restent')} à placer ;
          sans cela, tout est compté en frais généraux.
        </Text>
        <Button
          size="sm"
          onClick={() => {
            requestBudgetSection('sieg', year.index);
            navigate(`/conventions/${conventionId}/budget`);
          }}
        >
          Indiquer l'axe analytique de l'année {year.index}
        </Button>
      </Stack>
    </Alert>
  );
}

function FecImport({ conventionId }: { conventionId: number }) {
  const [chosen, setChosen] = useState<File | null>(null);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [acceptOutOfYear, setAcceptOutOfYear] = useState(false);
  const [replace, setReplace] = useState(false);
  const [committing, setCommitting] = useState(false);
  const commit = useAction('fec.import');

  const preview = useQuery<FecPreview, AppError>({
    queryKey: ['fec.preview', conventionId, file?.token],
    queryFn: () =>
      call('fec.preview', { conventionId, fileName: file!.name, source: file!.source }),
    // Not while importing: the import refreshes every query, and this one re-reads the file.
    enabled: file !== null && !committing,
    gcTime: 0,
    retry: false,
  });
  const progress = useProgress('fec-', preview.isFetching);

  const reset = () => {
    setAcceptOutOfYear(false);
    setReplace(false);
    setSendError(null);
    commit.reset();
  };

  const choose = async (next: File | null) => {
    setChosen(next);
    setFile(null);
    reset();
    if (!next) return;
    setUploading(true);
    try {
      const source = await fileSource(next);
      setFile({ name: next.name, source, token: Date.now() });
    } catch (error) {
      setSendError(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };

  // Electron: the main process's dialog picks the file (the page never holds its path).
  const pickNative = async () => {
    setSendError(null);
    try {
      const picked = await pickFile();
      if (!picked) return;
      setChosen(null);
      reset();
      setFile({ name: picked.name, source: picked.source, token: Date.now() });
    } catch (error) {
      setSendError(errorMessage(error));
    }
  };

  const data = preview.isError ? undefined : preview.data;
  const importable =
    data !== undefined &&
    data.issueCount === 0 &&
    data.duplicateOf === null &&
    (data.outOfYear.count === 0 || acceptOutOfYear) &&
    (data.replaces === null || replace);

  const runImport = () => {
    if (!file || !data) return;
    setCommitting(true);
    commit.mutate(
      { conventionId, fileName: file.name, source: file.source, acceptOutOfYear, replace },
      {
        onSuccess: ({ lines, keptLines }) => {
          notifications.show({
            color: 'green',
            title: 'Import du FEC terminé',
            message: `${plural(lines, 'ligne importée', 'lignes importées')} (${plural(
              keptLines,
              'ligne conservée',
              'lignes conservées',
            )} : classes 6, 7, 86 et 87).`,
          });
          setChosen(null);
          setFile(null);
          reset();
          setCommitting(false);
        },
        onError: () => setCommitting(false),
      },
    );
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h4">
          Importer un FEC
        </Title>
        <Text size="sm" c="dimmed" maw={820}>
          Choisissez le fichier des écritures comptables d'un exercice (.txt ou .csv, tel que votre
          logiciel comptable l'exporte). Chaque ligne est vérifiée ; seules les lignes des classes
          6, 7, 86 et 87 sont conservées. Rien n'est enregistré avant {'«\u00a0Importer\u00a0»'}.
        </Text>
      </div>
      {transport() === 'electron' ? (
        <Stack gap={4} maw={520}>
          <Group gap="sm">
            <Button variant="default" onClick={() => void pickNative()}>
              Choisir un fichier .txt ou .csv…
            </Button>
            {file && <Text size="sm">{file.name}</Text>}
          </Group>
          {sendError && (
            <Text size="sm" c="red" role="alert">
              {sendError}
            </Text>
          )}
        </Stack>
      ) : (
        <FilePicker
          label="Fichier FEC"
          placeholder="Choisir un fichier .txt ou .csv"
          accept=".txt,.csv,text/plain,text/csv"
          value={chosen}
          onChange={(next) => void choose(next)}
          error={sendError}
        />
      )}

      {(uploading || preview.isFetching) && (
        <Stack gap={4} maw={520}>
          <Group gap="xs">
            <Loader role="status" size="sm" aria-label="Vérification en cours" />
            <Text size="sm">
              {uploading ? 'Envoi du fichier…' : 'Vérification du fichier…'}
              {progress?.total ? ` ${formatPercent(progress.done / progress.total)}` : ''}
            </Text>
          </Group>
          {progress?.total ? (
            <Progress
              value={(progress.done / progress.total) * 100}
              size="sm"
              aria-label="Avancement de la vérification"
            />
          ) : null}
        </Stack>
      )}
      {preview.isError && !preview.isFetching && (
        <RefusedFileAlert title="Le fichier est refusé" error={preview.error} />
      )}

      {data && !preview.isFetching && (
        <Paper withBorder p="md" data-testid="fec-preview">
          <Stack gap="md">
            <PreviewView preview={data} />
            {data.issueCount === 0 && data.duplicateOf === null && (
              <>
                {data.outOfYear.count > 0 && (
                  <Checkbox
                    checked={acceptOutOfYear}
                    onChange={(event) => setAcceptOutOfYear(event.currentTarget.checked)}
                    label={`Importer quand même les ${plural(
                      data.outOfYear.count,
                      'écriture datée',
                      'écritures datées',
                    )} hors de l'exercice`}
                    description={`Première(s) : ${data.outOfYear.first
                      .slice(0, 5)
                      .map((issue) => `ligne ${issue.line}`)
                      .join(', ')}.`}
                  />
                )}
                {data.replaces && (
                  <Checkbox
                    checked={replace}
                    onChange={(event) => setReplace(event.currentTarget.checked)}
                    label={`Remplacer l'import du ${formatDate(data.replaces.importedAt)} (fichier « ${data.replaces.fileName} ») ; l'ancien reste dans l'historique`}
                  />
                )}
                <ErrorSummary error={commit.error} />
                <Group justify="flex-end">
                  <Button onClick={runImport} loading={commit.isPending} disabled={!importable}>
                    Importer
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fz="lg" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

function PreviewView({ preview }: { preview: FecPreview }) {
  const charges = preview.byClass['6'] ?? 0;
  const produits = -(preview.byClass['7'] ?? 0);
  const balanced = preview.totalDebitCents === preview.totalCreditCents;
  const separator = separatorName(preview.separator);

  return (
    <Stack gap="md">
      <div>
        <Title order={4} size="h5">
          {preview.fileName}
        </Title>
        <Text size="sm">
          Encodage {preview.encoding} — séparateur {separator} — exercice du{' '}
          {formatDate(preview.fiscalYear.start)} au {formatDate(preview.fiscalYear.end)} (
          {preview.fiscalYear.from === 'fileName'
            ? "d'après le nom du fichier"
            : "d'après les dates des écritures"}
          ){preview.fiscalYear.provisional ? ' — provisoire' : ''}
        </Text>
        {/* The layout the reader recognised, and why this year (issue 13). */}
        <Stack gap={0} data-testid="fec-layout" aria-label="Disposition reconnue">
          {preview.layout.map((sentence) => (
            <Text key={sentence} size="sm" c="dimmed">
              {sentence}
            </Text>
          ))}
        </Stack>
        {preview.extraColumns.length > 0 && (
          <Text size="sm" c="dimmed">
            Colonnes supplémentaires : {preview.extraColumns.join(', ')}
            {preview.hasAnalytic ? ' (code analytique repris)' : ''}
          </Text>
        )}
      </div>

      <SimpleGrid component="dl" cols={{ base: 2, sm: 4 }} m={0}>
        <Figure label="Lignes" value={formatNumber(preview.lines)} testId="fec-lines" />
        <Figure label="Écritures" value={formatNumber(preview.entries)} testId="fec-entries" />
        <Figure
          label="Lignes conservées (classes 6, 7, 86, 87)"
          value={formatNumber(preview.keptLines)}
        />
        <Figure
          label="Période des écritures"
          value={
            preview.period.first
              ? `${formatDate(preview.period.first)} – ${formatDate(preview.period.last)}`
              : '—'
          }
        />
        <Figure label="Total débit" value={formatEuros(preview.totalDebitCents)} />
        <Figure label="Total crédit" value={formatEuros(preview.totalCreditCents)} />
        <Figure label="Charges (classe 6)" value={formatEuros(charges)} testId="fec-charges" />
        <Figure label="Produits (classe 7)" value={formatEuros(produits)} testId="fec-produits" />
      </SimpleGrid>
      <Group gap="md">
        <Badge color={balanced ? 'green' : 'red'} variant="light" tt="none" size="lg">
          {balanced ? 'Total débit = total crédit' : 'Total débit ≠ total crédit'}
        </Badge>
        <Text size="sm">
          Résultat (produits − charges) : <strong>{formatEuros(produits - charges)}</strong>
        </Text>
      </Group>

      {preview.issueCount > 0 ? (
        <IssuesView preview={preview} />
      ) : preview.duplicateOf ? (
        <Alert color="orange" variant="light" role="status" title="Fichier déjà importé">
          Ce fichier a déjà été importé le {formatDateTime(preview.duplicateOf.importedAt)} : il
          n'est pas importé une seconde fois.
        </Alert>
      ) : (
        <Alert color="green" variant="light" title="Aucune erreur détectée">
          Vérifiez l'exercice et les totaux, puis cliquez sur {'«\u00a0Importer\u00a0»'}.
        </Alert>
      )}
    </Stack>
  );
}

function IssuesView({ preview }: { preview: FecPreview }) {
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={`${plural(preview.issueCount, 'erreur')} : le fichier est refusé, rien n'est importé`}
    >
      <Stack gap="sm">
        <Text size="sm">
          Corrigez les écritures dans votre logiciel comptable, exportez à nouveau le FEC, puis
          choisissez-le ici.
        </Text>
        <ScrollRegion label="Erreurs du fichier (défilement)" maxHeight={260}>
          <Table withTableBorder bg="white" fz="sm" aria-label="Erreurs du fichier FEC">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80} style={{ textAlign: 'right' }}>
                  Ligne
                </Table.Th>
                <Table.Th>Motif</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.issues.slice(0, ISSUES_SHOWN).map((issue, index) => (
                <Table.Tr key={index}>
                  <Table.Td style={{ textAlign: 'right' }}>{issue.line}</Table.Td>
                  <Table.Td>{issue.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
        {preview.issueCount > Math.min(preview.issues.length, ISSUES_SHOWN) && (
          <Text size="sm">
            … et {formatNumber(preview.issueCount - Math.min(preview.issues.length, ISSUES_SHOWN))}{' '}
            autres.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function FecHistory({ conventionId }: { conventionId: number }) {
  const history = useCall('fec.history', { conventionId });
  const [opened, setOpened] = useState<{ fiscalYearEnd: string; account: string } | null>(null);

  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Imports des FEC
      </Title>
      <QueryStatus query={history} />
      {history.data && history.data.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucun FEC importé pour cette convention.
        </Text>
      )}
      {history.data && history.data.length > 0 && (
        <ScrollRegion label="Imports des FEC (défilement horizontal)">
          <Table withTableBorder striped fz="sm" aria-label="Imports des FEC">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Exercice</Table.Th>
                <Table.Th>Fichier</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Lignes</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Lignes conservées</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Total débit</Table.Th>
                <Table.Th>Importé le / par</Table.Th>
                <Table.Th>Statut</Table.Th>
                <Table.Th>Comptes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.map((row) => (
                <Table.Tr key={row.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    clos le {formatDate(row.fiscalYearEnd)}
                  </Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{row.fileName}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatNumber(row.lines)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>{formatNumber(row.keptLines)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    {formatEuros(row.totalDebitCents)}
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(row.importedAt)}
                    <Text size="xs" c="dimmed">
                      {row.importedBy}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {row.replacedBy === null ? (
                      <Badge color="green" variant="light" tt="none">
                        {row.provisional ? 'En vigueur, provisoire' : 'En vigueur'}
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light" tt="none">
                        Remplacé
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.replacedBy === null ? (
                      <AccountTotals
                        conventionId={conventionId}
                        fiscalYearEnd={row.fiscalYearEnd}
                        onOpen={(account) =>
                          setOpened({ fiscalYearEnd: row.fiscalYearEnd, account })
                        }
                      />
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      <LinesModal conventionId={conventionId} target={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}

function AccountTotal({
  conventionId,
  fiscalYearEnd,
  account,
  onOpen,
}: {
  conventionId: number;
  fiscalYearEnd: string;
  account: '6' | '7';
  onOpen: (account: string) => void;
}) {
  const totals = useCall('fec.accountLines', { conventionId, fiscalYearEnd, account, limit: 1 });
  const label = account === '6' ? 'Charges' : 'Produits';
  if (totals.isPending) return <Loader role="status" size="xs" aria-label="Chargement" />;
  if (totals.isError) return <Text size="xs">{errorMessage(totals.error)}</Text>;
  const amount = account === '6' ? totals.data.netDebitCents : -totals.data.netDebitCents;
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      onClick={() => onOpen(account)}
      style={{ whiteSpace: 'nowrap' }}
      aria-label={`${label} ${formatEuros(amount)} : voir les lignes de la classe ${account} (exercice clos le ${formatDate(fiscalYearEnd)})`}
    >
      {label} : {formatEuros(amount)}
    </Anchor>
  );
}

function AccountTotals(props: {
  conventionId: number;
  fiscalYearEnd: string;
  onOpen: (account: string) => void;
}) {
  return (
    <Stack gap={2}>
      <AccountTotal {...props} account="6" />
      <AccountTotal {...props} account="7" />
    </Stack>
  );
}

function LinesModal({
  conventionId,
  target,
  onClose,
}: {
  conventionId: number;
  target: { fiscalYearEnd: string; account: string } | null;
  onClose: () => void;
}) {
  const lines = useCall(
    'fec.accountLines',
    {
      conventionId,
      fiscalYearEnd: target?.fiscalYearEnd ?? '2000-01-01',
      account: target?.account ?? '6',
      limit: LINES_SHOWN,
    },
    { enabled: target !== null },
  );
  const title = target
    ? `${classLabels[target.account] ?? `Compte ${target.account}`} — exercice clos le ${formatDate(target.fiscalYearEnd)}`
    : '';
  return (
    <Modal opened={target !== null} onClose={onClose} title={title} size={1200}>
      <QueryStatus query={lines} />
      {lines.data && (
        <Stack gap="sm">
          <Text size="sm">
            {plural(lines.data.total, 'ligne')} — solde débiteur{' '}
            <strong>{formatEuros(lines.data.netDebitCents)}</strong>
            {lines.data.total > lines.data.lines.length &&
              ` — les ${formatNumber(lines.data.lines.length)} premières sont affichées`}
          </Text>
          <FecLinesTable lines={lines.data.lines} maxHeight="65vh" />
        </Stack>
      )}
    </Modal>
  );
}
