/**
 * Hostile files (tests/fixtures/hostile/make.ts, generated, nothing committed) go through
 * the real imports: each is refused with a French message naming the line or the file and
 * the database is unchanged, or — a formula — imported as plain text, exactly as written.
 * And one 300 MB file with no line end cannot exhaust the backend's memory.
 */
import Database from 'better-sqlite3';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { MAX_LINE_CHARS } from '../../electron/backend/fec/fecText';
import { AppError } from '../../shared/errors';
import { hostileFiles } from '../fixtures/hostile/make';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
let conventionId: number;
let folder: string;

beforeAll(async () => {
  backend = await testBackend();
  conventionId = (await backend.call('conventions.create', validConvention())).id;
  folder = mkdtempSync(join(tmpdir(), 'pilote-cpo-hostile-'));
});
afterAll(() => {
  backend.dispose();
  rmSync(folder, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<AppError | null> {
  return promise.then(
    () => null,
    (error: unknown) => {
      // A crash (TypeError, RangeError…) is not a refusal: the test fails on it.
      if (!(error instanceof AppError)) throw error;
      return error;
    },
  );
}

/** Every word the user reads: the message and each line's. */
const wording = (error: AppError) =>
  [error.message, ...error.fields.map((field) => field.message)].join('\n');

/** Runs a file through its import; returns the refusal, or null when imported. */
async function runImport(file: ReturnType<typeof hostileFiles>[number]) {
  if (file.kind === 'fec') {
    const path = join(folder, file.fileName);
    writeFileSync(path, file.bytes);
    const input = { conventionId, fileName: file.fileName, source: { kind: 'path', path } };
    const preview = await refusal(backend.call('fec.preview', input));
    const imported = await refusal(
      backend.call('fec.import', { ...input, acceptOutOfYear: true, replace: true }),
    );
    // The preview and the import agree: a file the preview refused is refused by the import.
    if (preview) expect(imported, file.label).not.toBeNull();
    return imported;
  }
  const input = {
    conventionId,
    fileName: file.fileName,
    contentBase64: file.bytes.toString('base64'),
  };
  const preview = await backend.call('people.importPreview', input).then(
    (data) => data,
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    },
  );
  if (preview instanceof AppError) return preview;
  return refusal(backend.call('people.importCommit', { ...input, mapping: preview.mapping }));
}

// First in the file: maxRSS is the process's peak, which the corpus (a zip bomb's bytes)
// would raise before this test measures it.
describe('a 300 MB file with no line end', () => {
  test('is refused naming its line, and the backend’s memory stays bounded', async () => {
    // The bound: the file is read in 4 MiB chunks and a line stops at 64 KiB, so the
    // backend's resident memory may grow by the chunk, its text and the hash state — far
    // under 150 MB. Before the cap, the whole file became one string: out of heap.
    const BOUND_BYTES = 150 * 1024 * 1024;
    const size = 300 * 1024 * 1024;
    const path = join(folder, '123456789FEC20251231.txt');
    const fd = openSync(path, 'w');
    const block = Buffer.alloc(4 * 1024 * 1024, 0xff);
    for (let written = 0; written < size; written += block.length) writeSync(fd, block);
    closeSync(fd);
    try {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 5);
      const digest = databaseDigest(backend.dataDir);
      // Both ways in: the year from the name (asynchronous preview, import) and from the
      // dates (a synchronous scan first).
      const errors: AppError[] = [];
      for (const fileName of ['123456789FEC20251231.txt', 'sans-annee.txt']) {
        const input = { conventionId, fileName, source: { kind: 'path', path } };
        errors.push((await refusal(backend.call('fec.preview', input)))!);
      }
      errors.push(
        (await refusal(
          backend.call('fec.import', {
            conventionId,
            fileName: '123456789FEC20251231.txt',
            source: { kind: 'path', path },
            // Past the cheap refusals (a 2025 import already exists): the lines are read.
            replace: true,
          }),
        ))!,
      );
      clearInterval(sampler);
      // maxRSS (kB) catches a peak between two samples, while a synchronous read ran.
      peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
      for (const error of errors) {
        expect(error).toBeInstanceOf(AppError);
        expect(wording(error)).toMatch(/ligne 1 trop longue \(plus de 64 Kio/);
      }
      expect(MAX_LINE_CHARS).toBe(64 * 1024);
      const growth = peak - before;
      console.log(
        `Mémoire du moteur pendant le fichier de 300 Mo : +${Math.round(growth / 1024 / 1024)} Mo (borne ${BOUND_BYTES / 1024 / 1024} Mo)`,
      );
      expect(growth).toBeLessThan(BOUND_BYTES);
      expect(databaseDigest(backend.dataDir)).toBe(digest);
    } finally {
      rmSync(path, { force: true });
    }
  }, 30_000);
});

describe('a corpus of hostile files', () => {
  test('each is refused in French naming its line or file, nothing written; formulas stay text', async () => {
    const files = hostileFiles();
    console.log(`Fichiers hostiles : ${files.length}`);
    expect(files.length).toBeGreaterThanOrEqual(40);
    let refused = 0;
    for (const file of files) {
      const before = databaseDigest(backend.dataDir);
      const error = await runImport(file);
      if (file.outcome === 'refuse') {
        expect(error, `${file.label} : accepté`).not.toBeNull();
        const text = wording(error!);
        // It says where, in French: a line number or the file's name in guillemets.
        // (An empty file is refused by the contract, on the field that carries the file.)
        const where = error!.fields.some((field) => field.path === 'contentBase64')
          ? 'contentBase64'
          : text;
        expect(where, file.label).toMatch(
          new RegExp(
            `[Ll]igne \\d+|lignes \\d+|« ${file.fileName.replace('.', '\\.')} »|contentBase64`,
          ),
        );
        expect(text, file.label).not.toMatch(/Erreur inattendue|TypeError|RangeError|undefined/);
        expect(databaseDigest(backend.dataDir), `${file.label} : base modifiée`).toBe(before);
        refused += 1;
      } else {
        expect(error, `${file.label} : ${error ? wording(error) : ''}`).toBeNull();
        const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
        try {
          const stored =
            file.kind === 'fec'
              ? db.prepare('SELECT compte_lib AS text FROM ledger_lines').all()
              : db.prepare('SELECT commune AS text FROM persons').all();
          expect(stored.map((row) => (row as { text: string }).text)).toContain(file.stored);
        } finally {
          db.close();
        }
      }
    }
    console.log(`Fichiers hostiles refusés : ${refused} / ${files.length}`);
  }, 60_000);
});
