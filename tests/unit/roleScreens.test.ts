/**
 * What the page shows each role (renderer/src/lib/role.ts), from the contract's table: the
 * side navigation's screens, and the local mode (no role) where everything stays.
 */
import { describe, expect, test } from 'vitest';
import { can, sectionVisible, seesIdentity } from '../../renderer/src/lib/roleRules';

/** The side navigation's screens (renderer/src/components/ConventionNav.tsx), in order. */
const sections = [
  'tableau-de-bord',
  'identite',
  'volets',
  'objectifs',
  'avenants',
  'personnes',
  'reperage',
  'coordination',
  'realisations',
  'budget',
  'compensation',
  'rapports',
  'donnees-personnelles',
  'historique',
];
const shown = (role: Parameters<typeof sectionVisible>[1]) =>
  sections.filter((section) => sectionVisible(section, role));

describe('the screens each role has a use for', () => {
  test('the local mode and direction: every screen', () => {
    expect(shown(null)).toEqual(sections);
    expect(shown('direction')).toEqual(sections);
  });
  test('finance and lecture: everything but the privacy register (it names people)', () => {
    for (const role of ['finance', 'lecture'] as const) {
      expect(shown(role)).toEqual(sections.filter((s) => s !== 'donnees-personnelles'));
    }
  });
  test('accompagnement: no FEC, budget or compensation screen', () => {
    expect(shown('accompagnement')).toEqual(
      sections.filter((s) => !['realisations', 'budget', 'compensation'].includes(s)),
    );
  });
});

describe('calls and identity', () => {
  test('the local mode may make every call; a role only what the contract gives it', () => {
    expect(can(null, 'accounts.create')).toBe(true);
    expect(can('finance', 'budget.set')).toBe(true);
    expect(can('accompagnement', 'budget.set')).toBe(false);
    expect(can('lecture', 'people.create')).toBe(false);
  });
  test('only direction and accompagnement (and the local mode) see identities', () => {
    expect(
      [null, 'direction', 'accompagnement', 'finance', 'lecture'].map((r) =>
        seesIdentity(r as never),
      ),
    ).toEqual([true, true, true, false, false]);
  });
});
