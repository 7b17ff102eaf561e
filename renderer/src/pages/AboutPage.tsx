import { Stack, Table, Text, Title } from '@mantine/core';
import { useCall } from '../lib/queries';

export function AboutPage() {
  const info = useCall('app.info', {});
  return (
    <Stack maw={720}>
      <Title order={2}>À propos de Pilote CPO</Title>
      <Text>
        Pilote CPO suit une convention pluriannuelle d'objectifs O2R : objectifs, parcours, budget,
        réalisations et compensation SIEG, et prépare les documents destinés à la DREETS. Toutes les
        données restent sur cet ordinateur.
      </Text>
      {info.data && (
        <Table>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Td>{info.data.version}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Dossier des données</Table.Th>
              <Table.Td>{info.data.dataDir}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Base de données</Table.Th>
              <Table.Td>{info.data.databasePath}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
