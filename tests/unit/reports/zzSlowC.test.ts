import fc from 'fast-check';
import { test } from 'vitest';
import { maskedCountText, pinnedCells, suppressCells } from '../../../shared/domain/smallCells';
import { Attacker } from './attacker';
test('slow', () => {
  const table = fc.record({
    rows: fc.integer({ min: 1, max: 3 }),
    years: fc.integer({ min: 1, max: 3 }),
    values: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })), { minLength: 9, maxLength: 9 }),
  });
  const samples = fc.sample(table, { numRuns: 3000, seed: 42 });
  const start = Date.now();
  for (const { rows, years, values } of samples) {
    if (Date.now() - start > 60000) { console.log('timeout overall'); break; }
    const cells: Record<string, number> = {};
    const relations: { total: string; parts: string[] }[] = [];
    for (let r = 0; r < rows; r += 1) for (let y = 0; y < years; y += 1) cells[`r${r}y${y}`] = values[r * 3 + y]!;
    for (let r = 0; r < rows; r += 1) { const parts = [...Array(years).keys()].map((y) => `r${r}y${y}`); cells[`r${r}`] = parts.reduce((s, k) => s + cells[k]!, 0); relations.push({ total: `r${r}`, parts }); }
    for (let y = 0; y < years; y += 1) { const parts = [...Array(rows).keys()].map((r) => `r${r}y${y}`); cells[`y${y}`] = parts.reduce((s, k) => s + cells[k]!, 0); relations.push({ total: `y${y}`, parts }); }
    const rt = [...Array(rows).keys()].map((r) => `r${r}`); cells.all = rt.reduce((s, k) => s + cells[k]!, 0); relations.push({ total: 'all', parts: rt });
    const l = { values: new Map(Object.entries(cells)), relations };
    require('node:fs').writeFileSync('/tmp/lastcase.json', JSON.stringify({ rows, years, values }));
    require('node:fs').writeFileSync('/tmp/laststep', 'sup');
    const t0 = Date.now();
    const m = suppressCells(l);
    const t1 = Date.now();
    require('node:fs').writeFileSync('/tmp/laststep', 'att');
    const a = new Attacker();
    for (const [k, v] of l.values) a.see(k, maskedCountText(v, m.has(k)));
    for (const r of relations) a.sum(r.total, r.parts);
    const rec = a.recovered();
    const t2 = Date.now();
    const pinned = pinnedCells(l, m);
    if (t1 - t0 > 300 || t2 - t1 > 300 || rec.length || pinned.length) console.log(JSON.stringify({ rows, years, values, sup: t1 - t0, att: t2 - t1, rec, pinned }));
  }
  console.log('done', Date.now() - start);
}, 120000);
