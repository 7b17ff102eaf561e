// TEMPORARY (dashspeed): the dashboard's calls through the built web bridge, per call. Deleted after use.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'vitest';
import backendFlags from '../resources/backend-node-flags.json';
import { UI_TODAY } from './uiSeed';

test('bridge', async () => {
  const child = spawn(process.execPath, [...backendFlags.flags, resolve('out/main/webBridge.js'), '--data-dir', '/tmp/dashspeed-EziHQD', '--json'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PILOTE_CPO_TODAY: UI_TODAY } });
  const line = await new Promise<string>((ok) => createInterface({ input: child.stdout! }).once('line', ok));
  const info = JSON.parse(line) as { port: number; token: string };
  const api = async (channel: string, input: unknown) => {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${info.port}/api/call/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${info.token}` }, body: JSON.stringify(input) });
    const body = (await r.json()) as { ok: boolean; error?: unknown };
    if (!body.ok) throw new Error(channel + JSON.stringify(body.error));
    return performance.now() - t;
  };
  const c = 1; const today = UI_TODAY;
  const calls: [string, unknown][] = [['budget.vsActual', { conventionId: c, yearIndex: 2, scope: 'sieg' }], ['compensation.get', { conventionId: c }], ['payments.list', { conventionId: c, today }], ['dashboard.deadlines', { conventionId: c, today }], ['dashboard.watchList', { conventionId: c, today }], ['indicators.list', { conventionId: c }], ['indicators.realised', { conventionId: c, date: today }], ['dashboard.get', { conventionId: c, today }]];
  for (let run = 0; run < 4; run += 1) {
    const s = await api('session.setUser', { name: 'Banc UI ' + run });
    const times = [];
    for (const [ch, input] of calls) times.push(`${ch} ${(await api(ch, input)).toFixed(1)}`);
    const warm = [];
    for (const [ch, input] of calls) warm.push(`${(await api(ch, input)).toFixed(1)}`);
    console.log(`setUser ${s.toFixed(1)} | ${times.join(', ')} | warm ${warm.join(' ')}`);
  }
  child.kill('SIGTERM');
}, 120_000);
