/**
 * FEC import of a generated 1 000 000-line file (500 000 balanced entries: a charge or a
 * product against the bank). Baseline: a bare better-sqlite3 insert of the same kept rows
 * in one transaction, in the same run. The import runs in the built backend, alone in its
 * process (`npm run bench` builds first) with the app's own V8 flags, so its peak RSS
 * (VmHWM) is the app's own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import backendFlags from '../resources/backend-node-flags.json';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';
import { writeBalancedFec } from '../tests/helpers/generatedFec';
import { report } from './report';

const LINES = 1_000_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-fec-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const analytic = ['O2R', 'AUT', 'GEN'];

/** The built app's backend, alone in its own process, so its peak memory is its own. */
async function startBridge(dir: string) {
  const child = spawn(
    process.execPath,
    [
      ...backendFlags.flags,
      resolve('out/main/webBridge.js'),
      '--data-dir',
      dir,
      '--no-demo',
      '--json',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).once('line', done);
    child.once('exit', (code) =>
      fail(new Error(`web bridge exited (${code}): run npm run build first`)),
    );
  });
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  const call = async (channel: string, input: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/call/${channel}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as {
      ok: boolean;
      data?: unknown;
      error?: { message: string };
    };
    if (!body.ok) throw new Error(body.error?.message ?? 'call failed');
    return body.data as never;
  };
  /** Linux's high-water mark of the process's resident memory. */
  const peakRssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
    return kb / 1024;
  };
  /** Streams a file to the bridge as the browser does; the calls then name the upload. */
  const upload = async (path: string): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: readFileSync(path),
    });
    const body = (await response.json()) as { ok: boolean; data?: { uploadId: string } };
    if (!body.ok || !body.data) throw new Error('upload failed');
    return body.data.uploadId;
  };
  return { call, upload, peakRssMb, stop: () => child.kill('SIGTERM') };
}

test('FEC import, 1 000 000 lines', async () => {
  const path = join(dataDir, '123456789FEC20251231.txt');
  writeBalancedFec(path, { lines: LINES, analytic: (entry) => analytic[entry % 3]! });
  const bridgeDir = join(dataDir, 'app');
  const bridge = await startBridge(bridgeDir);
  try {
    await bridge.call('session.setUser', { name: 'Bench' });
    const { id: conventionId } = await bridge.call('conventions.create', validConvention());
    // A path never comes over HTTP: the file is uploaded first (not timed), as in the browser.
    const uploadId = await bridge.upload(path);
    const rssBefore = bridge.peakRssMb();
    const start = performance.now();
    const result: { keptLines: number; importId: number } = await bridge.call('fec.import', {
      conventionId,
      fileName: '123456789FEC20251231.txt',
      source: { kind: 'upload', uploadId },
    });
    const importMs = performance.now() - start;
    const peakRss = bridge.peakRssMb();

    // Baseline: the same number of kept rows, bare, one transaction, same table, same run.
    await backend.call('session.setUser', { name: 'Bench' });
    const other = await backend.call('conventions.create', validConvention());
    const sqlite = backend.database.sqlite;
    const importId = Number(
      sqlite
        .prepare(
          `INSERT INTO fec_imports (convention_id, file_name, sha256, fiscal_year_end, encoding, separator, lines, entries,
             kept_lines, total_debit_cents, total_credit_cents, imported_at, imported_by)
           VALUES (?, 'bare', 'bare', '2025-12-31', 'UTF-8', 'TAB', 0, 0, 0, 0, 0, '', '')`,
        )
        .run(other.id).lastInsertRowid,
    );
    const insert = sqlite.prepare(
      `INSERT INTO ledger_lines (import_id, line_no, journal_code, ecriture_num, date, compte_num, compte_lib,
         comp_aux_num, piece_ref, ecriture_lib, debit_cents, credit_cents, analytic, extras)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const bareStart = performance.now();
    sqlite.transaction(() => {
      for (let line = 0; line < result.keptLines; line += 1) {
        insert.run(
          importId,
          line,
          'BQ',
          `BQ${line}`,
          '2025-03-01',
          '606300',
          'Compte 606300',
          '',
          `F${line}`,
          `Opération ${line}`,
          1000,
          0,
          'O2R',
          null,
        );
      }
    })();
    const bareMs = performance.now() - bareStart;
    const ratio = importMs / bareMs;
    report({
      case: 'fec-import-1m',
      value: (LINES / importMs) * 1000,
      unit: 'lines/s',
      target: 250_000,
      better: 'min',
      extra: {
        lines: LINES,
        keptLines: result.keptLines,
        importMs: Math.round(importMs),
        bareInsertMs: Math.round(bareMs),
        ratioToBareInsert: Math.round(ratio * 100) / 100,
        ratioTarget: 2,
        ratioOk: ratio <= 2,
      },
    });
    report({
      case: 'fec-import-1m-peak-rss',
      value: peakRss,
      unit: 'MB',
      target: 300,
      better: 'max',
      extra: { process: 'backend (web bridge) alone', peakBeforeImportMB: Math.round(rssBefore) },
    });
  } finally {
    bridge.stop();
  }
});
