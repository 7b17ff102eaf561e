/**
 * « Exporter la convention »: the whole convention as one `.pilotecpo` file, to move it to
 * another computer or hand it over (imported from the home page there). The persons'
 * identities travel only when the box is ticked, after a warning; unticked, the persons go
 * under their file numbers alone.
 */
import { Alert, Button, Checkbox, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ErrorSummary } from '../../components/ErrorSummary';
import { saveBase64 } from '../../lib/download';
import { useAction } from '../../lib/queries';

export function ExportConventionSection({ conventionId }: { conventionId: number }) {
  const [includeIdentities, setIncludeIdentities] = useState(false);
  const exportFile = useAction('conventions.exportFile');
  const run = () =>
    exportFile.mutate(
      { conventionId, includeIdentities },
      {
        onSuccess: async ({ fileName, contentBase64, identitiesIncluded }) => {
          const saved = await saveBase64(fileName, contentBase64, 'application/zip');
          if (!saved) return;
          notifications.show({
            color: 'green',
            title: 'Convention exportée',
            message: identitiesIncluded
              ? `« ${fileName} » contient l'identité des personnes : transmettez-le par un moyen sûr, puis supprimez-le.`
              : `« ${fileName} » : les personnes y figurent sous leur seul n° de dossier.`,
          });
        },
      },
    );
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-convention-title">
      <Stack gap="sm" maw={820}>
        <Title order={3} size="h4" id="export-convention-title">
          Exporter la convention
        </Title>
        <Text size="sm">
          Un seul fichier {'«\u00a0.pilotecpo\u00a0»'} contient toute la convention : objectifs et
          avenants, personnes et parcours, repérage, coordination, FEC importés, budget, clés,
          compensation SIEG, documents archivés et historique. Pour la reprendre sur un autre
          ordinateur : {'«\u00a0'}Importer une convention{'\u00a0»'} sur la page d'accueil.
        </Text>
        <Checkbox
          checked={includeIdentities}
          onChange={(event) => setIncludeIdentities(event.currentTarget.checked)}
          label="Inclure l'identité des personnes (nom, prénom, téléphone, courriel)"
        />
        {includeIdentities ? (
          <Alert color="red" title="Données personnelles">
            <Text size="sm">
              Le fichier contiendra le nom et les coordonnées de chaque personne accompagnée. Ne
              l'envoyez pas par courriel non chiffré, ne le laissez pas sur une clé USB, et
              supprimez-le une fois importé. Sans identités, les parcours et les indicateurs restent
              complets.
            </Text>
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            Sans identités, les personnes figurent sous leur seul n° de dossier (pseudonymisées).
          </Text>
        )}
        <ErrorSummary error={exportFile.error} />
        <div>
          <Button variant="default" loading={exportFile.isPending} onClick={run}>
            Exporter la convention (.pilotecpo)
          </Button>
        </div>
      </Stack>
    </Paper>
  );
}
