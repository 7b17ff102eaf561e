import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Group,
  Loader,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { Link, useLocation } from 'wouter';
import { useToday } from '../lib/today';
import { regimes } from '../../../shared/domain/referenceLists';
import { formatDate } from '../../../shared/format';
import { YearCards } from '../components/YearCards';
import { errorMessage } from '../lib/fieldErrors';
import { useCall } from '../lib/queries';
import { AvenantsTab } from './convention/AvenantsTab';
import { BudgetTab } from './convention/BudgetTab';
import { CompensationTab } from './convention/CompensationTab';
import { CoordinationTab } from './convention/CoordinationTab';
import { DoraExportSection } from './convention/DoraExportSection';
import { FecTab } from './convention/FecTab';
import { HistoryTab } from './convention/HistoryTab';
import { IdentityTab } from './convention/IdentityTab';
import { ObjectivesTab } from './convention/ObjectivesTab';
import { OutreachTab } from './convention/OutreachTab';
import { PeopleTab } from './convention/PeopleTab';
import { PrivacyTab } from './convention/PrivacyTab';
import { ReportsTab } from './convention/ReportsTab';

const tabs = [
  { value: 'identite', label: 'Identité' },
  { value: 'volets', label: 'Volets et territoires' },
  { value: 'objectifs', label: 'Objectifs par année' },
  { value: 'avenants', label: 'Avenants' },
  { value: 'personnes', label: 'Personnes' },
  { value: 'reperage', label: 'Repérage' },
  { value: 'coordination', label: 'Coordination' },
  { value: 'donnees-personnelles', label: 'Données personnelles' },
  { value: 'realisations', label: 'Réalisations (FEC)' },
  { value: 'budget', label: 'Budget et réalisé' },
  { value: 'compensation', label: 'Compensation SIEG' },
  { value: 'rapports', label: 'Rapports' },
  { value: 'historique', label: 'Historique' },
] as const;

export function ConventionPage({
  id,
  tab,
  reportId = null,
}: {
  id: number;
  tab: string;
  /** Set when the history is opened from a document's archive row. */
  reportId?: number | null;
}) {
  const convention = useCall('conventions.get', { id });
  const [, navigate] = useLocation();
  const today = useToday();

  if (convention.isPending) return <Loader role="status" aria-label="Chargement" />;
  if (convention.isError) return <Alert color="red">{errorMessage(convention.error)}</Alert>;
  const data = convention.data;

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} href="/">
          Conventions
        </Anchor>
        <Text>{data.reference}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2}>{data.operator.name}</Title>
            {data.isDemo && (
              <Badge color="orange" size="lg" variant="light">
                Démonstration — données fictives
              </Badge>
            )}
          </Group>
          <Text c="dimmed">
            Convention {data.reference} — DREETS {data.dreetsRegion} — du{' '}
            {formatDate(data.startDate)} au {formatDate(data.endDate)}
          </Text>
          <Text size="sm" c="dimmed">
            {regimes[data.regime]}
          </Text>
        </div>
      </Group>

      <YearCards conventionId={id} today={today} />

      <Tabs
        value={tabs.some((t) => t.value === tab) ? tab : 'identite'}
        onChange={(value) => navigate(`/conventions/${id}/${value ?? 'identite'}`)}
        keepMounted={false}
      >
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="identite" pt="md">
          <IdentityTab convention={data} sections={['identity']} />
        </Tabs.Panel>
        <Tabs.Panel value="volets" pt="md">
          <Stack>
            <DoraExportSection conventionId={id} />
            <IdentityTab convention={data} sections={['scope']} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="objectifs" pt="md">
          <ObjectivesTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="avenants" pt="md">
          <AvenantsTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="personnes" pt="md">
          <PeopleTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="reperage" pt="md">
          <OutreachTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="coordination" pt="md">
          <CoordinationTab conventionId={id} />
        </Tabs.Panel>
        <Tabs.Panel value="donnees-personnelles" pt="md">
          <PrivacyTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="realisations" pt="md">
          <FecTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="budget" pt="md">
          <BudgetTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="compensation" pt="md">
          <CompensationTab conventionId={id} today={today} />
        </Tabs.Panel>
        <Tabs.Panel value="rapports" pt="md">
          <ReportsTab convention={data} />
        </Tabs.Panel>
        <Tabs.Panel value="historique" pt="md">
          <HistoryTab key={reportId ?? 'all'} conventionId={id} reportId={reportId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
