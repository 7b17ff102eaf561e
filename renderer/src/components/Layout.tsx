/**
 * The frame of every screen: a skip link (the first thing Tab reaches), the app bar, the
 * convention's side navigation when a convention is open, and the one main landmark.
 */
import { Anchor, AppShell, Badge, Burger, Button, Group, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, type MouseEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useCall } from '../lib/queries';
import { useTeamSession } from '../lib/teamSession';
import { roleLabels } from '../../../shared/contract/roles';
import { ConventionNav, conventionSection } from './ConventionNav';

/** Wide enough for « Données personnelles » and « Réalisations (FEC) » on one line. */
const NAVBAR_WIDTH = 230;
const MAIN_ID = 'contenu';

/**
 * The convention a URL belongs to and its section: /conventions/12/budget, and also a
 * person's file (/conventions/12/personnes/40, under « Personnes ») or a document's history.
 * « nouvelle » is not a number, so the new-convention form gets no convention navigation.
 */
export function conventionPlace(location: string) {
  const match = /^\/conventions\/(\d+)(?:\/([^/?]+))?/.exec(location);
  if (!match) return null;
  return { conventionId: Number(match[1]), section: conventionSection(match[2]) };
}

/**
 * The routes are in the URL's hash (#/conventions/…), so a plain href="#contenu" would be
 * read as a route: the link moves focus itself instead.
 */
function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  const main = document.getElementById(MAIN_ID);
  main?.focus();
  main?.scrollIntoView();
}

export function Layout({ children }: { children: ReactNode }) {
  const info = useCall('app.info', {});
  const team = useTeamSession();
  const [location] = useLocation();
  const place = conventionPlace(location);
  const [navOpened, nav] = useDisclosure(false);

  // A new screen: the drawer (narrow windows) closes, and the screen starts at its top.
  useEffect(() => {
    nav.close();
    window.scrollTo(0, 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the place changes
  }, [location]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={
        place
          ? { width: NAVBAR_WIDTH, breakpoint: 'sm', collapsed: { mobile: !navOpened } }
          : undefined
      }
      padding="lg"
    >
      <a className="skip-link" href={`#${MAIN_ID}`} onClick={skipToContent}>
        Aller au contenu
      </a>
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            {place && (
              <Burger
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Afficher la navigation de la convention"
                aria-expanded={navOpened}
              />
            )}
            <Anchor component={Link} href="/" underline="never" c="inherit">
              <Title order={1} size="h3">
                Pilote CPO
              </Title>
            </Anchor>
            <Text size="sm" c="dimmed" visibleFrom="md">
              Conventions O2R — objectifs, parcours, finances et rapports
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {info.data?.mode === 'web' && (
              <Badge variant="light" color="gray" title="Application ouverte dans le navigateur">
                Mode navigateur
              </Badge>
            )}
            {team ? (
              <>
                {team.account.role === 'direction' && (
                  <Anchor component={Link} href="/comptes" size="sm">
                    Comptes
                  </Anchor>
                )}
                <Text size="sm" aria-label="Compte connecté" title={roleLabels[team.account.role]}>
                  {team.account.displayName}
                </Text>
                <Button size="xs" variant="default" onClick={team.signOut}>
                  Se déconnecter
                </Button>
              </>
            ) : (
              info.data?.userName && (
                <Text size="sm" aria-label="Utilisateur courant">
                  {info.data.userName}
                </Text>
              )
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {place && (
        <AppShell.Navbar
          p="xs"
          aria-label="Navigation de la convention"
          style={{ overflowY: 'auto' }}
        >
          <ConventionNav
            conventionId={place.conventionId}
            current={place.section}
            onNavigate={nav.close}
          />
        </AppShell.Navbar>
      )}
      {/* AppShell.Main is the page's one <main>: the target of the skip link. */}
      <AppShell.Main id={MAIN_ID} tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
