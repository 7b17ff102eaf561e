/**
 * A bound on failed logins per network address, on top of the per-account lockout: one
 * computer trying many logins (each a different account, so no account locks) is slowed
 * down, and the server does not spend its processor on argon2id for it. In memory only:
 * a restart forgets it, the accounts' own lockout is in the database. A success does not
 * reset it: a valid account of one's own must not buy more tries at the others.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failed logins from one address within the window before it must wait. */
export const THROTTLE_MAX_FAILURES = 20;

interface Window {
  start: number;
  failures: number;
}

export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  /** Milliseconds to wait before the next try from `address`, or null when it may try. */
  waitFor(address: string, now: Date): number | null {
    const window = this.windows.get(address);
    if (!window) return null;
    const left = window.start + THROTTLE_WINDOW_MS - now.getTime();
    if (left <= 0) {
      this.windows.delete(address);
      return null;
    }
    return window.failures >= THROTTLE_MAX_FAILURES ? left : null;
  }

  failed(address: string, now: Date) {
    const window = this.windows.get(address);
    if (!window || now.getTime() - window.start >= THROTTLE_WINDOW_MS) {
      this.windows.set(address, { start: now.getTime(), failures: 1 });
    } else {
      window.failures += 1;
    }
    // Never an unbounded map: the oldest windows go first (a Map keeps insertion order).
    if (this.windows.size > 10_000) {
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
  }
}
