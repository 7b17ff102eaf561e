// Scratch (fecchunks): the import with and without steps, same process, same file.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { useFecWorkerFile } from '../electron/backend/fec/readForImport';
import { actualsHandlers } from '../electron/backend/services/actuals';
import { validConvention } from '../tests/fixtures/conventionInput';

const LINES = 1_000_000;
const header =
  'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\tAnalytique';
const accounts = ['606300', '613200', '625100', '641100', '645100', '706000', '741000'];
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
    buffer += `${common}\t${account}\tCompte ${account}\t\t${tail}\t${charge ? amount : '0,00'}\t${charge ? '0,00' : amount}\t\t\t2025${month}${day}\t\t\tO2R\n`;
    buffer += `${common}\t512000\tBanque\t\t${tail}\t${charge ? '0,00' : amount}\t${charge ? amount : '0,00'}\t\t\t2025${month}${day}\t\t\t\n`;
    if (buffer.length > 1 << 20) { writeSync(fd, buffer); buffer = ''; }
  }
  writeSync(fd, buffer);
  closeSync(fd);
}
test('steps vs blocking', async () => {
  useFecWorkerFile(resolve('out/main/fecWorker.js'));
  const dir = mkdtempSync(join(tmpdir(), 'fecchunks-'));
  const path = join(dir, '123456789FEC20251231.txt');
  generate(path);
  const handler = actualsHandlers['fec.import'] as { steps?: unknown };
  const saved = handler.steps;
  for (const mode of ['steps', 'blocking', 'steps', 'blocking']) {
    const backend = createBackend({ dataDir: join(dir, mode + Math.random()), mode: 'test', demo: false });
    await backend.call('session.setUser', { name: 'B' });
    const { id } = await backend.call('conventions.create', validConvention());
    handler.steps = mode === 'steps' ? saved : undefined;
    const start = performance.now();
    await backend.call('fec.import', { conventionId: id, fileName: '123456789FEC20251231.txt', source: { kind: 'path', path } });
    console.log(JSON.stringify({ mode, ms: Math.round(performance.now() - start) }));
    backend.close();
  }
  handler.steps = saved;
  rmSync(dir, { recursive: true, force: true });
}, 300_000);
