import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { test } from 'vitest';
import { createBackend } from '../electron/backend/backend';
import { UI_TODAY } from './uiSeed';

test('profile', async () => {
  const dataDir = process.env.SPEED_DIR!;
  const backend = createBackend({ dataDir, mode: 'test', demo: true, now: () => new Date(`${UI_TODAY}T09:00:00Z`) });
  const [ch, input] = JSON.parse(process.env.SPEED_CALL!) as [string, unknown];
  await backend.call('session.setUser', { name: 'P' });
  await backend.callRaw(ch, input);
  const s = new Session(); s.connect();
  await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 });
  await s.post('Profiler.start');
  const t = performance.now();
  for (let i = 0; i < 3; i++) { if (process.env.COLD) await backend.call('session.setUser', { name: 'P' + i }); await backend.callRaw(ch, input); }
  console.log('avg', ((performance.now() - t) / 3).toFixed(0));
  const { profile } = await s.post('Profiler.stop');
  writeFileSync('/tmp/speed/prof.cpuprofile', JSON.stringify(profile));
  // self time by function and by top frames
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples!.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  const agg = new Map<string, number>();
  for (const [id, us] of self) { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; agg.set(k, (agg.get(k) ?? 0) + us); }
  console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 3000).toFixed(1)}ms ${k}`).join('\n'));
  // inclusive
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, us] of self) { const seen = new Set<string>(); let cur: number | undefined = id; while (cur !== undefined) { const n = byId.get(cur)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + us); } cur = parent.get(cur); } }
  console.log('--- inclusive'); console.log([...incl].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.includes('node_modules/vitest') && !k.includes('node:internal')).slice(0, 45).map(([k, v]) => `${(v / 3000).toFixed(1)}ms ${k}`).join('\n'));
  backend.close();
}, 600_000);
