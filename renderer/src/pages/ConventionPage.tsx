/**
 * One convention: a compact header (who, which convention, when) and the screen the side
 * navigation (components/ConventionNav, drawn by Layout) points at.
 */
import { Alert, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import type { ConventionDetail } from '../../../shared/contract/conventions';
import {
  conventionSection,
  conventionSectionLabel,
  type ConventionSection,
} from '../components/ConventionNav';
import { useToday } from '../lib/today';
import { regimes } from '../../../shared/domain/referenceLists';
import { formatDate } from '../../../shared/format';
import { errorMessage } from '../lib/fieldErrors';
import { useCall } from '../lib/queries';
import { sectionVisible, useRole } from '../lib/role';
import { AvenantsTab } from './convention/AvenantsTab';
import { BudgetTab } from './convention/BudgetTab';
import { CompensationTab } from './convention/CompensationTab';
import { CoordinationTab } from './convention/CoordinationTab';
import { DashboardTab } from './convention/DashboardTab';
import { DoraExportSection } from './convention/DoraExportSection';
import { FecTab } from './convention/FecTab';
import { HistoryTab } from './convention/HistoryTab';
import { IdentityTab } from './convention/IdentityTab';
import { ObjectivesTab } from './convention/ObjectivesTab';
import { OutreachTab } from './convention/OutreachTab';
import { PeopleTab } from './convention/PeopleTab';
import { PrivacyTab } from './convention/PrivacyTab';
import { ReportsTab } from './convention/ReportsTab';

export function ConventionPage({
  id,
  tab,
  reportId = null,
}: {
  id: number;
  /** The URL's section segment; unknown or missing opens the dashboard. */
  tab: string | undefined;
  /** Set when the history is opened from a document's archive row. */
  reportId?: number | null;
}) {
  const convention = useCall('conventions.get', { id });
  const section = conventionSection(tab);
  const role = useRole();
  const reference = convention.data?.reference;

  // The window's title says where one is (task bar, screen readers on page change).
  useEffect(() => {
    if (reference)
      document.title = `${conventionSectionLabel(section)} — ${reference} — Pilote CPO`;
    return () => {
      document.title = 'Pilote CPO';
    };
  }, [section, reference]);

  if (convention.isPending) return <Loader role="status" aria-label="Chargement" />;
  if (convention.isError) return <Alert color="red">{errorMessage(convention.error)}</Alert>;
  const data = convention.data;

  return (
    <Stack gap="md">
      <div>
        <Group gap="sm" wrap="nowrap">
          <Title order={2} size="h3">
            {data.operator.name}
          </Title>
          {data.isDemo && (
            <Badge color="orange" variant="light">
              Démonstration — données fictives
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Convention {data.reference} · DREETS {data.dreetsRegion} · du {formatDate(data.startDate)}{' '}
          au {formatDate(data.endDate)} · {regimes[data.regime]}
        </Text>
      </div>
      {sectionVisible(section, role) ? (
        <SectionScreen section={section} convention={data} reportId={reportId} />
      ) : (
        // Reached by its address only: the navigation does not offer it to this role.
        <Alert color="gray">Cet écran n’est pas ouvert à votre rôle.</Alert>
      )}
    </Stack>
  );
}

function SectionScreen({
  section,
  convention,
  reportId,
}: {
  section: ConventionSection;
  convention: ConventionDetail;
  reportId: number | null;
}): ReactNode {
  const id = convention.id;
  switch (section) {
    case 'tableau-de-bord':
      return <DashboardTab convention={convention} />;
    case 'identite':
      return <IdentityTab convention={convention} sections={['identity']} />;
    case 'volets':
      return (
        <Stack>
          <DoraExportSection conventionId={id} />
          <IdentityTab convention={convention} sections={['scope']} />
        </Stack>
      );
    case 'objectifs':
      return <ObjectivesTab convention={convention} />;
    case 'avenants':
      return <AvenantsTab convention={convention} />;
    case 'personnes':
      return <PeopleTab convention={convention} />;
    case 'reperage':
      return <OutreachTab convention={convention} />;
    case 'coordination':
      return <CoordinationTab conventionId={id} />;
    case 'donnees-personnelles':
      return <PrivacyTab convention={convention} />;
    case 'realisations':
      return <FecTab convention={convention} />;
    case 'budget':
      return <BudgetTab convention={convention} />;
    case 'compensation':
      return <CompensationScreen conventionId={id} />;
    case 'rapports':
      return <ReportsTab convention={convention} />;
    case 'historique':
      return <HistoryTab key={reportId ?? 'all'} conventionId={id} reportId={reportId} />;
  }
}

function CompensationScreen({ conventionId }: { conventionId: number }) {
  const today = useToday();
  return <CompensationTab conventionId={conventionId} today={today} />;
}
