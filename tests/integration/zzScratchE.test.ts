// Scratch dump for engineer E, deleted before the report.
import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
import { readDocx } from '../helpers/docxTables';
import { testBackend } from './helpers/testBackend';

test('dump', async () => {
  const backend = await testBackend({ demo: true });
  const [demo] = await backend.call('conventions.list', {});
  for (const [kind, yearIndex] of [['financial', 1], ['activity', 1], ['activity', 2], ['final', null]] as const) {
    const entry = await backend.call('reports.generate', { conventionId: demo!.id, kind, yearIndex, allowDraft: true });
    const file = await backend.call('reports.file', { id: entry.id });
    const doc = await readDocx(Buffer.from(file.contentBase64, 'base64'));
    const out = doc.blocks.map((b) => b.kind === 'paragraph' ? `${b.paragraph.heading ? 'H' + b.paragraph.heading + ' ' : ''}${b.paragraph.text}${b.paragraph.anchors.length ? ' ->' + b.paragraph.anchors.join(',') : ''}${b.paragraph.bookmarks.length ? ' #' + b.paragraph.bookmarks.join(',') : ''}${b.paragraph.fields.length ? ' {' + b.paragraph.fields.join(';') + '}' : ''}` : `TABLE «${b.table.title}» [${b.table.header.join(' | ')}]\n` + b.table.rows.map((r) => `  ${r.emphasis ?? ''}: ${r.cells.join(' | ')}`).join('\n'));
    writeFileSync(`/tmp/edump/${kind}${yearIndex ?? ''}.txt`, out.join('\n'));
    const csv = await backend.call('reports.tables', { id: entry.id, format: 'csv' });
    writeFileSync(`/tmp/edump/${kind}${yearIndex ?? ''}.csv`, Buffer.from(csv.contentBase64, 'base64'));
    const xlsx = await backend.call('reports.tables', { id: entry.id, format: 'xlsx' });
    writeFileSync(`/tmp/edump/${kind}${yearIndex ?? ''}.xlsx`, Buffer.from(xlsx.contentBase64, 'base64'));
  }
  backend.dispose();
}, 120000);
