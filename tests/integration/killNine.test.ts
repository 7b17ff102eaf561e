/**
 * kill -9 in the middle of a write: the real backend runs in a child process and is
 * killed with SIGKILL at random points of a FEC import, a people import and a report
 * generation. After each kill the file must pass `PRAGMA integrity_check` and hold either
 * everything the operation writes or nothing of it (row counts of every table it touches).
 *
 * Why a Vite bundle: the test command runs vitest before `npm run build`, so out/ may be
 * absent or stale; the backend reads its migrations with import.meta.glob, which only Vite
 * understands. So the child (helpers/killChild.ts) is bundled here with Vite's own build
 * (dependencies left external, resolved from node_modules), once, in a few seconds, then
 * each run is a plain `node` process.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBackend, DATABASE_FILE } from '../../electron/backend/backend';
import { validConvention } from '../fixtures/conventionInput';

const KILLS_PER_OPERATION = 20;
const root = mkdtempSync(join(tmpdir(), 'pilote-cpo-kill-'));
const bundleDir = join(process.cwd(), 'node_modules', '.cache', 'pilote-cpo-kill-child');
const bundle = join(bundleDir, 'killChild.cjs');
const peopleFile = join(process.cwd(), 'tests', 'fixtures', 'people', 'suivi-2025-2026.csv');
const fecFile = join(root, '123456789FEC20251231.txt');

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  await build({
    configFile: false,
    logLevel: 'error',
    root: process.cwd(),
    build: {
      ssr: join(process.cwd(), 'tests', 'integration', 'helpers', 'killChild.ts'),
      outDir: bundleDir,
      emptyOutDir: true,
      minify: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: 'killChild.cjs' } },
    },
  });
  generateFec(fecFile, 30_000);
}, 60_000);

/** A balanced FEC (charge or product against the bank), big enough to take a while to import. */
function generateFec(path: string, lines: number) {
  const fd = openSync(path, 'w');
  let text =
    'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\tAnalytique\n';
  const accounts = ['606300', '613200', '625100', '641100', '706000', '741000'];
  for (let entry = 0; entry < lines / 2; entry++) {
    const account = accounts[entry % accounts.length]!;
    const date = `2025${String(1 + (entry % 12)).padStart(2, '0')}${String(1 + (entry % 28)).padStart(2, '0')}`;
    const cents = 1000 + ((entry * 7919) % 500_000);
    const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    const charge = account.startsWith('6');
    const common = `BQ\tBanque\tBQ${entry}\t${date}`;
    const tail = `\tF${entry}\t${date}\tOpération ${entry}`;
    text += `${common}\t${account}\tCompte ${account}\t\t${tail}\t${charge ? amount : '0,00'}\t${charge ? '0,00' : amount}\t\t\t${date}\t\t\tO2R\n`;
    text += `${common}\t512000\tBanque\t\t${tail}\t${charge ? '0,00' : amount}\t${charge ? amount : '0,00'}\t\t\t${date}\t\t\t\n`;
  }
  writeSync(fd, text);
  closeSync(fd);
}

interface Operation {
  name: 'fec' | 'people' | 'report';
  label: string;
  file: string;
  /** Every table the operation writes. */
  tables: string[];
}

const operations: Operation[] = [
  {
    name: 'fec',
    label: 'import FEC',
    file: fecFile,
    tables: ['fec_imports', 'ledger_lines', 'audit_log'],
  },
  {
    name: 'people',
    label: 'import de personnes',
    file: peopleFile,
    tables: ['persons', 'person_identities', 'pathways', 'barriers', 'audit_log'],
  },
  {
    name: 'report',
    label: 'génération de rapport',
    file: '',
    tables: ['report_archive', 'audit_log'],
  },
];

/** A data folder with a user and a convention (and people, for the report), closed cleanly. */
async function template(operation: Operation): Promise<string> {
  const dataDir = join(root, `template-${operation.name}`);
  const backend = createBackend({ dataDir, mode: 'test', demo: false });
  await backend.call('session.setUser', { name: 'Camille Testeur' });
  const { id } = await backend.call('conventions.create', validConvention());
  if (operation.name === 'report') {
    const contentBase64 = (await import('node:fs')).readFileSync(peopleFile).toString('base64');
    const preview = await backend.call('people.importPreview', {
      conventionId: id,
      fileName: 'suivi-2025-2026.csv',
      contentBase64,
    });
    await backend.call('people.importCommit', {
      conventionId: id,
      fileName: 'suivi-2025-2026.csv',
      contentBase64,
      mapping: preview.mapping,
    });
  }
  backend.close();
  return dataDir;
}

function counts(dataDir: string, tables: string[]) {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    const check = db.pragma('integrity_check') as { integrity_check: string }[];
    return {
      integrity: check.map((row) => row.integrity_check).join('; '),
      rows: tables.map(
        (table) => (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n,
      ),
    };
  } finally {
    db.close();
  }
}

/** Runs the child on a copy of the template; kills it `killAfterMs` after it said GO (null: never). */
function run(operation: Operation, from: string, dataDir: string, killAfterMs: number | null) {
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(join(from, DATABASE_FILE), join(dataDir, DATABASE_FILE));
  return new Promise<{ done: boolean; elapsedMs: number; stderr: string; signal: string | null }>(
    (resolve) => {
      const child = spawn(process.execPath, [bundle, operation.name, dataDir, operation.file], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let stderr = '';
      let goAt = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (!goAt && out.includes('GO\n')) {
          goAt = performance.now();
          if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (_code, signal) =>
        resolve({
          done: out.includes('DONE\n'),
          elapsedMs: performance.now() - goAt,
          stderr,
          signal,
        }),
      );
    },
  );
}

describe('kill -9 during a write leaves a sound file, with all of the write or none of it', () => {
  for (const operation of operations) {
    test(
      operation.label,
      async () => {
        const from = await template(operation);
        const before = counts(from, operation.tables);
        expect(before.integrity).toBe('ok');

        // One run to the end: how long the write takes, and what "all of it" looks like.
        const full = await run(operation, from, join(root, `${operation.name}-full`), null);
        expect(full.stderr).toBe('');
        expect(full.done).toBe(true);
        const after = counts(join(root, `${operation.name}-full`), operation.tables);
        expect(after.rows).not.toEqual(before.rows); // the write does write something

        let killedDuring = 0;
        let rolledBack = 0;
        let committed = 0;
        // Two children at a time (the machine has two cores); each is killed at its own point.
        const once = async (attempt: number) => {
          const dataDir = join(root, `${operation.name}-${attempt}`);
          // From 20 % of the run on: the first part only reads the file; the writes come after.
          const delay = full.elapsedMs * (0.2 + 0.7 * Math.random());
          const result = await run(operation, from, dataDir, delay);
          if (!result.done) {
            expect(result.signal, result.stderr).toBe('SIGKILL');
            killedDuring++;
          }
          const found = counts(dataDir, operation.tables);
          expect(found.integrity, `kill at ${delay.toFixed(0)} ms`).toBe('ok');
          // All or nothing: the whole vector of counts is one or the other.
          if (JSON.stringify(found.rows) === JSON.stringify(before.rows)) rolledBack++;
          else {
            expect(found.rows, `kill at ${delay.toFixed(0)} ms`).toEqual(after.rows);
            committed++;
          }
          rmSync(dataDir, { recursive: true, force: true });
        };
        for (
          let attempt = 0;
          killedDuring < KILLS_PER_OPERATION && attempt < 3 * KILLS_PER_OPERATION;
          attempt += 2
        ) {
          await Promise.all([once(attempt), once(attempt + 1)]);
        }
        console.log(
          `kill -9 — ${operation.label} : ${killedDuring} arrêts pendant l'écriture (durée ${full.elapsedMs.toFixed(0)} ms) ; ` +
            `fichier intègre à chaque fois, ${rolledBack} sans rien, ${committed} avec tout.`,
        );
        expect(killedDuring).toBeGreaterThanOrEqual(KILLS_PER_OPERATION);
      },
      90_000,
    );
  }
});
