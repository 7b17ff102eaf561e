/**
 * The side navigation of one convention: every screen at once, grouped the way a director
 * thinks of them (steer, activity, money, reports, settings), the current one marked with
 * aria-current="page". The place is the URL (/conventions/:id/:section), so a reload, the
 * back button or a link from another screen all land on the same highlighted entry.
 */
import { NavLink, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { sectionVisible, useRole } from '../lib/role';

export const conventionSectionGroups = [
  {
    label: 'Pilotage',
    sections: [
      { value: 'tableau-de-bord', label: 'Tableau de bord' },
      { value: 'identite', label: 'Identité' },
      { value: 'volets', label: 'Volets et territoires' },
      { value: 'objectifs', label: 'Objectifs par année' },
      { value: 'avenants', label: 'Avenants' },
    ],
  },
  {
    label: 'Activité',
    sections: [
      { value: 'personnes', label: 'Personnes' },
      { value: 'reperage', label: 'Repérage' },
      { value: 'coordination', label: 'Coordination' },
    ],
  },
  {
    label: 'Finances',
    sections: [
      { value: 'realisations', label: 'Réalisations (FEC)' },
      { value: 'budget', label: 'Budget et réalisé' },
      { value: 'compensation', label: 'Compensation SIEG' },
    ],
  },
  { label: 'Rapports', sections: [{ value: 'rapports', label: 'Rapports' }] },
  {
    label: 'Paramètres',
    sections: [
      { value: 'donnees-personnelles', label: 'Données personnelles' },
      { value: 'historique', label: 'Historique' },
    ],
  },
] as const;

export type ConventionSection =
  (typeof conventionSectionGroups)[number]['sections'][number]['value'];

export const defaultConventionSection: ConventionSection = 'tableau-de-bord';

const sections: readonly { value: ConventionSection; label: string }[] =
  conventionSectionGroups.flatMap((group) => [...group.sections]);

/** The section a URL segment names; anything unknown opens the dashboard. */
export function conventionSection(segment: string | undefined): ConventionSection {
  return sections.find((s) => s.value === segment)?.value ?? defaultConventionSection;
}

export function conventionSectionLabel(section: ConventionSection): string {
  return sections.find((s) => s.value === section)?.label ?? '';
}

export function ConventionNav({
  conventionId,
  current,
  onNavigate,
}: {
  conventionId: number;
  current: ConventionSection;
  /** Called when an entry is followed (closes the drawer on narrow screens). */
  onNavigate?: () => void;
}) {
  // The team mode: only the screens the account's role has a use for (lib/role.ts).
  const role = useRole();
  return (
    <Stack gap={4}>
      <NavLink
        component={Link}
        href="/"
        label="Toutes les conventions"
        leftSection={<span aria-hidden="true">←</span>}
        onClick={onNavigate}
        py={5}
      />
      {conventionSectionGroups.map((group) => {
        const shown = group.sections.filter((section) => sectionVisible(section.value, role));
        if (shown.length === 0) return null;
        const id = `nav-groupe-${group.sections[0].value}`;
        return (
          <div key={group.label} role="group" aria-labelledby={id}>
            <Text id={id} size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt={6} pb={2}>
              {group.label}
            </Text>
            {shown.map((section) => {
              const active = section.value === current;
              return (
                <NavLink
                  key={section.value}
                  component={Link}
                  href={`/conventions/${conventionId}/${section.value}`}
                  label={section.label}
                  active={active}
                  // Filled: white on indigo is the contrast the light variant lacks (4.1:1).
                  variant="filled"
                  aria-current={active ? 'page' : undefined}
                  onClick={onNavigate}
                  py={5}
                />
              );
            })}
          </div>
        );
      })}
    </Stack>
  );
}
