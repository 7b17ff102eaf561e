/**
 * audit.list's filters and pages, on a real database: two users, three days, creations and
 * changes. Each expectation is counted from what the test itself did, not from the service.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { conventionVersion } from './helpers/versions';

let backend: TestBackend | undefined;
afterEach(() => backend?.dispose());

describe('audit.list', () => {
  test('filters by user, element, action and instants, pages, and lists users and elements', async () => {
    let now = new Date('2026-03-01T10:00:00.000Z');
    backend = await testBackend({ now: () => now, userName: 'Alice Martin' });
    const { id } = await backend.call('conventions.create', validConvention());
    const all = async (input: Record<string, unknown> = {}) =>
      backend!.call('audit.list', { conventionId: id, limit: 500, ...input });
    const created = (await all()).total;
    expect(created).toBeGreaterThan(5);

    now = new Date('2026-03-05T15:00:00.000Z');
    await backend.call('session.setUser', { name: 'Bruno Le Goff' });
    await backend.call('conventions.update', {
      id,
      version: await conventionVersion(backend, id),
      values: validConvention({ title: 'Nouvel intitulé', endDate: '2027-06-30' }),
    });

    const everything = await all();
    expect(everything.total).toBe(created + 2);
    expect(everything.users).toEqual(['Alice Martin', 'Bruno Le Goff']);
    expect(everything.entities).toContain('convention');

    const bruno = await all({ user: 'Bruno Le Goff' });
    expect(bruno.total).toBe(2);
    expect(bruno.rows.map((row) => row.field).sort()).toEqual(['endDate', 'title']);
    expect(bruno.rows.every((row) => row.action === 'update')).toBe(true);
    // The lists stay whole under a filter, so another choice stays possible.
    expect(bruno.users).toEqual(['Alice Martin', 'Bruno Le Goff']);

    expect((await all({ action: 'update' })).total).toBe(2);
    expect((await all({ action: 'delete' })).total).toBe(0);
    expect((await all({ entities: ['nothing such'] })).total).toBe(0);
    expect((await all({ user: 'Alice Martin', action: 'create' })).total).toBe(created);

    // Instants: since is inclusive, until exclusive.
    expect((await all({ since: '2026-03-05T15:00:00.000Z' })).total).toBe(2);
    expect((await all({ until: '2026-03-05T15:00:00.000Z' })).total).toBe(created);
    expect((await all({ since: '2026-03-02T00:00:00+01:00' })).total).toBe(2);
    expect(
      (await all({ since: '2026-03-01T00:00:00.000Z', until: '2026-03-02T00:00:00.000Z' })).total,
    ).toBe(created);

    // Pages: newest first, no row twice, the total unchanged.
    const first = await all({ limit: 3, offset: 0 });
    const second = await all({ limit: 3, offset: 3 });
    expect(first.total).toBe(everything.total);
    expect(first.rows[0]!.at).toBe('2026-03-05T15:00:00.000Z');
    const ids = [...first.rows, ...second.rows].map((row) => row.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  test('a malformed instant is refused in French', async () => {
    backend = await testBackend();
    const error = (await backend
      .call('audit.list', { conventionId: null, since: '01/03/2026' })
      .catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('VALIDATION');
    expect(error.fields[0]?.path).toBe('since');
  });
});
