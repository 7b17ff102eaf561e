/**
 * The child process of killNine.test.ts: opens a prepared data folder with the real
 * backend, says "GO" on stdout, runs one long write (FEC import, people import or report
 * generation) and says "DONE". The parent kills it with SIGKILL somewhere in between.
 * Bundled by the test with Vite (the backend uses import.meta.glob for its migrations).
 */
import { readFileSync } from 'node:fs';
import { createBackend } from '../../../electron/backend/backend';

async function main() {
  const [operation, dataDir, file] = process.argv.slice(2) as [string, string, string];
  const backend = createBackend({ dataDir, mode: 'test', demo: false });
  const conventionId = 1;
  process.stdout.write('GO\n');
  if (operation === 'fec') {
    await backend.call('fec.import', {
      conventionId,
      fileName: '123456789FEC20251231.txt',
      source: { kind: 'path', path: file },
    });
  } else if (operation === 'people') {
    const contentBase64 = readFileSync(file).toString('base64');
    const fileName = 'suivi-2025-2026.csv';
    const preview = await backend.call('people.importPreview', {
      conventionId,
      fileName,
      contentBase64,
    });
    await backend.call('people.importCommit', {
      conventionId,
      fileName,
      contentBase64,
      mapping: preview.mapping,
    });
  } else {
    await backend.call('reports.generate', {
      conventionId,
      kind: 'activity',
      yearIndex: 1,
      allowDraft: true,
    });
  }
  process.stdout.write('DONE\n');
  backend.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
