/**
 * « Importer une convention »: a `.pilotecpo` file written by « Exporter la convention » on
 * another computer. The backend checks it (ours, intact, not from a newer version) and
 * answers a preview; nothing is written before the person confirms. A convention already
 * here with the same reference is never replaced nor completed: the file can only come in
 * as a new convention, under the suffixed reference the preview shows.
 */
import { Alert, Button, Group, List, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FileSource } from '../../../../shared/contract/actuals';
import type { TransferPreview } from '../../../../shared/contract/transfer';
import type { AppError } from '../../../../shared/errors';
import { formatDate, formatNumber } from '../../../../shared/format';
import { ErrorSummary } from '../../components/ErrorSummary';
import { FilePicker, RefusedFileAlert } from '../../components/FilePicker';
import { call, fileSource, pickFile, transport } from '../../lib/api';
import { errorMessage } from '../../lib/fieldErrors';
import { useAction } from '../../lib/queries';

interface ChosenFile {
  name: string;
  source: FileSource;
  /** Distinguishes two choices of the same file name. */
  token: number;
}

export function ImportConventionModal({
  opened,
  onClose,
}: {
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Importer une convention" size="lg">
      {/* Mounted only while open: a new opening starts from an empty choice. */}
      {opened && <ImportConvention onClose={onClose} />}
    </Modal>
  );
}

function ImportConvention({ onClose }: { onClose: () => void }) {
  const [chosen, setChosen] = useState<File | null>(null);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const importFile = useAction('conventions.importFile');

  const preview = useQuery<TransferPreview, AppError>({
    queryKey: ['conventions.previewImport', file?.token],
    queryFn: () =>
      call('conventions.previewImport', { fileName: file!.name, source: file!.source }),
    enabled: file !== null && !importFile.isPending && !importFile.isSuccess,
    gcTime: 0,
    retry: false,
  });

  const choose = async (next: File | null) => {
    setChosen(next);
    setFile(null);
    setSendError(null);
    importFile.reset();
    if (!next) return;
    setSending(true);
    try {
      setFile({ name: next.name, source: await fileSource(next), token: Date.now() });
    } catch (error) {
      setSendError(errorMessage(error));
    } finally {
      setSending(false);
    }
  };

  // Electron: the main process's own dialog picks the file; the page never holds its path.
  const pickNative = async () => {
    setSendError(null);
    importFile.reset();
    try {
      const picked = await pickFile('convention');
      if (picked) setFile({ name: picked.name, source: picked.source, token: Date.now() });
    } catch (error) {
      setSendError(errorMessage(error));
    }
  };

  const data = preview.isError ? undefined : preview.data;
  const runImport = () => {
    if (!file || !data) return;
    importFile.mutate(
      { fileName: file.name, source: file.source, asNewConvention: data.referenceTaken },
      {
        onSuccess: ({ reference }) => {
          notifications.show({
            color: 'green',
            title: 'Convention importée',
            message: `La convention « ${reference} » a été ajoutée à la liste.`,
          });
          onClose();
        },
      },
    );
  };

  return (
    <Stack>
      <Text size="sm">
        Choisissez un fichier {'«\u00a0.pilotecpo\u00a0»'} créé par {'«\u00a0'}Exporter la
        convention{'\u00a0»'} dans Pilote CPO. Il est vérifié puis résumé ci-dessous : rien n'est
        enregistré avant {'«\u00a0'}Importer{'\u00a0»'}, et aucune convention déjà présente n'est
        modifiée.
      </Text>
      {transport() === 'electron' ? (
        <Group gap="sm">
          <Button variant="default" onClick={() => void pickNative()}>
            Choisir un fichier .pilotecpo…
          </Button>
          {file && <Text size="sm">{file.name}</Text>}
          {sendError && (
            <Text size="sm" c="red" role="alert">
              {sendError}
            </Text>
          )}
        </Group>
      ) : (
        <FilePicker
          label="Fichier de convention"
          placeholder="Choisir un fichier .pilotecpo"
          accept=".pilotecpo"
          value={chosen}
          onChange={(next) => void choose(next)}
          error={sendError}
        />
      )}

      {(sending || preview.isFetching) && (
        <Group gap="xs">
          <Loader role="status" size="sm" aria-label="Vérification en cours" />
          <Text size="sm">{sending ? 'Envoi du fichier…' : 'Vérification du fichier…'}</Text>
        </Group>
      )}
      {preview.isError && (
        <RefusedFileAlert title="Ce fichier ne peut pas être importé" error={preview.error} />
      )}
      {data && <PreviewView preview={data} />}

      <ErrorSummary error={importFile.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Annuler
        </Button>
        <Button disabled={!data} loading={importFile.isPending} onClick={runImport}>
          {data?.referenceTaken ? 'Importer comme nouvelle convention' : 'Importer'}
        </Button>
      </Group>
    </Stack>
  );
}

function PreviewView({ preview }: { preview: TransferPreview }) {
  const counts = preview.counts.filter((count) => count.count > 0);
  return (
    <Stack gap="sm" aria-label="Aperçu du fichier">
      <Table withTableBorder variant="vertical" layout="fixed" aria-label="Convention du fichier">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={200}>Référence</Table.Th>
            <Table.Td>{preview.reference}</Table.Td>
          </Table.Tr>
          {preview.referenceTaken && (
            <Table.Tr>
              <Table.Th>Importée sous la référence</Table.Th>
              <Table.Td fw={600}>{preview.newReference}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>Opérateur</Table.Th>
            <Table.Td>
              {preview.operatorName} (SIRET {preview.operatorSiret})
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Période</Table.Th>
            <Table.Td>
              du {formatDate(preview.startDate)} au {formatDate(preview.endDate)} — années{' '}
              {preview.years.join(', ')}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Identités des personnes</Table.Th>
            <Table.Td>{preview.identitiesIncluded ? 'Incluses' : 'Non incluses'}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Exportée</Table.Th>
            <Table.Td>
              le {formatDate(preview.exportedAt.slice(0, 10))} par {preview.exportedBy}, avec Pilote
              CPO {preview.appVersion}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>

      {preview.referenceTaken ? (
        <Alert color="orange" title="Cette référence existe déjà">
          <Text size="sm">
            La convention « {preview.reference} » déjà présente ne sera ni modifiée ni complétée. Le
            fichier ne peut être importé que comme nouvelle convention, sous la référence «{' '}
            {preview.newReference} ».
          </Text>
        </Alert>
      ) : null}
      <List size="sm" spacing={4}>
        {preview.notes
          .filter((note) => !(preview.referenceTaken && note.startsWith('Une convention porte')))
          .map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
      </List>

      <Table withTableBorder striped aria-label="Contenu du fichier">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Contenu</Table.Th>
            <Table.Th ta="right">Nombre</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counts.map((count) => (
            <Table.Tr key={count.table}>
              <Table.Td>{count.label}</Table.Td>
              <Table.Td ta="right">{formatNumber(count.count)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
