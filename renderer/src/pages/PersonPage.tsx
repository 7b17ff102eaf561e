/**
 * One person's file: what needs attention, their identity (only here), profile, pathway,
 * barriers, actions, and their rights over their data. Each section saves on its own.
 */
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Card,
  Grid,
  Group,
  List,
  Loader,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { PersonDetail } from '../../../shared/contract/people';
import { useToday } from '../lib/today';
import { formatDate } from '../../../shared/format';
import { stageColors, stageLabels, type Stage } from '../lib/display';
import { errorMessage } from '../lib/fieldErrors';
import { useCall } from '../lib/queries';
import { useSeesIdentity } from '../lib/role';
import { PlaceBadges } from './convention/PeopleTab';
import { ActionsSection } from './person/ActionsSection';
import { BarriersSection } from './person/BarriersSection';
import { PathwaySection } from './person/PathwaySection';
import { PersonPrivacySection } from './person/PersonPrivacySection';
import { IdentitySection, ProfileSection } from './person/ProfileSections';

/** The furthest step reached, as the people list shows it. */
function stageOf(pathway: PersonDetail['pathway']): Stage {
  if (pathway.exitDate) return 'exited';
  if (pathway.accompanimentStart) return 'accompaniment';
  if (pathway.remobilisationStart) return 'remobilisation';
  return 'identified';
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function PersonPage({ conventionId, personId }: { conventionId: number; personId: number }) {
  // Finances and Lecture seule never see an identity: their page does not even ask for it
  // (people.get would be refused, 403); the people list shows them the pseudonymous rows.
  const seesIdentity = useSeesIdentity();
  if (!seesIdentity) {
    return (
      <Stack gap="lg">
        <Anchor component={Link} href={`/conventions/${conventionId}/personnes`}>
          Retour aux personnes
        </Anchor>
        <Alert color="gray" title="Dossier non accessible">
          Votre rôle ne permet pas de voir l’identité des personnes : la liste des personnes montre
          leur numéro de dossier, leur parcours et leurs alertes.
        </Alert>
      </Stack>
    );
  }
  return <PersonFile conventionId={conventionId} personId={personId} />;
}

function PersonFile({ conventionId, personId }: { conventionId: number; personId: number }) {
  const today = useToday();
  const convention = useCall('conventions.get', { id: conventionId });
  const person = useCall('people.get', { id: personId, today });

  if (convention.isPending || person.isPending)
    return <Loader role="status" aria-label="Chargement" />;
  if (convention.isError) return <Alert color="red">{errorMessage(convention.error)}</Alert>;
  if (person.isError) return <Alert color="red">{errorMessage(person.error)}</Alert>;
  const detail = person.data;
  const stage = stageOf(detail.pathway);
  const { pathway } = detail;
  const facts = [
    pathway.identifiedOn && `repéré le ${formatDate(pathway.identifiedOn)}`,
    pathway.accompanimentStart &&
      `en accompagnement depuis le ${formatDate(pathway.accompanimentStart)}`,
    pathway.exitDate && `sorti le ${formatDate(pathway.exitDate)}`,
    pathway.referent && `référent : ${pathway.referent}`,
  ].filter(Boolean);

  return (
    <Stack gap="lg">
      <Breadcrumbs>
        <Anchor component={Link} href="/">
          Conventions
        </Anchor>
        <Anchor component={Link} href={`/conventions/${conventionId}/identite`}>
          {convention.data.reference}
        </Anchor>
        <Anchor component={Link} href={`/conventions/${conventionId}/personnes`}>
          Personnes
        </Anchor>
        <Text>{detail.person.fileNumber}</Text>
      </Breadcrumbs>

      <div>
        <Group gap="sm">
          <Title order={2}>Dossier {detail.person.fileNumber}</Title>
          <Badge size="lg" variant="light" color={stageColors[stage]} tt="none">
            {stageLabels[stage]}
          </Badge>
          <PlaceBadges qpv={detail.person.qpv ?? false} zrr={detail.person.zrr ?? false} />
          {detail.anonymisedAt && (
            <Badge size="lg" variant="light" color="gray" tt="none">
              Identité effacée
            </Badge>
          )}
        </Group>
        {facts.length > 0 && (
          <Text c="dimmed" size="sm" mt={4}>
            {facts.join(' — ').replace(/^./, (c) => c.toUpperCase())}
          </Text>
        )}
      </div>

      {detail.warnings.length > 0 && (
        <Alert color="orange" variant="light" title="À vérifier dans ce parcours">
          <List size="sm">
            {detail.warnings.map((warning) => (
              <List.Item key={warning.code}>{warning.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Grid>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Section title="Identité">
            {/* The sections follow the record themselves (useVersionedDraft): remounting on
                every change would drop an entry in progress when a colleague saves. */}
            <IdentitySection key={String(detail.anonymisedAt)} detail={detail} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Section title="Profil">
            <ProfileSection detail={detail} />
          </Section>
        </Grid.Col>
      </Grid>

      <Section title="Parcours">
        <PathwaySection detail={detail} />
      </Section>

      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section title="Freins">
            <BarriersSection detail={detail} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section title="Actions">
            <ActionsSection detail={detail} convention={convention.data} />
          </Section>
        </Grid.Col>
      </Grid>

      <Section title="Données personnelles">
        <PersonPrivacySection detail={detail} />
      </Section>
    </Stack>
  );
}
