/**
 * "Nothing lost": copies of the database file. SQLite's online backup (better-sqlite3
 * `backup()`) copies a consistent state while the app keeps running; each copy gets a
 * manifest (date, reason, size, digest, what it holds) next to it, and rotation keeps
 * 7 daily / 4 weekly / 12 monthly copies plus the last 10 of each other reason. Copies
 * can be encrypted (backupFiles.ts). The folder and the key live in a small settings file
 * beside the database, not in it: restoring an old copy must not move the backups.
 *
 * Also here: the integrity check at start (damaged mode), restore (after copying the
 * current state), and the scrub that takes erased identities out of every copy.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { type BackupCopy, type BackupReason } from '../../../shared/contract/backups';
import { AppError } from '../../../shared/errors';
import type { HandlerGroup } from '../handlerTypes';
import {
  copiesToKeep,
  decrypt,
  deriveKey,
  encrypt,
  fsyncFile,
  isEncrypted,
  SCHEDULED,
  writeDurably,
  type EncryptionKey,
} from './backupFiles';

export const BACKUP_FOLDER = 'sauvegardes';
export const BACKUP_SETTINGS_FILE = 'sauvegardes.json';
const DAY_MS = 86_400_000;

interface StoredSettings {
  folder?: string;
  /** Kept beside the database, which holds the same data in clear: the key protects copies taken elsewhere. */
  encryption?: { salt: string; key: string };
}

interface Manifest extends BackupCopy {
  version: 1;
  sha256: string;
  schema: string | null;
  by: string | null;
}

/** What the backup calls get in their context: the service, and the backend's restore. */
export interface BackupControl {
  service: BackupService;
  /** The French reason the database was not opened, or null when it is sound. */
  damage(): string | null;
  /** `by`: who restores, named in the manifest of the copy taken just before. */
  restore(
    file: string,
    passphrase?: string,
    by?: string | null,
  ): Promise<{ restored: string; preRestoreCopy: string | null }>;
}

export interface BackupServiceOptions {
  dataDir: string;
  databasePath: string;
  now: () => Date;
  /** The live writable connection; null while the database is closed (damaged, restoring). */
  source: () => Database.Database | null;
  userName: () => string | null;
  /**
   * Runs the copy alone on the writable connection (the backend's writer lock): copied
   * through a connection whose transaction is open (a FEC import between two steps), the
   * copy would hold rows not yet committed.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

export class BackupService {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: BackupServiceOptions) {}

  // ---- settings -------------------------------------------------------------------

  private settingsPath() {
    return join(this.options.dataDir, BACKUP_SETTINGS_FILE);
  }

  private readSettings(): StoredSettings {
    if (!existsSync(this.settingsPath())) return {};
    return JSON.parse(readFileSync(this.settingsPath(), 'utf8')) as StoredSettings;
  }

  private writeSettings(settings: StoredSettings) {
    mkdirSync(this.options.dataDir, { recursive: true });
    writeDurably(this.settingsPath(), JSON.stringify(settings, null, 2));
  }

  folder(): string {
    return this.readSettings().folder ?? join(this.options.dataDir, BACKUP_FOLDER);
  }

  setFolder(folder: string): string {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw AppError.validation([
        {
          path: 'folder',
          message: `Le dossier « ${folder} » ne peut pas être créé : ${(error as Error).message}`,
        },
      ]);
    }
    this.writeSettings({ ...this.readSettings(), folder });
    return folder;
  }

  private key(): EncryptionKey | null {
    const stored = this.readSettings().encryption;
    return stored
      ? { salt: Buffer.from(stored.salt, 'base64'), key: Buffer.from(stored.key, 'base64') }
      : null;
  }

  encrypted(): boolean {
    return this.key() !== null;
  }

  setPassphrase(passphrase: string | null): boolean {
    const settings = this.readSettings();
    if (passphrase === null) {
      delete settings.encryption;
    } else {
      const { salt, key } = deriveKey(passphrase);
      settings.encryption = { salt: salt.toString('base64'), key: key.toString('base64') };
    }
    this.writeSettings(settings);
    return passphrase !== null;
  }

  // ---- copies ---------------------------------------------------------------------

  list(): BackupCopy[] {
    return this.manifests()
      .map(({ sha256: _sha, schema: _schema, by: _by, version: _version, ...copy }) => copy)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private manifests(): Manifest[] {
    const folder = this.folder();
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => {
        try {
          const manifest = JSON.parse(readFileSync(join(folder, name), 'utf8')) as Manifest;
          return manifest.version === 1 && existsSync(join(folder, manifest.file))
            ? [manifest]
            : [];
        } catch {
          return [];
        }
      });
  }

  /** Resolves once the copies already asked for are written (tests, closing). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** One copy at a time: a daily copy and an import's copy never write the same files. */
  create(reason: BackupReason, by: string | null = this.options.userName()): Promise<BackupCopy> {
    const run = this.queue.then(() => this.createNow(reason, by));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** `by`: who asked for the copy (the account on the team server), written in its manifest. */
  private async createNow(reason: BackupReason, by: string | null): Promise<BackupCopy> {
    if (!this.options.source()) throw damagedError();
    const { folder, base } = this.target(reason);
    const partial = join(folder, `${base}.copie-en-cours`);
    const copy = async () => {
      const source = this.options.source();
      if (!source) throw damagedError();
      await source.backup(partial);
    };
    try {
      await (this.options.exclusive ? this.options.exclusive(copy) : copy());
      return this.finish(partial, base, reason, by);
    } catch (error) {
      rmSync(partial, { force: true });
      if (error instanceof AppError) throw error;
      throw new AppError(
        'INTERNAL',
        `La copie de sauvegarde n'a pas pu être écrite dans « ${folder} » : ${(error as Error).message}. ` +
          "Rien n'a été modifié.",
      );
    }
  }

  /**
   * The copy before a migration, synchronous because migrations run while the database
   * opens. VACUUM INTO gives the same consistent copy as the online backup.
   */
  createBeforeMigration(sqlite: Database.Database): string {
    const { folder, base } = this.target('avant-migration');
    const partial = join(folder, `${base}.copie-en-cours`);
    sqlite.prepare('VACUUM INTO ?').run(partial);
    // Made by the app itself while it opens the database, before anyone is known.
    return join(folder, this.finish(partial, base, 'avant-migration', null).file);
  }

  private target(reason: BackupReason) {
    const folder = this.folder();
    mkdirSync(folder, { recursive: true });
    const stamp = this.options.now().toISOString().replace(/[:.]/g, '-');
    let base = `${reason}-${stamp}`;
    // Two copies in the same millisecond (tests with a fixed clock) get distinct names.
    for (let n = 2; existsSync(join(folder, `${base}.json`)); n++) {
      base = `${reason}-${stamp}-${n}`;
    }
    return { folder, base };
  }

  /** Makes the raw copy stand alone, counts what it holds, encrypts, writes the manifest, rotates. */
  private finish(
    partial: string,
    base: string,
    reason: BackupReason,
    by: string | null,
  ): BackupCopy {
    const folder = this.folder();
    const copy = new Database(partial);
    let counts: BackupCopy['counts'];
    let schema: string | null;
    try {
      // A copy of a WAL database is marked WAL: a stand-alone file must not need a -wal beside it.
      copy.pragma('journal_mode = DELETE');
      counts = countContents(copy);
      schema = lastMigration(copy);
    } finally {
      copy.close();
    }
    const key = this.key();
    const file = `${base}.sqlite${key ? '.chiffre' : ''}`;
    const path = join(folder, file);
    if (key) {
      writeDurably(path, encrypt(readFileSync(partial), key));
      rmSync(partial, { force: true });
    } else {
      fsyncFile(partial);
      renameSync(partial, path);
    }
    const manifest: Manifest = {
      version: 1,
      file,
      createdAt: this.options.now().toISOString(),
      reason,
      sizeBytes: statSync(path).size,
      encrypted: key !== null,
      counts,
      scrubbedAt: null,
      sha256: sha256File(path),
      schema,
      by,
    };
    writeDurably(join(folder, `${base}.json`), JSON.stringify(manifest, null, 2));
    this.rotate();
    const { sha256: _s, schema: _m, by: _b, version: _v, ...listed } = manifest;
    return listed;
  }

  private rotate() {
    const folder = this.folder();
    const all = this.manifests();
    const keep = copiesToKeep(all);
    for (const manifest of all) {
      if (keep.has(manifest.file)) continue;
      rmSync(join(folder, manifest.file), { force: true });
      rmSync(join(folder, manifestName(manifest.file)), { force: true });
    }
  }

  // ---- automatic copies -----------------------------------------------------------

  /** A copy now, then one a day while the app stays open. Failures are logged, never fatal. */
  startAutomatic(report: (message: string) => void = console.error): void {
    // A copy cut short by closing the app is removed (createNow); no need to report it.
    const log = (message: string) => {
      if (!this.stopped) report(message);
    };
    this.create('demarrage').catch((error: unknown) => log(String(error)));
    this.timer = setInterval(() => {
      const last = this.manifests()
        .filter((m) => SCHEDULED.includes(m.reason))
        .reduce((latest, m) => (m.createdAt > latest ? m.createdAt : latest), '');
      if (!last || this.options.now().getTime() - new Date(last).getTime() >= DAY_MS) {
        this.create('quotidienne').catch((error: unknown) => log(String(error)));
      }
    }, 3_600_000);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  // ---- restore --------------------------------------------------------------------

  /** The plain bytes of a copy, checked against its manifest. */
  readCopy(file: string, passphrase?: string): Buffer {
    const manifest = this.manifests().find((m) => m.file === file);
    if (!manifest) throw AppError.notFound(`La copie « ${file} » est introuvable.`);
    const bytes = readFileSync(join(this.folder(), file));
    if (sha256(bytes) !== manifest.sha256) {
      throw new AppError(
        'INTERNAL',
        `La copie « ${file} » a été modifiée ou abîmée depuis sa création : elle n'est pas restaurée.`,
      );
    }
    if (!isEncrypted(bytes)) return bytes;
    const key = this.key();
    if (passphrase) return decrypt(bytes, { passphrase });
    if (key) {
      try {
        return decrypt(bytes, key);
      } catch {
        // Encrypted under an earlier passphrase: ask for it below.
      }
    }
    throw AppError.validation([
      {
        path: 'passphrase',
        message: 'Cette copie est chiffrée : saisissez la phrase de passe choisie à sa création.',
      },
    ]);
  }

  // ---- erasure reaches the copies ---------------------------------------------------

  /**
   * After an erasure or a purge: the identities erased in the live database are erased
   * from every copy too (rows deleted with secure_delete, then VACUUM so no free page keeps
   * them). A copy that cannot be rewritten (encrypted under a key no longer held) is
   * deleted rather than kept with the identity. Returns how many copies changed.
   */
  scrubCopies(erasedPersonIds: readonly number[]): { rewritten: number; deleted: number } {
    const result = { rewritten: 0, deleted: 0 };
    if (erasedPersonIds.length === 0) return result;
    const ids = JSON.stringify(erasedPersonIds);
    const folder = this.folder();
    if (!existsSync(folder)) return result;
    const manifests = this.manifests();
    const key = this.key();
    for (const manifest of manifests) {
      const path = join(folder, manifest.file);
      try {
        let bytes: Buffer = readFileSync(path);
        if (isEncrypted(bytes)) {
          if (!key) throw new Error('clé absente');
          bytes = decrypt(bytes, key);
        }
        const scrubbed = this.scrub(path, bytes, ids);
        if (!scrubbed) continue;
        const out = manifest.encrypted && key ? encrypt(scrubbed.bytes, key) : scrubbed.bytes;
        writeDurably(path, out);
        manifest.counts = scrubbed.counts;
        manifest.sha256 = sha256(out);
        manifest.sizeBytes = out.length;
        manifest.scrubbedAt = this.options.now().toISOString();
        writeDurably(join(folder, manifestName(manifest.file)), JSON.stringify(manifest, null, 2));
        result.rewritten++;
      } catch {
        rmSync(path, { force: true });
        rmSync(join(folder, manifestName(manifest.file)), { force: true });
        result.deleted++;
      }
    }
    // Copies without a manifest (pre-migration copies of earlier versions): same treatment.
    const listed = new Set(manifests.map((m) => m.file));
    for (const name of readdirSync(folder)) {
      if (!name.endsWith('.sqlite') || listed.has(name)) continue;
      const path = join(folder, name);
      try {
        const scrubbed = this.scrub(path, readFileSync(path), ids);
        if (!scrubbed) continue;
        writeDurably(path, scrubbed.bytes);
        result.rewritten++;
      } catch {
        rmSync(path, { force: true });
        result.deleted++;
      }
    }
    return result;
  }

  /**
   * Erases the identities from a plain copy's bytes, in a work file beside it: rows deleted
   * with secure_delete on, then VACUUM. Null when the copy held none of them.
   */
  private scrub(path: string, plain: Buffer, ids: string) {
    const work = `${path}.nettoyage`;
    try {
      writeDurably(work, plain);
      const copy = new Database(work);
      let counts: BackupCopy['counts'];
      try {
        copy.pragma('secure_delete = ON');
        const inIds = 'IN (SELECT value FROM json_each(?))';
        const held = copy
          .prepare(`SELECT count(*) AS n FROM person_identities WHERE person_id ${inIds}`)
          .get(ids) as { n: number };
        if (held.n === 0) return null;
        copy.prepare(`DELETE FROM person_identities WHERE person_id ${inIds}`).run(ids);
        copy
          .prepare(
            `UPDATE persons SET anonymised_at = coalesce(anonymised_at, ?) WHERE id ${inIds}`,
          )
          .run(this.options.now().toISOString(), ids);
        copy.exec('VACUUM');
        counts = countContents(copy);
      } finally {
        copy.close();
      }
      return { bytes: readFileSync(work), counts };
    } finally {
      rmSync(work, { force: true });
    }
  }
}

function manifestName(file: string) {
  return `${file.replace(/\.sqlite(\.chiffre)?$/, '')}.json`;
}

function sha256(bytes: Buffer) {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The digest of a file read by 1 MiB chunks: a large copy is never held in memory for it. */
function sha256File(path: string) {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) {
      hash.update(chunk.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function countTable(db: Database.Database, table: string): number {
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } catch {
    return 0; // A copy from before the table existed.
  }
}

function countContents(db: Database.Database): BackupCopy['counts'] {
  return {
    conventions: countTable(db, 'conventions'),
    persons: countTable(db, 'persons'),
    identities: countTable(db, 'person_identities'),
    fecImports: countTable(db, 'fec_imports'),
    reports: countTable(db, 'report_archive'),
  };
}

function lastMigration(db: Database.Database): string | null {
  try {
    const row = db.prepare('SELECT tag FROM schema_migrations ORDER BY idx DESC LIMIT 1').get() as
      { tag: string } | undefined;
    return row?.tag ?? null;
  } catch {
    return null;
  }
}

export function damagedError() {
  return new AppError(
    'INTERNAL',
    'La base de données est endommagée : elle n’a pas été ouverte. Restaurez une copie de sauvegarde depuis l’écran « Sauvegardes ».',
  );
}

/**
 * PRAGMA quick_check on the file before the app opens it. Returns null when sound, else
 * a French reason. A file that is not a database at all counts as damaged too.
 */
export function checkIntegrity(path: string): string | null {
  if (!existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { fileMustExist: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    // One row may hold several problems, one a line, under a "*** in database" heading.
    const problems = rows
      .flatMap((row) => row.quick_check.split('\n'))
      .map((text) => text.trim())
      .filter((text) => text !== 'ok' && text !== '' && !text.startsWith('***'));
    if (problems.length === 0) return null;
    const first = problems[0]!.length > 120 ? `${problems[0]!.slice(0, 120)}…` : problems[0]!;
    return `Le contrôle d'intégrité de la base a trouvé ${problems.length} problème(s), dont : « ${first} ».`;
  } catch (error) {
    return `La base de données ne peut pas être lue (${(error as Error).message}).`;
  } finally {
    db?.close();
  }
}

function control(ctx: { backups?: BackupControl }): BackupControl {
  if (!ctx.backups) throw new AppError('INTERNAL', 'Sauvegardes indisponibles dans ce contexte.');
  return ctx.backups;
}

/** Contract handlers: the service itself comes from the context. */
export const backupHandlers = {
  'backups.status'(_input, ctx) {
    return {
      damaged: control(ctx).damage() !== null,
      message: control(ctx).damage(),
      folder: control(ctx).service.folder(),
      encrypted: control(ctx).service.encrypted(),
    };
  },
  'backups.list'(_input, ctx) {
    return { folder: control(ctx).service.folder(), copies: control(ctx).service.list() };
  },
  'backups.create'(_input, ctx) {
    return control(ctx).service.create('manuelle', ctx.userName);
  },
  'backups.setFolder'({ folder }, ctx) {
    return { folder: control(ctx).service.setFolder(folder) };
  },
  'backups.setPassphrase'({ passphrase }, ctx) {
    return { encrypted: control(ctx).service.setPassphrase(passphrase) };
  },
  'backups.restore'({ file, passphrase }, ctx) {
    return control(ctx).restore(file, passphrase, ctx.userName);
  },
} satisfies HandlerGroup<
  | 'backups.status'
  | 'backups.list'
  | 'backups.create'
  | 'backups.setFolder'
  | 'backups.setPassphrase'
  | 'backups.restore'
>;
