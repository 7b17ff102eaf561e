/**
 * Backups and restore on real files: the round trip brings back the exact content, rotation
 * keeps the calendar set worked out by hand below, an encrypted copy is unreadable without
 * its passphrase, erasure reaches the bytes of every copy, and a damaged database is not
 * opened but offered a copy.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createBackend, DATABASE_FILE, type Backend } from '../../electron/backend/backend';
import { bundledMigrations } from '../../electron/backend/db/migrations';
import { decrypt } from '../../electron/backend/services/backupFiles';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { personInput } from '../fixtures/personInput';

const opened: Backend[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) {
    await backend.backups.idle();
    backend.close();
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-backups-'));
  folders.push(dir);
  return dir;
}

async function start(
  options: { dataDir?: string; now?: () => Date; automaticBackups?: boolean } = {},
) {
  const backend = createBackend({
    mode: 'test',
    demo: false,
    now: () => new Date('2026-11-23T09:30:00.000Z'),
    ...options,
    dataDir: options.dataDir ?? tempDir(),
  });
  opened.push(backend);
  await backend.call('session.setUser', { name: 'Camille Testeur' });
  return backend;
}

function stop(backend: Backend) {
  opened.splice(opened.indexOf(backend), 1);
  backend.close();
}

const person = (fileNumber: string) => personInput(fileNumber);

async function addPerson(
  backend: Backend,
  conventionId: number,
  fileNumber: string,
  lastName: string,
) {
  const { id } = await backend.call('people.create', {
    conventionId,
    person: person(fileNumber),
    identity: {
      lastName,
      firstName: 'Zoé',
      phone: '',
      email: `${lastName.toLowerCase()}@exemple.fr`,
    },
  });
  return id;
}

const copyPath = (backend: Backend, file: string) => join(backend.backups.folder(), file);

describe('backups', () => {
  test('restore brings back the exact content of the copy, after copying the current state', async () => {
    const backend = await start();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    await addPerson(backend, conventionId, 'BR-1', 'Premier');
    const atCopy = databaseDigest(backend.dataDir);
    const copy = await backend.call('backups.create', {});
    expect(copy).toMatchObject({
      reason: 'manuelle',
      encrypted: false,
      counts: { conventions: 1, persons: 1, identities: 1, fecImports: 0, reports: 0 },
    });
    expect(copy.sizeBytes).toBe(readFileSync(copyPath(backend, copy.file)).length);

    await addPerson(backend, conventionId, 'BR-2', 'Second');
    const later = databaseDigest(backend.dataDir);
    expect(later).not.toBe(atCopy);

    const result = await backend.call('backups.restore', { file: copy.file });
    expect(databaseDigest(backend.dataDir)).toBe(atCopy);
    expect(await backend.call('people.list', { conventionId, today: '2026-11-23' })).toHaveLength(
      1,
    );
    // The state just before the restore was copied first, and restoring it undoes the restore.
    const { copies } = await backend.call('backups.list', {});
    const before = copies.find((c) => c.reason === 'avant-restauration');
    expect(before?.file).toBe(result.preRestoreCopy);
    expect(before?.counts.persons).toBe(2);
    await backend.call('backups.restore', { file: before!.file });
    expect(databaseDigest(backend.dataDir)).toBe(later);
  });

  test('the manifest of a copy names who asked for it: the account on the team server', async () => {
    const backend = await start();
    await backend.call('conventions.create', validConvention());
    const manifest = (file: string) =>
      JSON.parse(readFileSync(copyPath(backend, file.replace(/\.sqlite.*$/, '.json')), 'utf8')) as {
        by: string | null;
      };
    const local = await backend.call('backups.create', {});
    expect(manifest(local.file).by).toBe('Camille Testeur');
    const director = { account: 'c.riou', role: 'direction' as const };
    const asked = (await backend.callRaw('backups.create', {}, director)) as { file: string };
    expect(manifest(asked.file).by).toBe('c.riou');
    const restored = (await backend.callRaw('backups.restore', { file: local.file }, director)) as {
      preRestoreCopy: string;
    };
    expect(manifest(restored.preRestoreCopy).by).toBe('c.riou');
  });

  test('a copy whose bytes changed since its manifest is not restored', async () => {
    const backend = await start();
    await backend.call('conventions.create', validConvention());
    const copy = await backend.call('backups.create', {});
    const path = copyPath(backend, copy.file);
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(path, bytes);
    const digest = databaseDigest(backend.dataDir);
    await expect(backend.call('backups.restore', { file: copy.file })).rejects.toThrow(
      /modifiée ou abîmée/,
    );
    expect(databaseDigest(backend.dataDir)).toBe(digest);
  });

  test('rotation keeps 7 days, 4 weeks and 12 months of daily copies, and the last 10 per operation', async () => {
    let clock = new Date('2025-09-01T12:00:00.000Z');
    const backend = await start({ now: () => clock });
    // A daily copy every day from 1 Sept 2025 to Monday 23 Nov 2026, and 15 import copies.
    while (clock <= new Date('2026-11-23T12:00:00.000Z')) {
      await backend.backups.create('quotidienne');
      clock = new Date(clock.getTime() + 86_400_000);
    }
    for (let i = 0; i < 15; i++) {
      clock = new Date(Date.UTC(2026, 10, 23, 13, i));
      await backend.backups.create('avant-import-fec');
    }
    const { copies } = await backend.call('backups.list', {});
    const daily = copies
      .filter((c) => c.reason === 'quotidienne')
      .map((c) => c.createdAt.slice(0, 10))
      .sort();
    // Worked out by hand: days 17–23 Nov; weeks ending 15 and 8 Nov (23 Nov starts its own
    // week, 22 Nov is within the 7 days); month ends Dec 2025 to Oct 2026, Nov 2026 is the 23rd.
    expect(daily).toEqual([
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-30',
      '2026-10-31',
      '2026-11-08',
      '2026-11-15',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
    const imports = copies.filter((c) => c.reason === 'avant-import-fec').map((c) => c.createdAt);
    expect(imports).toHaveLength(10);
    expect(imports.at(-1)).toBe('2026-11-23T13:05:00.000Z');
    // Rotation deletes the files, not only the manifests.
    expect(readdirSync(backend.backups.folder()).filter((n) => n.endsWith('.sqlite'))).toHaveLength(
      30,
    );
  }, 60_000);

  test('an encrypted copy is unreadable without the passphrase and restores with it elsewhere', async () => {
    const backend = await start();
    await backend.call('conventions.create', validConvention({ title: 'Convention Canari' }));
    await backend.call('backups.setPassphrase', { passphrase: 'cheval agrafe pile correcte' });
    const copy = await backend.call('backups.create', {});
    expect(copy.encrypted).toBe(true);
    const atCopy = databaseDigest(backend.dataDir);
    const bytes = readFileSync(copyPath(backend, copy.file));
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(bytes.includes(Buffer.from('Convention Canari'))).toBe(false);
    expect(() => {
      const db = new Database(copyPath(backend, copy.file), { readonly: true });
      try {
        db.prepare('SELECT count(*) FROM conventions').get();
      } finally {
        db.close();
      }
    }).toThrow();

    // Another computer: a fresh data folder pointed at the same backup folder, no key.
    const other = await start();
    await other.call('backups.setFolder', { folder: backend.backups.folder() });
    await expect(other.call('backups.restore', { file: copy.file })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: [{ path: 'passphrase', message: expect.stringMatching(/chiffrée/) }],
    });
    await expect(
      other.call('backups.restore', { file: copy.file, passphrase: 'pas la bonne phrase' }),
    ).rejects.toMatchObject({ fields: [{ message: expect.stringMatching(/incorrecte/) }] });
    await other.call('backups.restore', {
      file: copy.file,
      passphrase: 'cheval agrafe pile correcte',
    });
    expect(databaseDigest(other.dataDir)).toBe(atCopy);
  });

  test('erasing a person removes the identity from every copy, plain or encrypted, and from the file', async () => {
    const backend = await start();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    const erased = await addPerson(backend, conventionId, 'BR-1', 'Canarinovitch');
    await addPerson(backend, conventionId, 'BR-2', 'Gardemoi');
    const canary = Buffer.from('Canarinovitch');
    const plain = await backend.call('backups.create', {});
    await backend.call('backups.setPassphrase', { passphrase: 'cheval agrafe pile correcte' });
    const sealed = await backend.call('backups.create', {});
    // A copy left by an earlier version, without a manifest.
    const legacy = 'avant-migration-2026-01-01T00-00-00-000Z.sqlite';
    backend.database.sqlite.prepare('VACUUM INTO ?').run(copyPath(backend, legacy));
    // Before: the plain copy does hold the name (else the check below proves nothing).
    expect(readFileSync(copyPath(backend, plain.file)).includes(canary)).toBe(true);

    await backend.call('privacy.erasePerson', {
      personId: erased,
      reason: 'Demande du 20/11/2026',
    });

    const files = readdirSync(backend.backups.folder()).filter((n) => /\.sqlite/.test(n));
    expect(files).toHaveLength(3);
    for (const file of [plain.file, sealed.file, legacy]) {
      let bytes: Buffer = readFileSync(copyPath(backend, file));
      if (file === sealed.file) {
        bytes = decrypt(bytes, { passphrase: 'cheval agrafe pile correcte' });
      }
      expect(bytes.includes(canary), file).toBe(false);
      // The other person's identity is still there: the copy was rewritten, not emptied.
      expect(bytes.includes(Buffer.from('Gardemoi')), file).toBe(true);
    }
    const { copies } = await backend.call('backups.list', {});
    for (const copy of copies) {
      expect(copy.counts.identities).toBe(1);
      expect(copy.scrubbedAt).not.toBeNull();
    }
    // The live file and its WAL hold no trace either (secure_delete + truncated WAL).
    const live = join(backend.dataDir, DATABASE_FILE);
    expect(readFileSync(live).includes(canary)).toBe(false);
    if (existsSync(`${live}-wal`)) expect(readFileSync(`${live}-wal`).includes(canary)).toBe(false);
    const register = await backend.call('privacy.register', { conventionId });
    expect(register[0]!.details).toMatch(/^Demande du 20\/11\/2026 — .*copies de sauvegarde/);
  });

  test('a damaged database is not opened: damaged mode offers the last good copy', async () => {
    const first = await start();
    await first.call('conventions.create', validConvention());
    const copy = await first.call('backups.create', {});
    const atCopy = databaseDigest(first.dataDir);
    stop(first);
    // Overwrite pages 2 to 5 (tables and indexes) with garbage, keeping the header.
    const path = join(first.dataDir, DATABASE_FILE);
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 5 * 4096));
    writeFileSync(path, bytes);

    const backend = createBackend({ dataDir: first.dataDir, mode: 'test', demo: false });
    opened.push(backend);
    const status = await backend.call('backups.status', {});
    expect(status.damaged).toBe(true);
    expect(status.message).toMatch(/intégrité|ne peut pas être lue/);
    await expect(backend.call('conventions.list', {})).rejects.toThrow(/endommagée/);
    expect((await backend.call('backups.list', {})).copies.map((c) => c.file)).toEqual([copy.file]);

    const result = await backend.call('backups.restore', { file: copy.file });
    expect(result.preRestoreCopy).toBeNull(); // nothing sound to copy
    expect((await backend.call('backups.status', {})).damaged).toBe(false);
    expect(databaseDigest(first.dataDir)).toBe(atCopy);
    expect(await backend.call('conventions.list', {})).toHaveLength(1);
    // The damaged file is kept aside, not deleted.
    expect(readdirSync(first.dataDir).some((n) => n.startsWith('pilote-cpo-endommagee-'))).toBe(
      true,
    );
  });

  test('automatic copies: at start, before a people import, and before a migration', async () => {
    const dataDir = tempDir();
    const backend = await start({ dataDir, automaticBackups: true });
    await backend.backups.idle();
    const { id: conventionId } = await backend.call('conventions.create', validConvention());
    const contentBase64 = readFileSync(
      join(process.cwd(), 'tests', 'fixtures', 'people', 'suivi-2025-2026.csv'),
    ).toString('base64');
    const preview = await backend.call('people.importPreview', {
      conventionId,
      fileName: 'suivi-2025-2026.csv',
      contentBase64,
    });
    await backend.call('people.importCommit', {
      conventionId,
      fileName: 'suivi-2025-2026.csv',
      contentBase64,
      mapping: preview.mapping,
    });
    const reasons = (await backend.call('backups.list', {})).copies.map((c) => c.reason);
    expect(reasons).toContain('demarrage');
    expect(reasons).toContain('avant-import-personnes');
    const beforeImport = (await backend.call('backups.list', {})).copies.find(
      (c) => c.reason === 'avant-import-personnes',
    );
    expect(beforeImport?.counts).toMatchObject({ conventions: 1, persons: 0 });
    await backend.backups.idle();
    stop(backend);

    // Open with one more migration: the service takes the copy (manifest included).
    const next = [
      ...bundledMigrations(),
      {
        ...bundledMigrations().at(-1)!,
        tag: '9999_extra',
        hash: 'extra',
        statements: ['CREATE TABLE extra (id INTEGER PRIMARY KEY)'],
      },
    ];
    const migrated = createBackend({ dataDir, mode: 'test', demo: false, migrations: next });
    opened.push(migrated);
    const copies = (await migrated.call('backups.list', {})).copies;
    const expectedPersons = (
      JSON.parse(
        readFileSync(join(process.cwd(), 'tests', 'fixtures', 'people', 'expected.json'), 'utf8'),
      ) as { persons: number }
    ).persons;
    expect(copies.find((c) => c.reason === 'avant-migration')?.counts.persons).toBe(
      expectedPersons,
    );
  });
});
