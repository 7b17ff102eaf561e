/**
 * Not a test: writes the demo convention's three documents, their tables, PDFs and page
 * images to test-results/reports/, to look at them as a reader would.
 *   npm run look:reports
 * Needs LibreOffice and poppler (installed by .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'vitest';
import { testBackend } from '../integration/helpers/testBackend';

const out = resolve('test-results', 'reports');

test('the demo convention’s documents, as files and page images', async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'png'), { recursive: true });
  const backend = await testBackend({ demo: true });
  try {
    const [demo] = await backend.call('conventions.list', {});
    for (const [kind, yearIndex] of [
      ['activity', 1],
      ['financial', 1],
      ['final', null],
    ] as const) {
      const entry = await backend.call('reports.generate', {
        conventionId: demo!.id,
        kind,
        yearIndex,
        allowDraft: true,
      });
      const file = await backend.call('reports.file', { id: entry.id });
      writeFileSync(join(out, file.fileName), Buffer.from(file.contentBase64, 'base64'));
      for (const format of ['csv', 'xlsx'] as const) {
        const tables = await backend.call('reports.tables', { id: entry.id, format });
        writeFileSync(join(out, tables.fileName), Buffer.from(tables.contentBase64, 'base64'));
      }
      const profile = `file:///tmp/lo-look-${process.pid}-${kind}`;
      execFileSync('soffice', [
        '--headless',
        `-env:UserInstallation=${profile}`,
        '--convert-to',
        'pdf',
        '--outdir',
        out,
        join(out, file.fileName),
      ]);
      const pdf = join(out, file.fileName.replace(/\.docx$/, '.pdf'));
      execFileSync('pdftoppm', ['-r', '60', '-png', pdf, join(out, 'png', kind)]);
    }
    console.log(`Documents and page images in ${out}`);
  } finally {
    backend.dispose();
  }
}, 120_000);
