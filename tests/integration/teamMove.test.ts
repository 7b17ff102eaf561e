/**
 * A local database moved to the team server in one action: the demo convention exported
 * from a local backend (the whole-convention .pilotecpo file, identities included), sent to
 * a real team server on 127.0.0.1 in HTTPS (the certificate it generates, its fingerprint
 * checked by the client) as the direction account — upload, preview, import, the very
 * routes the page uses — and nothing lost: every table holds as many rows on the server as
 * in the local database, counted with the test's own SQL on both SQLite files.
 */
import Database from 'better-sqlite3';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { startTeamServer, type TeamServer } from '../../electron/backend/team/server';
import { testBackend, type TestBackend } from './helpers/testBackend';

const ADMIN_PASSWORD = 'le mot de passe de la direction';
/**
 * Tables that belong to the data folder, not to a convention: the team server's accounts
 * and sessions, the migrations' own journal, the computer's settings, and the history (the server's history also
 * holds the account creation and the import itself; the convention's own history lines
 * are compared separately below).
 */
const NOT_MOVED = new Set([
  'accounts',
  'sessions',
  'audit_log',
  '__drizzle_migrations',
  // The computer's own settings: the local user's name, whether the demo was loaded once.
  'settings',
]);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { ok: boolean; data?: unknown; error?: { code: string; message: string } };
  fingerprint: string;
}

function send(
  server: TeamServer,
  path: string,
  options: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.body === undefined ? 'GET' : 'POST',
        headers: options.headers,
        // Self-signed: trusted below by its fingerprint, as a user compares it.
        rejectUnauthorized: false,
      },
      (response) => {
        const fingerprint = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['body'],
            fingerprint,
          }),
        );
      },
    );
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

/** Rows per table of a SQLite file, read with plain SQL. */
function rowCounts(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((row) => row.name);
    return Object.fromEntries(
      tables.map((name) => [
        name,
        (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
      ]),
    );
  } finally {
    db.close();
  }
}

let local: TestBackend;
let teamBackend: TestBackend;
let server: TeamServer;

beforeAll(async () => {
  local = await testBackend({ demo: true });
  teamBackend = await testBackend({
    mode: 'team',
    userName: null,
    dataDir: mkdtempSync(join(tmpdir(), 'pilote-cpo-team-move-')),
  });
  server = await startTeamServer({
    backend: teamBackend,
    staticDir: mkdtempSync(join(tmpdir(), 'pilote-cpo-team-static-')),
    host: '127.0.0.1',
    port: 0,
    https: true,
    administrator: {
      login: 'direction',
      displayName: 'Claire Directrice',
      password: ADMIN_PASSWORD,
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  teamBackend?.dispose();
  local?.dispose();
});

test('the demo moves from a local database to the team server, nothing lost', async () => {
  const [demo] = await local.call('conventions.list', {});
  const exported = await local.call('conventions.exportFile', {
    conventionId: demo!.id,
    includeIdentities: true,
  });
  expect(exported.identitiesIncluded).toBe(true);
  const file = Buffer.from(exported.contentBase64, 'base64');

  // The direction signs in, over HTTPS, to the server whose fingerprint it was given.
  const signIn = await send(server, '/api/session/login', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'direction', password: ADMIN_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  expect(signIn.fingerprint).toBe(server.fingerprint);
  const cookie = String((signIn.headers['set-cookie'] as string[])[0]).split(';')[0]!;
  const csrf = (signIn.body.data as { csrfToken: string }).csrfToken;
  const headers = { Cookie: cookie, 'X-CSRF-Token': csrf };
  const call = (channel: string, input: unknown) =>
    send(server, `/api/call/${channel}`, {
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });

  // The file goes up as the page sends it (/api/upload), then preview and import name it.
  const upload = await send(server, '/api/upload', {
    headers: { ...headers, 'Content-Type': 'application/octet-stream' },
    body: file,
  });
  expect(upload.body, JSON.stringify(upload.body)).toMatchObject({ ok: true });
  const source = { kind: 'upload', uploadId: (upload.body.data as { uploadId: string }).uploadId };
  const preview = await call('conventions.previewImport', { fileName: exported.fileName, source });
  expect(preview.body, JSON.stringify(preview.body)).toMatchObject({
    ok: true,
    data: { reference: 'DEMO-O2R-BRE-2025-035', identitiesIncluded: true, referenceTaken: false },
  });
  const imported = await call('conventions.importFile', { fileName: exported.fileName, source });
  expect(imported.body, JSON.stringify(imported.body)).toMatchObject({ ok: true });

  // Nothing lost: every table the convention lives in, row for row in number.
  const before = rowCounts(local.dataDir);
  const after = rowCounts(teamBackend.dataDir);
  const moved = Object.keys(before).filter((name) => !NOT_MOVED.has(name));
  expect(moved.length).toBeGreaterThan(20);
  expect(Object.fromEntries(moved.map((name) => [name, after[name]]))).toEqual(
    Object.fromEntries(moved.map((name) => [name, before[name]])),
  );
  // The comparison is not vacuous: the demo's people, identities, actions and FEC lines are there.
  for (const table of ['persons', 'person_identities', 'ledger_lines', 'person_actions']) {
    expect(before[table], table).toBeGreaterThan(100);
  }

  // The convention's own history came along too (besides the server's account lines).
  const historyOf = (dataDir: string, conventionId: number) => {
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      return (
        db
          .prepare('SELECT count(*) AS n FROM audit_log WHERE convention_id = ?')
          .get(conventionId) as {
          n: number;
        }
      ).n;
    } finally {
      db.close();
    }
  };
  const importedId = (imported.body.data as { id: number }).id;
  expect(historyOf(teamBackend.dataDir, importedId)).toBeGreaterThanOrEqual(
    historyOf(local.dataDir, demo!.id),
  );

  // And the server answers with it: the same figures through the app.
  const people = await call('people.page', {
    conventionId: importedId,
    today: '2026-11-23',
    search: '',
    stage: 'all',
    withWarnings: false,
    offset: 0,
    limit: 1,
  });
  const localPeople = await local.call('people.page', {
    conventionId: demo!.id,
    today: '2026-11-23',
    search: '',
    stage: 'all',
    withWarnings: false,
    offset: 0,
    limit: 1,
  });
  expect((people.body.data as { total: number }).total).toBe(localPeople.total);
}, 120_000);
