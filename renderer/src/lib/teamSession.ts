/**
 * The team server's session, seen from the page: GET /api/session says whether the page is
 * served by the team server and who is signed in; login and logout are its two routes.
 * In Electron and behind the local web bridge there is no such session (null): the name
 * chooser stands in for it.
 */
import { createContext, useContext } from 'react';
import { AppError, isAppErrorData } from '../../../shared/errors';
import { setTeamSession, waitForTeamSession } from './api';
import type { Role } from '../../../shared/contract/roles';

export interface TeamAccount {
  login: string;
  displayName: string;
  role: Role;
}

export interface TeamSession {
  mode: 'team';
  account: TeamAccount | null;
  csrfToken: string | null;
  expiresAt: string | null;
}

/** The team session, or null when the page is not served by the team server. */
export async function readTeamSession(): Promise<TeamSession | null> {
  if (window.api) return null;
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin' });
    // The local bridge answers this address with the page itself (HTML): not a team server.
    if (!response.headers.get('content-type')?.includes('application/json')) return null;
    const body = (await response.json()) as { ok?: boolean; data?: { mode?: string } };
    return body.ok && body.data?.mode === 'team' ? (body.data as TeamSession) : null;
  } catch {
    return null;
  }
}

/** A refused login: the French message, and the end of the lock when the account is locked. */
export class LoginRefused extends AppError {
  constructor(
    message: string,
    readonly lockedUntil: string | null,
  ) {
    super('UNAUTHORISED', message);
  }
}

export async function signIn(login: string, password: string): Promise<TeamSession> {
  let response: Response;
  try {
    response = await fetch('/api/session/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ login, password }),
    });
  } catch {
    throw new AppError('INTERNAL', 'Le serveur d’équipe ne répond pas : vérifiez le réseau.');
  }
  const body = (await response.json()) as {
    ok: boolean;
    data?: TeamSession;
    error?: unknown;
    lockedUntil?: string | null;
  };
  if (body.ok && body.data) return body.data;
  const message = isAppErrorData(body.error) ? body.error.message : 'Connexion refusée.';
  throw new LoginRefused(message, body.lockedUntil ?? null);
}

export async function signOut(): Promise<void> {
  try {
    await fetch('/api/session/logout', { method: 'POST', credentials: 'same-origin' });
  } catch {
    // The server is gone: the page forgets the session all the same.
  }
}

/** What the header shows and uses: the signed-in account and how to sign out. */
export interface TeamSessionValue {
  account: TeamAccount;
  signOut: () => void;
}

export const TeamSessionContext = createContext<TeamSessionValue | null>(null);

/** The signed-in account on the team server, or null in the local modes. */
export function useTeamSession(): TeamSessionValue | null {
  return useContext(TeamSessionContext);
}

const endedListeners = new Set<() => void>();
/** Called when a call finds the session ended (30 min idle, 12 h, disabled account). */
export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

/**
 * Read once, as the page loads (this module is imported before the first render): the
 * calls wait for it, so the first of them already carry the session's CSRF token.
 */
export const sessionAtStart: Promise<TeamSession | null> =
  typeof window === 'undefined' ? Promise.resolve(null) : readTeamSession();

waitForTeamSession(
  sessionAtStart.then((session) => {
    if (session?.csrfToken) {
      setTeamSession({
        csrfToken: session.csrfToken,
        onEnded: () => {
          setTeamSession(null);
          for (const listener of endedListeners) listener();
        },
      });
    }
  }),
);
