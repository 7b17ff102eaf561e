/**
 * One database, several writers: two backends in one process, and two processes (what
 * happens when the app is started twice on the same folder). SQLite's busy timeout must
 * make each writer wait its turn: every write lands, none is lost, the file stays sound.
 * And a query's connection is read-only: a query cannot write, even by mistake.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, test } from 'vitest';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { handlers } from '../../electron/backend/handlers';
import { validConvention } from '../fixtures/conventionInput';
import { rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
afterEach(() => backend?.dispose());

const WRITES = 100;

function integrity(dataDir: string): string {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

describe('one database, two writers', () => {
  test('two backends in one process: interleaved writes all land', async () => {
    backend = await testBackend();
    const conventionId = (await backend.call('conventions.create', validConvention())).id;
    const second = createBackend({ dataDir: backend.dataDir, mode: 'test', demo: false });
    try {
      const writes = [];
      for (let index = 0; index < WRITES; index += 1) {
        for (const [name, writer] of [
          ['A', backend],
          ['B', second],
        ] as const) {
          writes.push(
            writer.call('partners.save', {
              conventionId,
              partner: { name: `Partenaire ${name}${index}`, type: 'other' },
            }),
          );
        }
      }
      const ids = (await Promise.all(writes)).map((result) => result.id);
      expect(new Set(ids).size).toBe(2 * WRITES);
      expect(rowCount(backend.dataDir, 'partners')).toBe(2 * WRITES);
      expect(integrity(backend.dataDir)).toBe('ok');
    } finally {
      second.close();
    }
  });

  test('two processes on one database: the busy timeout serialises them, nothing is lost', async () => {
    backend = await testBackend();
    const conventionId = (await backend.call('conventions.create', validConvention())).id;
    const script = join(mkdtempSync(join(tmpdir(), 'pilote-cpo-writer-')), 'writer.mjs');
    // The other process: a second connection to the same file with the app's own settings
    // (WAL, busy timeout; see db/open.ts), each write its own IMMEDIATE transaction, as a
    // second copy of the app would do. (The backend itself cannot be loaded outside vite:
    // its migrations are gathered with import.meta.glob.)
    writeFileSync(
      script,
      `import { createRequire } from 'node:module';
const Database = createRequire(${JSON.stringify(resolve('package.json'))})('better-sqlite3');
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
db.pragma('foreign_keys = ON');
const insert = db.prepare(
  "INSERT INTO partners (convention_id, name, type, commune) VALUES (?, ?, 'other', '')",
);
const write = db.transaction((index) => insert.run(${conventionId}, 'Autre processus ' + index));
console.log('ready');
process.stdin.once('data', () => {
  for (let index = 0; index < ${WRITES}; index += 1) write.immediate(index);
  db.close();
  console.log('done');
});
`,
    );
    const child = spawn(process.execPath, [script, join(backend.dataDir, DATABASE_FILE)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout });
    // A child that dies answers null at once instead of leaving the test to its timeout.
    const died = new Promise<null>((done) => child.once('exit', () => done(null)));
    const next = () =>
      Promise.race([new Promise<string>((done) => lines.once('line', done)), died]);
    try {
      expect(await next()).toBe('ready');
      const finished = next();
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      child.stdin.end('go\n');
      // This process writes at the same time.
      for (let index = 0; index < WRITES; index += 1) {
        await backend.call('partners.save', {
          conventionId,
          partner: { name: `Ce processus ${index}`, type: 'other' },
        });
      }
      expect(await finished).toBe('done');
      expect(await exited).toBe(0);
      expect(rowCount(backend.dataDir, 'partners')).toBe(2 * WRITES);
      expect(integrity(backend.dataDir)).toBe('ok');
    } finally {
      child.kill();
      rmSync(join(script, '..'), { recursive: true, force: true });
    }
  }, 30_000);
});

describe('queries read only', () => {
  test('the query connection refuses any write', async () => {
    backend = await testBackend();
    expect(() =>
      backend.database.readSqlite
        .prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        .run(),
    ).toThrow(/readonly/i);
  });

  test('a query handler that tries to write is refused, and nothing is written', async () => {
    backend = await testBackend();
    const before = rowCount(backend.dataDir, 'settings');
    const original = handlers['conventions.list'];
    // A faulty query (a write slipped into a read): its ctx.db must be the read-only one.
    (handlers as Record<string, unknown>)['conventions.list'] = (
      _input: unknown,
      ctx: { db: { run(query: string): unknown } },
    ) => {
      ctx.db.run("INSERT INTO settings (key, value) VALUES ('intrus', '1')");
      return [];
    };
    try {
      const error = await backend.call('conventions.list', {}).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(String((error as { cause?: unknown }).cause ?? error)).toMatch(/readonly/i);
    } finally {
      (handlers as Record<string, unknown>)['conventions.list'] = original;
    }
    expect(rowCount(backend.dataDir, 'settings')).toBe(before);
  });
});
