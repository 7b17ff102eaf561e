import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { openDocx, paragraphs, tableRows } from '../unit/reports/docxXml';
import { testBackend } from './helpers/testBackend';

test('dump', async () => {
  const backend = await testBackend({ demo: true });
  const [demo] = await backend.call('conventions.list', {});
  for (const [kind, yearIndex] of [['activity', 1], ['activity', 2], ['activity', 3], ['final', null]] as const) {
    const entry = await backend.call('reports.generate', { conventionId: demo!.id, kind, yearIndex, allowDraft: true });
    const file = await backend.call('reports.file', { id: entry.id });
    const docx = await openDocx(Buffer.from(file.contentBase64, 'base64'));
    writeFileSync(`/tmp/cdump/${kind}${yearIndex ?? ''}.txt`, paragraphs(docx.document).join('\n') + '\n\n=====TABLES\n' + tableRows(docx.document).map((r) => r.join(' | ')).join('\n'));
  }
  backend.dispose();
}, 120000);
