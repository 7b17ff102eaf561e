// TEMPORARY (issue 13 helper) — deleted after use.
import iconv from 'iconv-lite';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { validConvention } from '../tests/fixtures/conventionInput';

test('timing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pilote-tim-'));
  const backend = createBackend({ dataDir, mode: 'test', demo: false });
  await backend.call('session.setUser', { name: 'Bench' });
  const fixture = iconv.decode(readFileSync(join('tests', 'fixtures', 'people', 'suivi-2025-2026.csv')), 'win1252');
  const [header, ...rows] = fixture.split('\r\n').filter(Boolean);
  const out: string[] = [];
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  for (let run = 0; run < 5; run++) {
    const lines = [header!];
    for (let i = 0; i < 10000; i += 1) lines.push(rows[i % rows.length]!.replace(/^HE-\d+/, `B${run}-${String(i).padStart(5, '0')}`));
    const file = { conventionId, fileName: 'grand.csv', contentBase64: iconv.encode(lines.join('\r\n'), 'win1252').toString('base64') };
    let t = performance.now();
    const preview = await backend.call('people.importPreview', file);
    const pv = performance.now() - t;
    t = performance.now();
    await backend.call('people.importCommit', { ...file, mapping: preview.mapping });
    const cm = performance.now() - t;
    out.push(`preview ${pv.toFixed(0)} commit ${cm.toFixed(0)} -> ${(10000 / cm * 1000).toFixed(0)} lines/s`);
  }
  console.log(out.join('\n'));
  backend.close();
  rmSync(dataDir, { recursive: true, force: true });
});
