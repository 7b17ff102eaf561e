import { test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { UI_TODAY } from './uiSeed';

test('seq', async () => {
  const backend = createBackend({ dataDir: process.env.SPEED_DIR!, mode: 'test', demo: true, now: () => new Date(`${UI_TODAY}T09:00:00Z`) });
  const id = 1, t = UI_TODAY;
  const seq: [string, unknown][] = [
    ['budget.vsActual', { conventionId: id, yearIndex: 2 }],
    ['compensation.get', { conventionId: id, today: t }],
    ['payments.list', { conventionId: id, today: t }],
    ['dashboard.deadlines', { conventionId: id, today: t }],
    ['dashboard.watchList', { conventionId: id, today: t }],
    ['indicators.list', { conventionId: id }],
    ['indicators.realised', { conventionId: id, date: t }],
    ['dashboard.get', { conventionId: id, today: t }],
  ];
  for (let r = 0; r < 4; r++) {
    await backend.call('session.setUser', { name: 'S' + r });
    const parts: string[] = []; const s0 = performance.now();
    for (const [ch, input] of seq) { const s = performance.now(); const c = process.cpuUsage(); try { await backend.callRaw(ch, input); } catch (e) { parts.push(ch + ' ERR ' + (e as Error).message.slice(0, 80)); continue; } const cu = process.cpuUsage(c); parts.push(`${ch} ${(performance.now() - s).toFixed(0)}/${((cu.user + cu.system) / 1000).toFixed(0)}cpu`); }
    console.log(`total ${(performance.now() - s0).toFixed(0)} | ${parts.join(' | ')}`);
  }
  backend.close();
}, 600_000);
