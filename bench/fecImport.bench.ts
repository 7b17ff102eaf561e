/**
 * FEC import of a generated 1 000 000-line file (500 000 balanced entries: a charge or a
 * product against the bank). Baseline: a bare better-sqlite3 insert of the same kept rows
 * in one transaction, in the same run. Peak memory is the process's maximum RSS.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';
import { report } from './report';

const LINES = 1_000_000;
const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-fec-'));
const backend = createBackend({ dataDir, mode: 'test', demo: false });
afterAll(() => {
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const header =
  'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\tAnalytique';
const accounts = ['606300', '613200', '625100', '641100', '645100', '706000', '741000'];
const analytic = ['O2R', 'AUT', 'GEN'];

function generate(path: string) {
  const fd = openSync(path, 'w');
  let buffer = `${header}\n`;
  for (let entry = 0; entry < LINES / 2; entry += 1) {
    const account = accounts[entry % accounts.length]!;
    const day = String(1 + (entry % 28)).padStart(2, '0');
    const month = String(1 + (entry % 12)).padStart(2, '0');
    const cents = 1000 + ((entry * 7919) % 500_000);
    const amount = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    const charge = account.startsWith('6');
    const common = `BQ\tBanque\tBQ${entry}\t2025${month}${day}`;
    const tail = `\tF${entry}\t2025${month}${day}\tOpération ${entry}`;
    buffer += `${common}\t${account}\tCompte ${account}\t\t${tail}\t${charge ? amount : '0,00'}\t${charge ? '0,00' : amount}\t\t\t2025${month}${day}\t\t\t${analytic[entry % 3]}\n`;
    buffer += `${common}\t512000\tBanque\t\t${tail}\t${charge ? '0,00' : amount}\t${charge ? amount : '0,00'}\t\t\t2025${month}${day}\t\t\t\n`;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}

test('FEC import, 1 000 000 lines', async () => {
  await backend.call('session.setUser', { name: 'Bench' });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const path = join(dataDir, '123456789FEC20251231.txt');
  generate(path);

  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const result = await backend.call('fec.import', {
    conventionId,
    fileName: '123456789FEC20251231.txt',
    source: { kind: 'path', path },
  });
  const importMs = performance.now() - start;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  // Baseline: the same number of kept rows, bare, one transaction, same table.
  const sqlite = backend.database.sqlite;
  const insert = sqlite.prepare(
    `INSERT INTO ledger_lines (import_id, line_no, journal_code, ecriture_num, date, compte_num, compte_lib,
       comp_aux_num, piece_ref, ecriture_lib, debit_cents, credit_cents, analytic, extras)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bareStart = performance.now();
  sqlite.transaction(() => {
    for (let line = 0; line < result.keptLines; line += 1) {
      insert.run(
        result.importId,
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
  // The bare insert does only the kept lines' writes; the import also reads, checks and
  // balances all 1 000 000 lines twice (check, then write). Ratio: import time per kept
  // line over bare insert time per kept line.
  const rate = (LINES / importMs) * 1000;
  report({
    case: 'fec-import-1m',
    value: rate,
    unit: 'lines/s',
    target: 250_000,
    better: 'min',
    extra: {
      lines: LINES,
      keptLines: result.keptLines,
      importMs: Math.round(importMs),
      bareInsertMs: Math.round(bareMs),
      ratioToBareInsert: Math.round((importMs / bareMs) * 100) / 100,
      ratioTarget: 2,
      ratioOk: importMs / bareMs <= 2 ? 'oui' : 'non',
    },
  });
  report({
    case: 'fec-import-1m-peak-rss',
    value: peakRss / 1024 / 1024,
    unit: 'MB',
    target: 300,
    better: 'max',
    extra: {
      rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      maxRssProcessMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  });
});
