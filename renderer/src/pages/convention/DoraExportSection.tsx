import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { call } from '../../lib/api';
import { downloadFile } from '../../lib/download';
import { errorMessage } from '../../lib/fieldErrors';

/**
 * Downloads the operator's offer in the data·inclusion schema that DORA reads
 * (`dora.export`): the operator, and one service per covered volet on its territories.
 */
export function DoraExportSection({ conventionId }: { conventionId: number }) {
  const [pending, setPending] = useState(false);
  async function exportOffer() {
    setPending(true);
    try {
      const { fileName, schemaVersion, structures, services } = await call('dora.export', {
        conventionId,
      });
      const content = `${JSON.stringify({ schemaVersion, structures, services }, null, 2)}\n`;
      downloadFile(fileName, content, 'application/json');
      notifications.show({
        color: 'green',
        message: `Offre exportée pour DORA : ${services.length} service(s) (${fileName}).`,
      });
    } catch (error) {
      notifications.show({ color: 'red', message: errorMessage(error) });
    } finally {
      setPending(false);
    }
  }
  return (
    <Paper withBorder p="md" maw={1100}>
      <Stack gap="xs">
        <Text fw={600}>Offre sur DORA</Text>
        <Text size="sm">
          Fichier au format data·inclusion que DORA lit : l’opérateur, et un service par volet
          couvert (repérage, remobilisation, accompagnement socio-professionnel) sur les communes de
          la convention. Il ne contient aucune donnée sur les personnes accompagnées. Le courriel,
          le téléphone et les horaires d’accueil ne sont pas renseignés : à compléter dans DORA.
        </Text>
        <Group>
          <Button variant="default" loading={pending} onClick={() => void exportOffer()}>
            Exporter l’offre pour DORA
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
