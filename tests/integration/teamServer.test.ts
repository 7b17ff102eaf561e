/**
 * The team server, started for real on 127.0.0.1 (an ephemeral port, a temporary data
 * folder, the real migrations): once in plain HTTP (allowed on the loopback) and once in
 * HTTPS with the certificate it generates, whose fingerprint the client checks. The
 * sessions' and lockouts' clock is a variable the tests move.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  checkListenAddress,
  startTeamServer,
  type TeamServer,
} from '../../electron/backend/team/server';
import { IDLE_MS, LOCK_MS } from '../../electron/backend/team/accounts';
import { TLS_FOLDER } from '../../electron/backend/team/certificate';
import { UPLOAD_FOLDER } from '../../electron/backend/services/actuals';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend, type TestBackend } from './helpers/testBackend';

const ADMIN_PASSWORD = 'correct horse battery staple';
const START = new Date('2026-11-23T08:00:00.000Z');
let clock = new Date(START);
const now = () => clock;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: { ok: boolean; data?: unknown; error?: { code: string; message: string } } & Record<
    string,
    unknown
  >;
  /** The server certificate's SHA-256 fingerprint (HTTPS only). */
  fingerprint?: string;
}

function send(
  server: TeamServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Reply> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const make = server.https ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = make(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers: {
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
        // A self-signed certificate: not trusted by a CA, checked by its fingerprint below.
        rejectUnauthorized: false,
      },
      (response) => {
        // Read now: the socket is detached from the response once it has ended.
        const fingerprint = server.https
          ? (response.socket as TLSSocket).getPeerCertificate().fingerprint256
          : undefined;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text.startsWith('{') ? JSON.parse(text) : { ok: false, text },
            fingerprint,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface Signed {
  cookie: string;
  csrf: string;
  setCookie: string;
}

async function signIn(server: TeamServer, login: string, password: string): Promise<Signed> {
  const reply = await send(server, '/api/session/login', { body: { login, password } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  const setCookie = reply.headers['set-cookie']?.[0] ?? '';
  return {
    cookie: setCookie.split(';')[0]!,
    csrf: (reply.body.data as { csrfToken: string }).csrfToken,
    setCookie,
  };
}

function call(server: TeamServer, who: Signed, channel: string, input: unknown = {}) {
  return send(server, `/api/call/${channel}`, {
    body: input,
    headers: { Cookie: who.cookie, 'X-CSRF-Token': who.csrf },
  });
}

let plainBackend: TestBackend;
let plain: TeamServer;
let tlsBackend: TestBackend;
let tls: TeamServer;
const staticDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-team-static-'));

beforeAll(async () => {
  plainBackend = await testBackend({ mode: 'team', userName: null, now });
  plain = await startTeamServer({
    backend: plainBackend,
    staticDir,
    host: '127.0.0.1',
    port: 0,
    administrator: {
      login: 'direction',
      displayName: 'Claire Directrice',
      password: ADMIN_PASSWORD,
    },
    now,
  });
  tlsBackend = await testBackend({ mode: 'team', userName: null, now });
  tls = await startTeamServer({
    backend: tlsBackend,
    staticDir,
    host: '127.0.0.1',
    port: 0,
    https: true,
    administrator: {
      login: 'direction',
      displayName: 'Claire Directrice',
      password: ADMIN_PASSWORD,
    },
    now,
  });
});

afterAll(async () => {
  await plain?.close();
  await tls?.close();
  plainBackend?.dispose();
  tlsBackend?.dispose();
});

describe('first start', () => {
  test('creates the administrator, role direction, its password hashed with argon2id', () => {
    expect(plain.administratorCreated).toBe('direction');
    const rows = plainBackend.database.sqlite
      .prepare('SELECT login, role, password_hash AS hash FROM accounts')
      .all() as { login: string; role: string; hash: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ login: 'direction', role: 'direction' });
    expect(rows[0]!.hash.startsWith('$argon2id$')).toBe(true);
    expect(rows[0]!.hash).not.toContain(ADMIN_PASSWORD);
  });

  test('a second start on the same data creates nobody', async () => {
    const again = await startTeamServer({
      backend: plainBackend,
      staticDir,
      port: 0,
      administrator: { login: 'autre', displayName: 'Autre', password: 'un autre mot de passe' },
      now,
    });
    await again.close();
    expect(again.administratorCreated).toBeNull();
    const count = plainBackend.database.sqlite.prepare('SELECT count(*) AS n FROM accounts').get();
    expect(count).toEqual({ n: 1 });
  });
});

describe('HTTPS', () => {
  test('the certificate is the one whose fingerprint the server prints, kept 0600', async () => {
    expect(tls.url.startsWith('https://')).toBe(true);
    const reply = await send(tls, '/api/session');
    expect(reply.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(reply.fingerprint).toBe(tls.fingerprint);
    for (const file of ['certificat.pem', 'cle-privee.pem']) {
      expect(statSync(join(tlsBackend.dataDir, TLS_FOLDER, file)).mode & 0o777).toBe(0o600);
    }
  });

  test('the session cookie is HttpOnly, Secure, SameSite=Strict, Path=/ and __Host-', async () => {
    const who = await signIn(tls, 'direction', ADMIN_PASSWORD);
    const flags = who.setCookie.split(';').map((part) => part.trim());
    expect(flags[0]).toMatch(/^__Host-pilote_cpo_session=[0-9a-f]{64}$/);
    expect(flags).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/']),
    );
    expect(flags.some((flag) => flag.startsWith('Domain'))).toBe(false);
    const reply = await call(tls, who, 'conventions.list');
    expect(reply.status).toBe(200);
  });

  test('the session id is stored only as its SHA-256', async () => {
    const who = await signIn(tls, 'direction', ADMIN_PASSWORD);
    const id = who.cookie.split('=')[1]!;
    const stored = tlsBackend.database.sqlite.prepare('SELECT id_hash FROM sessions').all() as {
      id_hash: string;
    }[];
    expect(stored.some((row) => row.id_hash === id)).toBe(false);
    const { createHash } = await import('node:crypto');
    const hashed = createHash('sha256').update(id).digest('hex');
    expect(stored.some((row) => row.id_hash === hashed)).toBe(true);
  });
});

describe('plain HTTP', () => {
  test('is refused off the loopback, with a French message, before anything is opened', async () => {
    expect(() => checkListenAddress('0.0.0.0', false)).toThrow(/HTTP simple.*127\.0\.0\.1/);
    expect(() => checkListenAddress('192.168.1.20', false)).toThrow(/Refusé/);
    expect(() => checkListenAddress('0.0.0.0', true)).not.toThrow();
    expect(() => checkListenAddress('127.0.0.1', false)).not.toThrow();
    await expect(
      startTeamServer({ backend: plainBackend, staticDir, host: '0.0.0.0', https: false, now }),
    ).rejects.toThrow(/HTTP simple/);
  });

  test('its cookie is HttpOnly and SameSite=Strict, without Secure (no TLS to require)', async () => {
    const who = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const flags = who.setCookie.split(';').map((part) => part.trim());
    expect(flags[0]).toMatch(/^pilote_cpo_session=[0-9a-f]{64}$/);
    expect(flags).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(flags).not.toContain('Secure');
  });
});

describe('sessions and requests', () => {
  test('GET /api/session says team mode, and who is signed in', async () => {
    const anonymous = await send(plain, '/api/session');
    expect(anonymous.body.data).toMatchObject({ mode: 'team', account: null, csrfToken: null });
    const who = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const signed = await send(plain, '/api/session', { headers: { Cookie: who.cookie } });
    expect(signed.body.data).toMatchObject({
      mode: 'team',
      account: { login: 'direction', displayName: 'Claire Directrice', role: 'direction' },
      csrfToken: who.csrf,
    });
  });

  test('a call without a session is refused 401; without the CSRF token 403', async () => {
    const anonymous = await send(plain, '/api/call/conventions.list', { body: {} });
    expect(anonymous.status).toBe(401);
    const who = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const noToken = await send(plain, '/api/call/conventions.list', {
      body: {},
      headers: { Cookie: who.cookie },
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error?.message).toMatch(/Jeton de sécurité/);
    const wrongToken = await send(plain, '/api/call/conventions.list', {
      body: {},
      headers: { Cookie: who.cookie, 'X-CSRF-Token': 'f'.repeat(64) },
    });
    expect(wrongToken.status).toBe(403);
    const good = await call(plain, who, 'conventions.list');
    expect(good.status).toBe(200);
  });

  test('a cross-site request is refused 403, even with the cookie and the token', async () => {
    const who = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const headers = { Cookie: who.cookie, 'X-CSRF-Token': who.csrf };
    const foreign = await send(plain, '/api/call/conventions.list', {
      body: {},
      headers: { ...headers, Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const crossSite = await send(plain, '/api/call/conventions.list', {
      body: {},
      headers: { ...headers, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await send(plain, '/api/call/conventions.list', {
      body: {},
      headers: { ...headers, 'Sec-Fetch-Site': 'same-site' },
    });
    expect(sameSite.status).toBe(403);
    // A cross-site login (login CSRF) is refused too.
    const login = await send(plain, '/api/session/login', {
      body: { login: 'direction', password: ADMIN_PASSWORD },
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(login.status).toBe(403);
    // The page's own requests pass.
    const own = await send(plain, '/api/call/conventions.list', {
      body: {},
      headers: {
        ...headers,
        Origin: `http://127.0.0.1:${plain.port}`,
        'Sec-Fetch-Site': 'same-origin',
      },
    });
    expect(own.status).toBe(200);
  });

  test('the events channel requires the session, and closes when it ends', async () => {
    const anonymous = await send(plain, '/api/events');
    expect(anonymous.status).toBe(401);

    const who = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const ended = await new Promise<{ status: number; first: string; ended: Promise<void> }>(
      (resolve, reject) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port: plain.port,
            path: '/api/events',
            headers: { Cookie: who.cookie },
          },
          (response) => {
            const ended = new Promise<void>((done) => response.on('end', () => done()));
            response.once('data', (chunk: Buffer) =>
              resolve({ status: response.statusCode ?? 0, first: chunk.toString(), ended }),
            );
          },
        );
        request.on('error', reject);
        request.end();
      },
    );
    expect(ended.status).toBe(200);
    expect(ended.first).toContain('connecté');
    await send(plain, '/api/session/logout', { method: 'POST', headers: { Cookie: who.cookie } });
    // Without the logout closing it, this would wait for the test's timeout.
    await ended.ended;
  });

  test('a session ends after 30 min idle, and after 12 h whatever the activity', async () => {
    const idle = await signIn(plain, 'direction', ADMIN_PASSWORD);
    advance(IDLE_MS - 60_000);
    expect((await call(plain, idle, 'conventions.list')).status).toBe(200);
    advance(IDLE_MS);
    expect((await call(plain, idle, 'conventions.list')).status).toBe(401);

    const busy = await signIn(plain, 'direction', ADMIN_PASSWORD);
    // A call every 20 minutes keeps it from going idle, up to the 12 h bound.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      advance(20 * 60_000);
      expect((await call(plain, busy, 'conventions.list')).status, `${minutes} min`).toBe(200);
    }
    advance(20 * 60_000);
    expect((await call(plain, busy, 'conventions.list')).status).toBe(401);
  });

  test('logout ends the session', async () => {
    const who = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const out = await send(plain, '/api/session/logout', {
      method: 'POST',
      headers: { Cookie: who.cookie },
    });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']?.[0]).toMatch(/Max-Age=0/);
    expect((await call(plain, who, 'conventions.list')).status).toBe(401);
  });
});

describe('accounts', () => {
  let admin: Signed;
  beforeAll(async () => {
    admin = await signIn(plain, 'direction', ADMIN_PASSWORD);
    for (const [login, role] of [
      ['m.durand', 'accompagnement'],
      ['l.petit', 'lecture'],
      ['b.bloque', 'finance'],
    ]) {
      const created = await call(plain, admin, 'accounts.create', {
        login,
        displayName: login,
        role,
        password: `mot de passe de ${login}`,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
    }
  });

  test('a short password is refused with a French message, nothing written', async () => {
    const reply = await call(plain, admin, 'accounts.create', {
      login: 'court',
      displayName: 'Court',
      role: 'lecture',
      password: 'trop-court',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.message).toMatch(/12 caractères au moins/);
    const row = plainBackend.database.sqlite
      .prepare("SELECT count(*) AS n FROM accounts WHERE login = 'court'")
      .get();
    expect(row).toEqual({ n: 0 });
  });

  test('5 wrong passwords lock the account, even for the right one, until the lock ends', async () => {
    const right = 'mot de passe de b.bloque';
    for (let attempt = 1; attempt <= 4; attempt++) {
      const reply = await send(plain, '/api/session/login', {
        body: { login: 'b.bloque', password: `faux ${attempt} faux faux` },
      });
      expect(reply.status).toBe(401);
      expect(reply.body.error?.message).toBe('Identifiant ou mot de passe incorrect.');
    }
    const fifth = await send(plain, '/api/session/login', {
      body: { login: 'b.bloque', password: 'faux 5 faux faux' },
    });
    expect(fifth.status).toBe(401);
    expect(fifth.body.error?.message).toMatch(/bloqué jusqu’au \d\d\/\d\d\/\d{4} à \d\d:\d\d/);
    const locked = await send(plain, '/api/session/login', {
      body: { login: 'b.bloque', password: right },
    });
    expect(locked.status).toBe(401);
    expect(locked.body.error?.message).toMatch(/bloqué/);
    expect(locked.body.lockedUntil).toBe(new Date(clock.getTime() + LOCK_MS).toISOString());

    advance(LOCK_MS - 1000);
    const stillLocked = await send(plain, '/api/session/login', {
      body: { login: 'b.bloque', password: right },
    });
    expect(stillLocked.status).toBe(401);
    advance(2000);
    await signIn(plain, 'b.bloque', right);
  });

  test('an unknown login gets the same message as a wrong password', async () => {
    const reply = await send(plain, '/api/session/login', {
      body: { login: 'personne', password: 'nimporte quoi du tout' },
    });
    expect(reply.status).toBe(401);
    expect(reply.body.error?.message).toBe('Identifiant ou mot de passe incorrect.');
  });

  test('a disabled account cannot sign in, and its open sessions end', async () => {
    const admin2 = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const referent = await signIn(plain, 'm.durand', 'mot de passe de m.durand');
    expect((await call(plain, referent, 'conventions.list')).status).toBe(200);
    const list = await call(plain, admin2, 'accounts.list');
    const id = (list.body.data as { id: number; login: string }[]).find(
      (row) => row.login === 'm.durand',
    )!.id;
    const disabled = await call(plain, admin2, 'accounts.disable', { id });
    expect(disabled.status).toBe(200);
    expect((await call(plain, referent, 'conventions.list')).status).toBe(401);
    const again = await send(plain, '/api/session/login', {
      body: { login: 'm.durand', password: 'mot de passe de m.durand' },
    });
    expect(again.status).toBe(401);
    expect(again.body.error?.message).toMatch(/désactivé/);
  });

  test('a reset password replaces the old one and ends its sessions', async () => {
    const admin2 = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const reader = await signIn(plain, 'l.petit', 'mot de passe de l.petit');
    const list = await call(plain, admin2, 'accounts.list');
    const id = (list.body.data as { id: number; login: string }[]).find(
      (row) => row.login === 'l.petit',
    )!.id;
    const reset = await call(plain, admin2, 'accounts.resetPassword', {
      id,
      password: 'un tout nouveau mot de passe',
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect((await call(plain, reader, 'conventions.list')).status).toBe(401);
    await signIn(plain, 'l.petit', 'un tout nouveau mot de passe');
    const old = await send(plain, '/api/session/login', {
      body: { login: 'l.petit', password: 'mot de passe de l.petit' },
    });
    expect(old.status).toBe(401);
  });

  test('only direction manages accounts (the role check of the backend)', async () => {
    const reader = await signIn(plain, 'l.petit', 'un tout nouveau mot de passe');
    const reply = await call(plain, reader, 'accounts.list');
    expect(reply.status).toBe(403);
    // A read-only account sends no file either (uploads only feed imports).
    const upload = await send(plain, '/api/upload', {
      method: 'POST',
      body: 'des octets',
      headers: { Cookie: reader.cookie, 'X-CSRF-Token': reader.csrf },
    });
    expect(upload.status).toBe(403);
    const folder = join(plainBackend.dataDir, UPLOAD_FOLDER);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    // The same bytes from direction are received: the refusal was the role's.
    const admin2 = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const accepted = await send(plain, '/api/upload', {
      method: 'POST',
      body: 'des octets',
      headers: { Cookie: admin2.cookie, 'X-CSRF-Token': admin2.csrf },
    });
    expect(accepted.status).toBe(200);
  });

  test('the history names the account that made a call through the server', async () => {
    const admin2 = await signIn(plain, 'direction', ADMIN_PASSWORD);
    const created = await call(
      plain,
      admin2,
      'conventions.create',
      validConvention({ reference: 'CPO-EQUIPE-001' }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const users = plainBackend.database.sqlite
      .prepare("SELECT DISTINCT user FROM audit_log WHERE entity = 'convention'")
      .all() as { user: string }[];
    expect(users.map((row) => row.user)).toEqual(['direction']);
  });
});

describe('local mode', () => {
  test('the accounts calls are refused with a French message', async () => {
    const local = await testBackend();
    try {
      await expect(local.call('accounts.list', {})).rejects.toThrow(/serveur d’équipe/);
    } finally {
      local.dispose();
    }
  });
});
