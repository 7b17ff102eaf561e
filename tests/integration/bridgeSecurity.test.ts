/**
 * Issue 12 A: nothing leaks through the web bridge and no input kills it. Each test names
 * the hole it closes; each would fail on the code before the fix (a 500, a file read, a
 * link replayed, an unbounded value stored).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { createBackend, toErrorData } from '../../electron/backend/backend';
import { UPLOAD_FOLDER } from '../../electron/backend/services/actuals';
import { startWebBridge, type WebBridge } from '../../electron/backend/web/server';
import { validConvention } from '../fixtures/conventionInput';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { rawRequest, startTestBridge, type Reply } from './helpers/webBridge';

let backend: TestBackend;
let bridge: WebBridge;
let staticDir: string;
let conventionId: number;
let close: () => Promise<void>;
const FEC_2025 = '123456789FEC20251231.txt';

beforeAll(async () => {
  let root: string;
  ({ backend, bridge, staticDir, root, close } = await startTestBridge(
    { maxUploadBytes: 1024 * 1024 },
    async (created) => {
      conventionId = (await created.call('conventions.create', validConvention())).id;
    },
  ));
  // A secret next to the static folder: no address may reach it.
  writeFileSync(join(root, 'secret.txt'), 'SECRET-HORS-DU-DOSSIER');
});
afterAll(() => close());

/** Raw HTTP: the path is sent as written (fetch would resolve `..` before sending). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<Reply> {
  return rawRequest(bridge.port, path, { ...options, ignoreReset: true });
}

const auth = () => ({ Authorization: `Bearer ${bridge.token}` });

interface Envelope {
  ok: boolean;
  data?: unknown;
  error: { code: string; message: string; fields: { path: string; message: string }[] };
}

async function callBridge(channel: string, input: unknown) {
  const reply = await send(`/api/call/${channel}`, {
    method: 'POST',
    headers: { ...auth(), 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: reply.status, body: JSON.parse(reply.body) as Envelope };
}

/** A 4xx refusal in French, naming what is wrong. */
function expectFrenchRefusal(reply: { status: number; body: Envelope }) {
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  const error = reply.body.error;
  expect(error.message).toMatch(/[àâçéèêëîïôûù]|refus|invalide|introuvable/i);
  expect(error.message).not.toMatch(/constraint|malformed|EISDIR|ENOENT|Erreur inattendue/i);
}

describe('static files', () => {
  test('no address leaves the static folder, however encoded', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/renderer/../../secret.txt',
      '/%252e%252e/secret.txt',
      '/....//secret.txt',
    ]) {
      const reply = await send(path, { headers: auth() });
      expect(reply.body, path).not.toContain('SECRET-HORS-DU-DOSSIER');
      expect(reply.status, path).toBeLessThan(500);
    }
  });

  test('a malformed or NUL-carrying address is a 400, never a 500', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/a%00b', '/api/call/%E0%A4%A']) {
      const reply = await send(path, {
        method: path.startsWith('/api') ? 'POST' : 'GET',
        headers: auth(),
      });
      expect(reply.status, path).toBe(400);
      expect(reply.body, path).not.toMatch(/URI malformed/);
    }
  });
});

describe('the one-time link', () => {
  test('works once; replayed later it is refused in French; a signed-in browser still lands', async () => {
    const link = `/?t=${bridge.token}`;
    const first = await send(link);
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^pilote_cpo_token=/);
    const replayed = await send(link);
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatch(/Lien déjà utilisé/);
    expect(replayed.headers['set-cookie']).toBeUndefined();
    // The browser that followed it reloads the address: it keeps its session.
    const reload = await send(link, { headers: { Cookie: cookie } });
    expect(reload.status).toBe(303);
  });
});

describe('files named by the page', () => {
  test('a path is refused from the page, in French, before anything is read', async () => {
    const digest = databaseDigest(backend.dataDir);
    for (const path of ['/etc/passwd', '/', '/dev/zero', sharedFixture('fec', FEC_2025)]) {
      for (const channel of ['fec.preview', 'fec.import']) {
        const reply = await callBridge(channel, {
          conventionId,
          fileName: FEC_2025,
          source: { kind: 'path', path },
        });
        expectFrenchRefusal(reply);
        expect(reply.status).toBe(400);
        const error = reply.body.error;
        expect(error.fields.map((field) => field.path)).toEqual(['source.kind']);
        expect(error.message).toBe('Fichier refusé : choisissez-le à nouveau dans Pilote CPO.');
        // Nothing read: a read of /etc/passwd would show as a FEC header error naming it.
        expect(JSON.stringify(error)).not.toMatch(/root|en-tête|passwd/);
      }
    }
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('an id the dialog never gave, a folder or a device is refused, not a 500 or a hang', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pilote-cpo-folder-'));
    try {
      const ids = [
        'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        backend.registerFile(folder),
        backend.registerFile('/dev/zero'),
        backend.registerFile(join(folder, 'absent.txt')),
      ];
      for (const fileId of ids) {
        const reply = await callBridge('fec.preview', {
          conventionId,
          fileName: FEC_2025,
          source: { kind: 'picked', fileId },
        });
        expectFrenchRefusal(reply);
        expect(reply.body.error.message).toBe(
          'Le fichier est introuvable : choisissez-le à nouveau.',
        );
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('uploads', () => {
  const uploads = () => {
    const folder = join(backend.dataDir, UPLOAD_FOLDER);
    return existsSync(folder) ? readdirSync(folder) : [];
  };

  test('an upload above the cap is a 413 in French, with or without its length, and leaves no file', async () => {
    const before = uploads();
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
    const declared = await send('/api/upload', {
      method: 'POST',
      headers: { ...auth(), 'Content-Length': String(big.length) },
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.message).toBe(
      'Fichier trop volumineux : 1 Mio au plus.',
    );
    // Chunked: no length announced, counted as it arrives.
    const chunked = await send('/api/upload', {
      method: 'POST',
      headers: { ...auth(), 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
    expect(uploads()).toEqual(before);
  });

  test('stale uploads of killed imports are removed at start; a fresh one is spared', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-stale-'));
    const folder = join(dataDir, UPLOAD_FOLDER);
    mkdirSync(folder);
    writeFileSync(join(folder, 'killed-import'), 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(folder, 'killed-import'), hourAgo, hourAgo);
    writeFileSync(join(folder, 'being-received'), 'y');
    const started = createBackend({ dataDir, mode: 'test', demo: false });
    try {
      expect(readdirSync(folder)).toEqual(['being-received']);
    } finally {
      started.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  async function upload(bytes: Buffer): Promise<string> {
    const reply = await send('/api/upload', {
      method: 'POST',
      headers: { ...auth(), 'Content-Length': String(bytes.length) },
      body: bytes,
    });
    expect(reply.status).toBe(200);
    return (JSON.parse(reply.body) as { data: { uploadId: string } }).data.uploadId;
  }

  test('an upload is removed only once its import commits; a refused file at once', async () => {
    const own = await testBackend();
    const ownBridge = await startWebBridge({ backend: own, staticDir });
    const previous = bridge;
    bridge = ownBridge;
    try {
      const id = (await own.call('conventions.create', validConvention())).id;
      const folder = join(own.dataDir, UPLOAD_FOLDER);
      // A file of 2025 whose lines are dated 2026 too: the import writes its lines, then is
      // refused inside the transaction (lines out of the year, not confirmed) and rolled back.
      const fixture = readFileSync(sharedFixture('fec', '123456789FEC20261231.txt'));
      const uploadId = await upload(fixture);
      const outOfYear = await callBridge('fec.import', {
        conventionId: id,
        fileName: FEC_2025,
        source: { kind: 'upload', uploadId },
      });
      expectFrenchRefusal(outOfYear);
      expect(rowCount(own.dataDir, 'fec_imports')).toBe(0);
      expect(readdirSync(folder)).toContain(uploadId);
      // Confirmed: it commits, and only then is the upload gone.
      const done = await callBridge('fec.import', {
        conventionId: id,
        fileName: FEC_2025,
        source: { kind: 'upload', uploadId },
        acceptOutOfYear: true,
      });
      expect(done.status).toBe(200);
      expect(rowCount(own.dataDir, 'fec_imports')).toBe(1);
      expect(readdirSync(folder)).not.toContain(uploadId);

      // A file whose content is refused can never be imported: its upload goes at once.
      const broken = await upload(
        readFileSync(sharedFixture('fec', 'malformed', 'unbalanced-entry.txt')),
      );
      const refused = await callBridge('fec.import', {
        conventionId: id,
        fileName: 'autre.txt',
        source: { kind: 'upload', uploadId: broken },
        replace: true,
      });
      expectFrenchRefusal(refused);
      expect(readdirSync(folder)).not.toContain(broken);
    } finally {
      bridge = previous;
      await ownBridge.close();
      own.dispose();
    }
  });
});

describe('refusals are 4xx in French, never a 500', () => {
  test('a call on a convention that does not exist', async () => {
    const digest = databaseDigest(backend.dataDir);
    const missing = 987_654;
    const replies = [
      await callBridge('partners.save', {
        conventionId: missing,
        partner: { name: 'France Travail', type: 'france_travail' },
      }),
      await callBridge('coordination.add', {
        conventionId: missing,
        date: '2026-04-02',
        kind: 'cte',
        title: 'CTE',
      }),
      await callBridge('people.create', {
        conventionId: missing,
        person: {
          fileNumber: 'X-1',
          sex: 'F',
          birthYear: 1990,
          eligibilityGround: 'not_registered',
          lastReferentContact: null,
        },
      }),
      await callBridge('outreach.add', {
        conventionId: missing,
        date: '2026-03-05',
        channel: 'street',
        count: 1,
      }),
    ];
    for (const reply of replies) {
      expectFrenchRefusal(reply);
      expect(reply.status, JSON.stringify(reply.body)).toBe(404);
      expect(reply.body.error.message).toBe(
        'Cette convention est introuvable (elle a peut-être été supprimée).',
      );
      expect(JSON.stringify(reply.body)).not.toMatch(/FOREIGN KEY/);
    }
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('any constraint SQLite refuses becomes a French 4xx, generically', () => {
    // A service that forgets to look a parent row up first: the database refuses, and
    // backend.ts turns SQLite's own errors (real ones, from a real connection) into French.
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec(
      'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id), code TEXT UNIQUE, n INTEGER CHECK (n > 0))',
    );
    db.exec("INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1, 'a', 1)");
    const refusal = (sql: string) => {
      try {
        db.exec(sql);
      } catch (error) {
        return toErrorData(error);
      }
      throw new Error(`accepted: ${sql}`);
    };
    try {
      const cases = [
        ['INSERT INTO child VALUES (2, 99, NULL, 1)', 'NOT_FOUND', /introuvable/],
        ["INSERT INTO child VALUES (3, 1, 'a', 1)", 'CONFLICT', /existe déjà/],
        ['INSERT INTO child VALUES (4, 1, NULL, 0)', 'VALIDATION', /règles de la base/],
        ['INSERT INTO child VALUES (5, NULL, NULL, 1)', 'VALIDATION', /règles de la base/],
      ] as const;
      for (const [sql, code, message] of cases) {
        const data = refusal(sql);
        expect(data.code, sql).toBe(code);
        expect(data.message, sql).toMatch(message);
        expect(data.message, sql).not.toMatch(/constraint/i);
      }
    } finally {
      db.close();
    }
    // Anything else is left as it is: an engine failure stays a 500.
    expect(toErrorData(new Error('disk I/O error')).code).toBe('INTERNAL');
  });

  test('unbounded input: a huge INSEE code, 1e308, NUL bytes, a huge text are refused', async () => {
    const digest = databaseDigest(backend.dataDir);
    const cases: [string, unknown, string][] = [
      [
        'outreach.add',
        {
          conventionId,
          date: '2026-03-05',
          channel: 'street',
          count: 1,
          inseeCode: '2'.repeat(5_000_000),
        },
        'inseeCode',
      ],
      [
        'outreach.add',
        { conventionId, date: '2026-03-05', channel: 'street', count: 1, inseeCode: '35A38' },
        'inseeCode',
      ],
      [
        'indicators.setManual',
        { conventionId, indicatorId: 1, yearIndex: 1, value: 1e308 },
        'value',
      ],
      [
        'partners.save',
        { conventionId, partner: { name: 'Mission\u0000locale', type: 'mission_locale' } },
        'partner.name',
      ],
      [
        'coordination.add',
        { conventionId, date: '2026-04-02', kind: 'cte', title: 'CTE', decisions: 'x\u0007y' },
        'decisions',
      ],
      [
        'conventions.create',
        { ...validConvention({ reference: 'CPO-LONG' }), title: 'é'.repeat(20_000) },
        'title',
      ],
      [
        'fec.accountLines',
        { conventionId, fiscalYearEnd: '2025-12-31', account: '6', analytic: 'a'.repeat(10_001) },
        'analytic',
      ],
    ];
    for (const [channel, input, field] of cases) {
      const reply = await callBridge(channel, input);
      expect(reply.status, channel).toBe(400);
      const fields = reply.body.error.fields;
      expect(
        fields.map((entry) => entry.path),
        `${channel} ${field}`,
      ).toContain(field);
      expectFrenchRefusal(reply);
    }
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });
});
