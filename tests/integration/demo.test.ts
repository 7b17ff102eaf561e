import { describe, expect, test } from 'vitest';
import { createBackend } from '../../electron/backend/backend';
import { validConvention } from '../fixtures/conventionInput';
import { rowCount } from './helpers/dbSnapshot';
import { testBackend } from './helpers/testBackend';

describe('demo convention', () => {
  test('is loaded on first start, marked as a demo, with targets and an avenant', async () => {
    const backend = await testBackend({ demo: true });
    const [demo] = await backend.call('conventions.list', {});
    expect(demo).toMatchObject({
      reference: 'DEMO-O2R-BRE-2025-035',
      operatorName: 'Horizons Emploi 35',
      isDemo: true,
      yearCount: 3,
    });
    const detail = await backend.call('conventions.get', { id: demo!.id });
    expect(detail.stateContributions.map((c) => c.amountCents)).toEqual([
      18_000_000, 18_000_000, 18_000_000,
    ]);
    expect(detail.territories.map((t) => t.inseeCode)).toContain('35238');
    const avenants = await backend.call('avenants.list', { conventionId: demo!.id });
    expect(avenants).toHaveLength(1);
    const inForce = await backend.call('terms.inForce', {
      conventionId: demo!.id,
      date: '2026-06-01',
    });
    expect(inForce.applied).toEqual([1]);
    // Its history is signed by the app, not by the user.
    const audit = await backend.call('audit.list', { conventionId: demo!.id, limit: 5 });
    expect(audit.rows[0]?.user).toBe('Pilote CPO (démonstration)');
    backend.dispose();
  });

  test('is removed in one action with its operator, and does not come back at the next start', async () => {
    const first = await testBackend({ demo: true });
    expect(await first.call('demo.remove', {})).toEqual({ removed: 1 });
    expect(rowCount(first.dataDir, 'conventions')).toBe(0);
    expect(rowCount(first.dataDir, 'operators')).toBe(0);
    expect(rowCount(first.dataDir, 'avenants')).toBe(0);
    first.close();

    const second = createBackend({ dataDir: first.dataDir, mode: 'test', demo: true });
    expect(await second.call('conventions.list', {})).toEqual([]);
    // …until the user asks for it again.
    const { id } = await second.call('demo.restore', {});
    expect((await second.call('conventions.get', { id })).isDemo).toBe(true);
    expect(await second.call('demo.restore', {})).toEqual({ id });
    second.close();
    first.dispose();
  });

  test("removing the demo leaves the user's own conventions alone", async () => {
    const backend = await testBackend({ demo: true });
    await backend.call('conventions.create', validConvention());
    await backend.call('demo.remove', {});
    expect((await backend.call('conventions.list', {})).map((c) => c.reference)).toEqual([
      'CPO-O2R-TEST-001',
    ]);
    backend.dispose();
  });
});
