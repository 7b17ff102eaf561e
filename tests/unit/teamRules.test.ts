/** The team server's rules as pure functions: lockout, session expiry, throttle, passwords. */
import { describe, expect, test } from 'vitest';
import {
  ABSOLUTE_MS,
  afterFailure,
  IDLE_MS,
  isLocked,
  LOCK_MS,
  MAX_FAILED_ATTEMPTS,
  newSessionTimes,
  sessionState,
} from '../../electron/backend/team/accounts';
import {
  LoginThrottle,
  THROTTLE_MAX_FAILURES,
  THROTTLE_WINDOW_MS,
} from '../../electron/backend/team/loginThrottle';
import { crossSiteProblem, isLoopback } from '../../electron/backend/team/server';
import { passwordProblem } from '../../shared/contract/accounts';

const t0 = new Date('2026-11-23T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('lockout', () => {
  test('locks at the 5th failure in a row, for 15 minutes', () => {
    let state = { failedAttempts: 0, lockedUntil: null as string | null };
    for (let failure = 1; failure < MAX_FAILED_ATTEMPTS; failure++) {
      state = afterFailure(state, t0);
      expect(state).toEqual({ failedAttempts: failure, lockedUntil: null });
      expect(isLocked(state, t0)).toBe(false);
    }
    state = afterFailure(state, t0);
    expect(state.lockedUntil).toBe(at(LOCK_MS).toISOString());
    expect(isLocked(state, at(LOCK_MS - 1))).toBe(true);
    expect(isLocked(state, at(LOCK_MS))).toBe(false);
  });

  test('a failure after the lock has run out starts counting again from one', () => {
    const locked = { failedAttempts: 5, lockedUntil: at(LOCK_MS).toISOString() };
    expect(afterFailure(locked, at(LOCK_MS + 1))).toEqual({ failedAttempts: 1, lockedUntil: null });
  });
});

describe('session expiry', () => {
  const times = newSessionTimes(t0);

  test('valid until 30 min without activity', () => {
    expect(sessionState(times, at(IDLE_MS - 1))).toBe('valid');
    expect(sessionState(times, at(IDLE_MS))).toBe('idle');
  });

  test('activity keeps it, up to 12 h after the login', () => {
    const active = { ...times, lastSeenAt: at(ABSOLUTE_MS - 60_000).toISOString() };
    expect(sessionState(active, at(ABSOLUTE_MS - 1))).toBe('valid');
    expect(sessionState(active, at(ABSOLUTE_MS))).toBe('expired');
  });
});

describe('login throttle per address', () => {
  test('waits after 20 failures within 15 minutes, then forgets', () => {
    const throttle = new LoginThrottle();
    for (let failure = 0; failure < THROTTLE_MAX_FAILURES; failure++) {
      expect(throttle.waitFor('10.0.0.5', t0)).toBeNull();
      throttle.failed('10.0.0.5', t0);
    }
    expect(throttle.waitFor('10.0.0.5', at(1000))).toBe(THROTTLE_WINDOW_MS - 1000);
    expect(throttle.waitFor('10.0.0.6', at(1000))).toBeNull();
    expect(throttle.waitFor('10.0.0.5', at(THROTTLE_WINDOW_MS))).toBeNull();
  });
});

describe('passwords', () => {
  test('12 characters at least, counted as characters, never trimmed', () => {
    expect(passwordProblem('onze-caract', 'x')).toMatch(/12 caractères au moins/);
    expect(passwordProblem('douze-caract', 'x')).toBeNull();
    expect(passwordProblem('éééééééééééé', 'x')).toBeNull();
    expect(passwordProblem('   onze-car ', 'x')).toBeNull();
  });

  test('not the login', () => {
    expect(passwordProblem('claire.durand', 'claire.durand')).toMatch(/identifiant/);
  });
});

describe('requests from another site', () => {
  const own = 'https://serveur.local:8443';
  test('refused when the browser says cross-site or same-site, or the origin differs', () => {
    expect(crossSiteProblem({ 'sec-fetch-site': 'cross-site' }, own)).not.toBeNull();
    expect(crossSiteProblem({ 'sec-fetch-site': 'same-site' }, own)).not.toBeNull();
    expect(crossSiteProblem({ origin: 'https://evil.example' }, own)).not.toBeNull();
    expect(crossSiteProblem({ origin: 'http://serveur.local:8443' }, own)).not.toBeNull();
  });
  test('let through from the page itself, or from a program (no browser header)', () => {
    expect(crossSiteProblem({ 'sec-fetch-site': 'same-origin', origin: own }, own)).toBeNull();
    expect(crossSiteProblem({}, own)).toBeNull();
  });
  test('loopback addresses', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('192.168.1.2')).toBe(false);
  });
});
