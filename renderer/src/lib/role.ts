/**
 * What the signed-in account may do, for the page: the role comes from app.info's `actor`
 * (the team server's account), and the table is the contract's (`allowed` of roles.ts), the
 * very one the backend checks. The page hides (not disables) what the role cannot do; the
 * backend refuses it anyway (French 403) whatever the page shows.
 *
 * In the local modes (one person on one computer) there is no actor: everything is allowed,
 * as before.
 */
import type { Channel } from '../../../shared/contract';
import type { ReportKind } from '../../../shared/contract/reports';
import { allowed, allowedDocument, identityRoles, type Role } from '../../../shared/contract/roles';
import type { ConventionSection } from '../components/ConventionNav';
import { useCall } from './queries';
import { useTeamSession } from './teamSession';

/**
 * The signed-in account's role, or null in the local modes (no role: everything allowed).
 * Until app.info answers, the team session's account (known before the first render) stands
 * in, so a team page never shows, even briefly, what its role cannot do.
 */
export function useRole(): Role | null {
  const info = useCall('app.info', {});
  const team = useTeamSession();
  return info.data?.actor?.role ?? team?.account.role ?? null;
}

/** Whether a role (null: the local mode) may make `channel`. */
export function can(role: Role | null, channel: Channel): boolean {
  return role === null || allowed(channel, role);
}

/** Whether the signed-in account may make `channel` (the page hides the rest). */
export function useCan(channel: Channel): boolean {
  return can(useRole(), channel);
}

/** Whether the signed-in account writes and generates documents of this kind. */
export function useCanDocument(kind: ReportKind): boolean {
  const role = useRole();
  return role === null || allowedDocument(kind, role);
}

/** Whether a role sees people's identities (a person's file): direction and accompagnement. */
export function seesIdentity(role: Role | null): boolean {
  return role === null || identityRoles.includes(role);
}

export function useSeesIdentity(): boolean {
  return seesIdentity(useRole());
}

/**
 * The convention's screens a role has a use for, in the side navigation. Lecture seule reads
 * every screen it may read (read-only). Finances has nothing to do with the privacy register
 * (its calls are refused: they name people); the référent's work is people, outreach,
 * coordination and the activity report, so the money screens (FEC, budget, compensation:
 * every change there is refused to the role) are left out of their navigation.
 */
export function sectionVisible(section: ConventionSection, role: Role | null): boolean {
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
