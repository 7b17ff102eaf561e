/**
 * The team server's accounts and sessions: the administrator made at first start, the
 * login with its lockout, sessions that expire, and the handlers of the `accounts.*`
 * calls (administrator only: the role check is the backend's, see shared/contract/roles.ts).
 *
 * Passwords are hashed with argon2id by @node-rs/argon2 (a maintained Rust binding,
 * prebuilt for every OS, no compiler needed); nothing here is home-made crypto: random
 * bytes from node's crypto, SHA-256 for the stored session ids, constant-time compares.
 *
 * The rules (lockout, expiry) are pure functions at the top, unit-tested on their own.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, asc, eq, sql } from 'drizzle-orm';
import { LOGIN_PATTERN, passwordProblem, type AccountRow } from '../../../shared/contract/accounts';
import type { Role } from '../../../shared/contract/roles';
import { AppError } from '../../../shared/errors';
import { formatDateTime } from '../../../shared/format';
import type { Db } from '../db/open';
import { accounts, sessions } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import type { BaseContext } from '../context';

export type AccountRole = Role;

// ——— The rules ———

/** Failed logins in a row that lock the account. */
export const MAX_FAILED_ATTEMPTS = 5;
/** How long a locked account refuses every login, even with the right password. */
export const LOCK_MS = 15 * 60 * 1000;
/**
 * A session ends after 30 minutes without a call: the screens show people's identities,
 * and an office computer left open must not stay signed in for the day.
 */
export const IDLE_MS = 30 * 60 * 1000;
/**
 * …and 12 hours after the login whatever happens: one login per working day, and a
 * stolen cookie is worth a day at most.
 */
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;

/** argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): ~50 ms a login here. */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export interface LockState {
  failedAttempts: number;
  lockedUntil: string | null;
}

/** True while the lock holds at `now`. */
export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime();
}

/**
 * The state after one more failed login. The count starts again once a lock has passed
 * (a lock that ran out gives the full number of tries again).
 */
export function afterFailure(state: LockState, now: Date): LockState {
  const expiredLock = state.lockedUntil !== null && !isLocked(state, now);
  const failedAttempts = (expiredLock ? 0 : state.failedAttempts) + 1;
  return failedAttempts >= MAX_FAILED_ATTEMPTS
    ? { failedAttempts, lockedUntil: new Date(now.getTime() + LOCK_MS).toISOString() }
    : { failedAttempts, lockedUntil: null };
}

export interface SessionTimes {
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** Whether a session may still be used at `now`: 'valid', or why it ended. */
export function sessionState(session: SessionTimes, now: Date): 'valid' | 'idle' | 'expired' {
  const at = now.getTime();
  if (at >= Date.parse(session.expiresAt)) return 'expired';
  if (at - Date.parse(session.lastSeenAt) >= IDLE_MS) return 'idle';
  return 'valid';
}

/** A new session's times at its login. */
export function newSessionTimes(now: Date): SessionTimes {
  return {
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ABSOLUTE_MS).toISOString(),
  };
}

/** The French message of a locked account, with the time it opens again (the server's time zone). */
export function lockedMessage(lockedUntil: string): string {
  return `Trop d’essais manqués : ce compte est bloqué jusqu’au ${formatDateTime(lockedUntil)}. Réessayez ensuite, ou demandez à l’administrateur de réinitialiser votre mot de passe.`;
}

/** The same words for an unknown login and a wrong password: the page does not tell which. */
export const BAD_CREDENTIALS = 'Identifiant ou mot de passe incorrect.';
export const DISABLED_MESSAGE = 'Ce compte est désactivé : adressez-vous à l’administrateur.';

// ——— Hashing ———

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/**
 * A hash of a random password, verified against when the login is unknown, so an unknown
 * login takes as long as a wrong password (no account list by timing).
 */
let decoyHash: Promise<string> | null = null;
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}

async function passwordMatches(stored: string, given: string): Promise<boolean> {
  try {
    return await verify(stored, given);
  } catch {
    return false;
  }
}

/** The stored form of a session id: its SHA-256 (hex). */
export function sessionIdHash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// ——— The accounts ———

type AccountRecord = typeof accounts.$inferSelect;

function toRow(record: AccountRecord): AccountRow {
  return {
    id: record.id,
    login: record.login,
    displayName: record.displayName,
    role: record.role,
    disabled: record.disabled,
    lockedUntil: record.lockedUntil,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function countAccounts(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(accounts)
      .get()?.n ?? 0
  );
}

export interface NewAccount {
  login: string;
  displayName: string;
  role: AccountRole;
  password: string;
}

/** Checks what the contract checks too (the administrator made at start skips the contract). */
function checkNewAccount(account: NewAccount) {
  if (!LOGIN_PATTERN.test(account.login)) {
    throw AppError.validation(
      [],
      'Identifiant : 2 à 40 caractères, lettres minuscules sans accent, chiffres, point, tiret ou tiret bas.',
    );
  }
  const problem = passwordProblem(account.password, account.login);
  if (problem) throw AppError.validation([], problem);
}

function insertAccount(db: Db, account: NewAccount, passwordHash: string, now: Date) {
  if (db.select().from(accounts).where(eq(accounts.login, account.login)).get()) {
    throw new AppError('CONFLICT', `Identifiant « ${account.login} » déjà utilisé.`);
  }
  return db
    .insert(accounts)
    .values({
      login: account.login,
      displayName: account.displayName,
      role: account.role,
      passwordHash,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    })
    .returning()
    .get();
}

/**
 * First start of the team server: with no account yet, the administrator (role
 * direction) is created. Returns null when accounts exist already (nothing is changed).
 */
export async function ensureAdministrator(
  db: Db,
  administrator: NewAccount,
  now: Date,
): Promise<AccountRow | null> {
  if (countAccounts(db) > 0) return null;
  checkNewAccount(administrator);
  const passwordHash = await hashPassword(administrator.password);
  if (countAccounts(db) > 0) return null;
  return toRow(insertAccount(db, { ...administrator, role: 'direction' }, passwordHash, now));
}

export type LoginResult =
  | {
      ok: true;
      sessionId: string;
      csrfToken: string;
      account: { login: string; displayName: string; role: AccountRole };
      expiresAt: string;
    }
  | { ok: false; message: string; lockedUntil: string | null };

/**
 * Checks a login and opens a session. A locked account is refused before the password is
 * looked at (even the right one); each wrong password counts towards the lock.
 */
export async function login(
  db: Db,
  typedLogin: string,
  password: string,
  now: () => Date,
): Promise<LoginResult> {
  const key = typedLogin.trim().toLowerCase();
  const record = db.select().from(accounts).where(eq(accounts.login, key)).get();
  if (!record || password.length > 1024) {
    await passwordMatches(await decoy(), password.slice(0, 1024));
    return { ok: false, message: BAD_CREDENTIALS, lockedUntil: null };
  }
  if (isLocked(record, now())) {
    return {
      ok: false,
      message: lockedMessage(record.lockedUntil!),
      lockedUntil: record.lockedUntil,
    };
  }
  const matches = await passwordMatches(record.passwordHash, password);
  // Read again after the (slow) check: another attempt may have counted meanwhile. From here
  // to the update nothing awaits, so no other login of this process interleaves (better-sqlite3
  // is synchronous): the count cannot lose a failure.
  const current = db.select().from(accounts).where(eq(accounts.id, record.id)).get();
  if (!current) return { ok: false, message: BAD_CREDENTIALS, lockedUntil: null };
  const at = now();
  if (isLocked(current, at)) {
    return {
      ok: false,
      message: lockedMessage(current.lockedUntil!),
      lockedUntil: current.lockedUntil,
    };
  }
  if (!matches) {
    const next = afterFailure(current, at);
    db.update(accounts).set(next).where(eq(accounts.id, current.id)).run();
    return next.lockedUntil
      ? { ok: false, message: lockedMessage(next.lockedUntil), lockedUntil: next.lockedUntil }
      : { ok: false, message: BAD_CREDENTIALS, lockedUntil: null };
  }
  // The right password of a disabled account: said only now (the password proves who asks).
  if (current.disabled) return { ok: false, message: DISABLED_MESSAGE, lockedUntil: null };
  if (current.failedAttempts !== 0 || current.lockedUntil !== null) {
    db.update(accounts)
      .set({ failedAttempts: 0, lockedUntil: null })
      .where(eq(accounts.id, current.id))
      .run();
  }
  const sessionId = randomBytes(32).toString('hex');
  const csrfToken = randomBytes(32).toString('hex');
  const times = newSessionTimes(at);
  db.insert(sessions)
    .values({ idHash: sessionIdHash(sessionId), accountId: current.id, csrfToken, ...times })
    .run();
  return {
    ok: true,
    sessionId,
    csrfToken,
    account: { login: current.login, displayName: current.displayName, role: current.role },
    expiresAt: times.expiresAt,
  };
}

export interface ActiveSession {
  account: { id: number; login: string; displayName: string; role: AccountRole };
  csrfToken: string;
  expiresAt: string;
}

/**
 * The session a cookie names, if it is still valid: its idle clock restarts (the call
 * counts as activity). An ended session, or one of a disabled account, is deleted.
 */
export function readSession(
  db: Db,
  sessionId: string | undefined,
  now: Date,
): ActiveSession | null {
  if (!sessionId || !/^[0-9a-f]{64}$/.test(sessionId)) return null;
  const idHash = sessionIdHash(sessionId);
  const row = db
    .select({ session: sessions, account: accounts })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.idHash, idHash))
    .get();
  if (!row) return null;
  if (row.account.disabled || sessionState(row.session, now) !== 'valid') {
    db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
    return null;
  }
  db.update(sessions)
    .set({ lastSeenAt: now.toISOString() })
    .where(eq(sessions.idHash, idHash))
    .run();
  const { id, login: accountLogin, displayName, role } = row.account;
  return {
    account: { id, login: accountLogin, displayName, role },
    csrfToken: row.session.csrfToken,
    expiresAt: row.session.expiresAt,
  };
}

/** Whether a session is still valid, without counting the check as activity. */
export function sessionIsOpen(db: Db, sessionId: string, now: Date): boolean {
  const row = db
    .select({ session: sessions, disabled: accounts.disabled })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.idHash, sessionIdHash(sessionId)))
    .get();
  return row !== undefined && !row.disabled && sessionState(row.session, now) === 'valid';
}

export function endSession(db: Db, sessionId: string | undefined) {
  if (!sessionId) return;
  db.delete(sessions)
    .where(eq(sessions.idHash, sessionIdHash(sessionId)))
    .run();
}

/** Sessions that ended long ago are removed at start (they would be refused anyway). */
export function removeEndedSessions(db: Db, now: Date) {
  const idleBefore = new Date(now.getTime() - IDLE_MS).toISOString();
  db.delete(sessions)
    .where(
      sql`${sessions.expiresAt} <= ${now.toISOString()} OR ${sessions.lastSeenAt} <= ${idleBefore}`,
    )
    .run();
}

// ——— The calls (accounts.*) ———

function requireTeamMode(ctx: BaseContext) {
  if (ctx.mode !== 'team') {
    throw new AppError(
      'UNAUTHORISED',
      'Les comptes n’existent que sur le serveur d’équipe : en mode local, il n’y a qu’un utilisateur.',
    );
  }
}

function requireAccount(db: Db, id: number): AccountRecord {
  const record = db.select().from(accounts).where(eq(accounts.id, id)).get();
  if (!record) throw AppError.notFound('Compte introuvable : rechargez la page.');
  return record;
}

export const accountHandlers = {
  'accounts.list'(_input, ctx) {
    requireTeamMode(ctx);
    const now = ctx.now();
    return ctx.db
      .select()
      .from(accounts)
      .orderBy(asc(accounts.login))
      .all()
      .map((record) => ({
        ...toRow(record),
        lockedUntil: isLocked(record, now) ? record.lockedUntil : null,
      }));
  },
  'accounts.create': {
    async prepare(input, ctx) {
      requireTeamMode(ctx);
      return hashPassword(input.password);
    },
    apply(input, passwordHash: string, ctx) {
      requireTeamMode(ctx);
      const record = insertAccount(ctx.db, input, passwordHash, ctx.now());
      ctx.audit.created('compte', record.id, null, {
        identifiant: record.login,
        nom: record.displayName,
        rôle: record.role,
      });
      return toRow(record);
    },
  },
  'accounts.resetPassword': {
    async prepare(input, ctx) {
      requireTeamMode(ctx);
      const record = requireAccount(ctx.db, input.id);
      const problem = passwordProblem(input.password, record.login);
      if (problem) throw AppError.validation([{ path: 'password', message: problem }], problem);
      return hashPassword(input.password);
    },
    apply(input, passwordHash: string, ctx) {
      requireTeamMode(ctx);
      const record = requireAccount(ctx.db, input.id);
      const at = ctx.now().toISOString();
      const updated = ctx.db
        .update(accounts)
        .set({ passwordHash, failedAttempts: 0, lockedUntil: null, updatedAt: at })
        .where(eq(accounts.id, record.id))
        .returning()
        .get();
      // The old password's sessions end: whoever knew it is signed out.
      ctx.db.delete(sessions).where(eq(sessions.accountId, record.id)).run();
      // The hash is never written to the history.
      ctx.audit.updated(
        'compte',
        record.id,
        null,
        { motDePasse: 'ancien' },
        { motDePasse: 'réinitialisé' },
      );
      return toRow(updated);
    },
  },
  'accounts.disable'(input, ctx) {
    requireTeamMode(ctx);
    const record = requireAccount(ctx.db, input.id);
    if (!record.disabled) {
      const others = ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(accounts)
        .where(and(eq(accounts.role, 'direction'), eq(accounts.disabled, false)))
        .get();
      if (record.role === 'direction' && (others?.n ?? 0) <= 1) {
        throw new AppError(
          'CONFLICT',
          'C’est le dernier compte de direction actif : créez-en un autre avant de le désactiver.',
        );
      }
    }
    const updated = ctx.db
      .update(accounts)
      .set({ disabled: true, updatedAt: ctx.now().toISOString() })
      .where(eq(accounts.id, record.id))
      .returning()
      .get();
    ctx.db.delete(sessions).where(eq(sessions.accountId, record.id)).run();
    ctx.audit.updated(
      'compte',
      record.id,
      null,
      { désactivé: record.disabled },
      { désactivé: true },
    );
    return toRow(updated);
  },
} satisfies HandlerGroup<
  'accounts.list' | 'accounts.create' | 'accounts.resetPassword' | 'accounts.disable'
>;
