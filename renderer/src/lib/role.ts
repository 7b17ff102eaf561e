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
import { allowedDocument, type Role } from '../../../shared/contract/roles';
import { can, seesIdentity } from './roleRules';
import { useCall } from './queries';
import { useTeamSession } from './teamSession';

export { can, sectionVisible, seesIdentity } from './roleRules';

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

/** Whether the signed-in account may make `channel` (the page hides the rest). */
export function useCan(channel: Channel): boolean {
  return can(useRole(), channel);
}

/** Whether the signed-in account writes and generates documents of this kind. */
export function useCanDocument(kind: ReportKind): boolean {
  const role = useRole();
  return role === null || allowedDocument(kind, role);
}

/** Whether the signed-in account sees people's identities (a person's file). */
export function useSeesIdentity(): boolean {
  return seesIdentity(useRole());
}
