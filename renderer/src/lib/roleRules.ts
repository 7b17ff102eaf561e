/**
 * The role rules the page applies, pure (no React, no DOM), unit-tested in
 * tests/unit/roleScreens.test.ts; the hooks of role.ts feed them the signed-in role. A null
 * role is the local mode: everything allowed.
 */
import type { Channel } from '../../../shared/contract';
import { allowed, identityRoles, type Role } from '../../../shared/contract/roles';

/** Whether a role (null: the local mode) may make `channel`. */
export function can(role: Role | null, channel: Channel): boolean {
  return role === null || allowed(channel, role);
}

/** Whether a role sees people's identities (a person's file): direction and accompagnement. */
export function seesIdentity(role: Role | null): boolean {
  return role === null || identityRoles.includes(role);
}

/**
 * The convention's screens a role has a use for, in the side navigation. Lecture seule reads
 * every screen it may read (read-only). Finances has nothing to do with the privacy register
 * (its calls are refused: they name people); the référent's work is people, outreach,
 * coordination and the activity report, so the money screens (FEC, budget, compensation:
 * every change there is refused to the role) are left out of their navigation.
 */
export function sectionVisible(section: string, role: Role | null): boolean {
  switch (section) {
    case 'donnees-personnelles':
      return can(role, 'privacy.register');
    case 'realisations':
      return role !== 'accompagnement';
    case 'budget':
      return role !== 'accompagnement';
    case 'compensation':
      return role !== 'accompagnement';
    default:
      return true;
  }
}
