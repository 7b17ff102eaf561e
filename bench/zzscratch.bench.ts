import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { seedDataDir, UI_TODAY } from './uiSeed';

test('scratch', async () => {
  const dataDir = process.env.SPEED_DIR ?? mkdtempSync(join(tmpdir(), 'speed-'));
  const id = process.env.SPEED_DIR ? 1 : seedDataDir(dataDir, 10_000, 100_000);
  console.log('dir', dataDir, id);
  const backend = createBackend({ dataDir, mode: 'test', demo: true, now: () => new Date(`${UI_TODAY}T09:00:00Z`) });
  await backend.call('session.setUser', { name: 'B' });
  const t = UI_TODAY;
  const cases: [string, unknown][] = JSON.parse(process.env.SPEED_CASES ?? 'null') ?? [
    ['people.list', { conventionId: id, today: t }],
    ['indicators.realised', { conventionId: id, date: t }],
    ['indicators.list', { conventionId: id }],
    ['reports.check', { conventionId: id, kind: 'activity', yearIndex: 1 }],
    ['reports.check', { conventionId: id, kind: 'final', yearIndex: null }],
    ['budget.vsActual', { conventionId: id, yearIndex: 1 }],
    ['compensation.get', { conventionId: id, today: t }],
    ['payments.list', { conventionId: id }],
    ['dashboard.deadlines', { conventionId: id, today: t }],
    ['dashboard.watchList', { conventionId: id, today: t }],
    ['audit.list', { conventionId: id, limit: 50, offset: 0 }],
  ];
  for (const [ch, input] of cases) {
    try {
      const cold: number[] = [], warm: number[] = [];
      let size = 0;
      for (let i = 0; i < 3; i++) {
        await backend.call('session.setUser', { name: 'B' + i });
        let s = performance.now(); const out = await backend.callRaw(ch, input); cold.push(performance.now() - s);
        s = performance.now(); await backend.callRaw(ch, input); warm.push(performance.now() - s);
        size = JSON.stringify(out).length;
      }
      console.log(ch.padEnd(22), 'cold', cold.map((x) => x.toFixed(0)).join('/'), 'warm', warm.map((x) => x.toFixed(0)).join('/'), size, 'bytes');
    } catch (e) { console.log(ch, 'ERR', (e as Error).message.slice(0, 300)); }
  }
  backend.close();
}, 600_000);
