/**
 * Two people on the same grid (issue 15 for `budget.set`, `targets.set`, `mapping.set` /
 * `mapping.setMany`): a grid sends only the cells the user changed, each with `was`, the
 * value it showed when loaded. A and B load the grid; A changes cell X, B changes cell Y:
 * both saved (different lines never collide). B then changes X from the value he loaded:
 * refused (CONFLICT) naming A and the time, with X's current value, and nothing written —
 * the database is byte-for-byte unchanged. The same for each grid.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Actor } from '../../shared/contract/roles';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

/** The injected clock: A saves at 10:04 Paris time (09:04 UTC in November). */
let clock = new Date('2026-11-23T09:04:00.000Z');
let backend: TestBackend;
afterEach(() => backend?.dispose());

async function setup() {
  clock = new Date('2026-11-23T09:04:00.000Z');
  backend = await testBackend({ now: () => clock });
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  return conventionId;
}

const MESSAGE =
  "Ce tableau a été modifié par a.kerleau à 10:04 : vos changements n'ont pas été " +
  'enregistrés. Voici les valeurs actuelles.';

// Budget: year 1, rows 60 (X) and 64 (Y), amounts in cents.
const budgetGrid = {
  /** Stores a first value in cells X (60) and Y (64), as an earlier session would have. */
  seed: async (conventionId: number) => {
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [
        { row: '60', amountCents: 100_00 },
        { row: '64', amountCents: 500_00 },
      ],
    });
  },
  /** The grid's save changing one cell from `was` to `value`. */
  input: (conventionId: number, cell: 'x' | 'y', was: number | null, value: number) => ({
    conventionId,
    yearIndex: 1,
    lines: [{ row: cell === 'x' ? '60' : '64', amountCents: value, was }],
  }),
  /** The values of X and Y as the grid loads them. */
  load: async (conventionId: number) => {
    const lines = (await backend.call('budget.get', { conventionId })).filter(
      (line) => line.yearIndex === 1,
    );
    const of = (row: string) => lines.find((line) => line.row === row)?.amountCents ?? null;
    return { x: of('60'), y: of('64') };
  },
};

describe('grids checked cell by cell against the values the form loaded', () => {
  test('budget.set: different lines both saved; the same line from a stale value refused', async () => {
    const conventionId = await setup();
    await budgetGrid.seed(conventionId);
    const alice: Actor = { account: 'a.kerleau', role: 'finance' };
    const bruno: Actor = { account: 'b.tanguy', role: 'finance' };
    const loaded = await budgetGrid.load(conventionId);
    expect(loaded).toEqual({ x: 100_00, y: 500_00 });

    await backend.callRaw(
      'budget.set',
      budgetGrid.input(conventionId, 'x', loaded.x, 120_00),
      alice,
    );
    // B loaded before A's save; he changes another line: no conflict, A's line untouched.
    clock = new Date('2026-11-23T09:10:00.000Z');
    await backend.callRaw(
      'budget.set',
      budgetGrid.input(conventionId, 'y', loaded.y, 550_00),
      bruno,
    );
    expect(await budgetGrid.load(conventionId)).toEqual({ x: 120_00, y: 550_00 });

    // B changes A's line from the value he loaded: refused, naming A and A's time.
    clock = new Date('2026-11-23T09:20:00.000Z');
    const digest = databaseDigest(backend.dataDir);
    const refusal = (await backend
      .callRaw('budget.set', budgetGrid.input(conventionId, 'x', loaded.x, 90_00), bruno)
      .catch((error: unknown) => error)) as AppError;
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toBe(MESSAGE);
    expect(refusal.current).toEqual({ yearIndex: 1, lines: [{ row: '60', amountCents: 120_00 }] });
    expect(databaseDigest(backend.dataDir)).toBe(digest);

    // A stale cell refuses the whole call: B's other line sent with it is not written either.
    const both = (await backend
      .callRaw(
        'budget.set',
        {
          conventionId,
          yearIndex: 1,
          lines: [
            { row: '64', amountCents: 600_00, was: 550_00 },
            { row: '60', amountCents: 90_00, was: 100_00 },
          ],
        },
        bruno,
      )
      .catch((error: unknown) => error)) as AppError;
    expect(both.code).toBe('CONFLICT');
    expect(databaseDigest(backend.dataDir)).toBe(digest);

    // Reloaded, B's change goes through.
    await backend.callRaw('budget.set', budgetGrid.input(conventionId, 'x', 120_00, 90_00), bruno);
    expect((await budgetGrid.load(conventionId)).x).toBe(90_00);
  });

  test('budget.set: an empty cell filled by A is a conflict for B filling it too; emptying is checked', async () => {
    const conventionId = await setup();
    const alice: Actor = { account: 'a.kerleau', role: 'finance' };
    const bruno: Actor = { account: 'b.tanguy', role: 'finance' };
    const line = (amountCents: number | null, was: number | null) => ({
      conventionId,
      yearIndex: 2,
      lines: [{ row: '61', amountCents, was }],
    });
    await backend.callRaw('budget.set', line(300_00, null), alice);
    clock = new Date('2026-11-23T09:30:00.000Z');
    const digest = databaseDigest(backend.dataDir);
    const refusal = (await backend
      .callRaw('budget.set', line(400_00, null), bruno)
      .catch((error: unknown) => error)) as AppError;
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toBe(MESSAGE);
    expect(refusal.current).toEqual({ yearIndex: 2, lines: [{ row: '61', amountCents: 300_00 }] });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    // Typing the very value now stored overwrites nothing: no conflict.
    await backend.callRaw('budget.set', line(300_00, null), bruno);
    // A empties the cell from the value she loaded: saved, the row is gone.
    await backend.callRaw('budget.set', line(null, 300_00), alice);
    expect(
      (await backend.call('budget.get', { conventionId })).filter((l) => l.yearIndex === 2),
    ).toEqual([]);
    // B, who still shows 300, changes it: the emptied cell is a conflict too.
    const emptied = (await backend
      .callRaw('budget.set', line(350_00, 300_00), bruno)
      .catch((error: unknown) => error)) as AppError;
    expect(emptied.code).toBe('CONFLICT');
    expect(emptied.current).toEqual({ yearIndex: 2, lines: [{ row: '61', amountCents: null }] });
  });

  test('targets.set: different cells both saved; the same cell from a stale value refused', async () => {
    const conventionId = await setup();
    const { definitions } = await backend.call('indicators.list', { conventionId });
    const entries = definitions.find((d) => d.code === 'ACC_ENTRIES')!.id;
    const alice: Actor = { account: 'a.kerleau', role: 'direction' };
    const bruno: Actor = { account: 'b.tanguy', role: 'direction' };
    await backend.call('targets.set', {
      conventionId,
      targets: [
        { indicatorId: entries, yearIndex: 1, value: 80 },
        { indicatorId: entries, yearIndex: 2, value: 90 },
      ],
    });
    const target = (yearIndex: number, value: number, was: number | null) => ({
      conventionId,
      targets: [{ indicatorId: entries, yearIndex, value, was }],
    });
    const stored = async () =>
      (await backend.call('indicators.list', { conventionId })).targets
        .filter((t) => t.indicatorId === entries)
        .map((t) => [t.yearIndex, t.value]);

    await backend.callRaw('targets.set', target(1, 85, 80), alice);
    clock = new Date('2026-11-23T09:10:00.000Z');
    await backend.callRaw('targets.set', target(2, 95, 90), bruno);
    expect(await stored()).toEqual([
      [1, 85],
      [2, 95],
    ]);

    clock = new Date('2026-11-23T09:20:00.000Z');
    const digest = databaseDigest(backend.dataDir);
    const refusal = (await backend
      .callRaw('targets.set', target(1, 70, 80), bruno)
      .catch((error: unknown) => error)) as AppError;
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toBe(MESSAGE);
    expect(refusal.current).toEqual({
      targets: [{ indicatorId: entries, yearIndex: 1, value: 85 }],
    });
    expect(databaseDigest(backend.dataDir)).toBe(digest);
    expect(await stored()).toEqual([
      [1, 85],
      [2, 95],
    ]);
  });

  test('mapping.set and mapping.setMany: different accounts both saved; the same account from a stale rule refused', async () => {
    const conventionId = await setup();
    const { chartVersion } = await backend.call('mapping.get', { conventionId, yearIndex: 1 });
    const alice: Actor = { account: 'a.kerleau', role: 'finance' };
    const bruno: Actor = { account: 'b.tanguy', role: 'finance' };
    const rule = (prefix: string, row: string | null, was: string | null) => ({
      conventionId,
      chartVersion,
      prefix,
      auxiliary: '',
      row,
      was,
    });
    const stored = async () =>
      Object.fromEntries(
        (await backend.call('mapping.get', { conventionId, yearIndex: 1 })).rules
          .filter((r) => r.source === 'convention')
          .map((r) => [r.prefix, r.row]),
      );

    // Both load the grid with no convention rule for 606100 or 623000.
    await backend.callRaw('mapping.set', rule('606100', '61', null), alice);
    clock = new Date('2026-11-23T09:10:00.000Z');
    await backend.callRaw('mapping.set', rule('623000', '62', null), bruno);
    expect(await stored()).toEqual({ '606100': '61', '623000': '62' });

    clock = new Date('2026-11-23T09:20:00.000Z');
    const digest = databaseDigest(backend.dataDir);
    const refusal = (await backend
      .callRaw('mapping.set', rule('606100', '60', null), bruno)
      .catch((error: unknown) => error)) as AppError;
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.message).toBe(MESSAGE);
    expect(refusal.current).toEqual({
      chartVersion,
      rules: [{ prefix: '606100', auxiliary: '', row: '61' }],
    });
    expect(databaseDigest(backend.dataDir)).toBe(digest);

    // Several rules at once: one stale rule refuses them all, nothing written.
    const many = (await backend
      .callRaw(
        'mapping.setMany',
        {
          conventionId,
          chartVersion,
          rules: [
            { prefix: '623000', auxiliary: '', row: '64', was: '62' },
            { prefix: '606100', auxiliary: '', row: null, was: null },
          ],
        },
        bruno,
      )
      .catch((error: unknown) => error)) as AppError;
    expect(many.code).toBe('CONFLICT');
    expect(many.message).toBe(MESSAGE);
    expect(databaseDigest(backend.dataDir)).toBe(digest);

    // Removing the rule from the value shown now goes through.
    await backend.callRaw('mapping.set', rule('606100', null, '61'), bruno);
    expect(await stored()).toEqual({ '623000': '62' });
  });

  test('a call without `was` (imports, scripts) writes unchecked, as before', async () => {
    const conventionId = await setup();
    await budgetGrid.seed(conventionId);
    await backend.call('budget.set', {
      conventionId,
      yearIndex: 1,
      lines: [{ row: '60', amountCents: 1 }],
    });
    expect((await budgetGrid.load(conventionId)).x).toBe(1);
  });
});
