/** Editing a coordination action and deleting a partner (issue 14): one call, audited, and a
 * partner still named by an action is refused without writing anything. */
import { afterEach, expect, test } from 'vitest';
import type { AppError } from '../../shared/errors';
import { validConvention } from '../fixtures/conventionInput';
import { databaseDigest } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';
import { coordinationVersion } from './helpers/versions';

let backend: TestBackend;
afterEach(() => backend?.dispose());

async function setup() {
  backend = await testBackend();
  const { id: conventionId } = await backend.call('conventions.create', validConvention());
  const partner = async (name: string) =>
    (
      await backend.call('partners.save', {
        conventionId,
        partner: { name, type: 'mission_locale', commune: 'Brest' },
      })
    ).id;
  return { conventionId, ml: await partner('Mission locale Brest'), caf: await partner('CAF') };
}

const auditOf = async (conventionId: number, entity: string, action: 'update' | 'delete') =>
  (await backend.call('audit.list', { conventionId, entities: [entity], action, limit: 500 })).rows;

test('a coordination action is edited in place, audited, and its partners re-checked', async () => {
  const { conventionId, ml, caf } = await setup();
  const { id } = await backend.call('coordination.add', {
    conventionId,
    date: '2026-04-02',
    kind: 'cte',
    title: 'CTE du pays de Brest',
    decisions: '',
    partnerIds: [ml],
  });
  await backend.call('coordination.update', {
    id,
    version: await coordinationVersion(backend, conventionId, id),
    conventionId,
    date: '2026-04-09',
    kind: 'cte',
    title: 'CTE du pays de Brest (reporté)',
    decisions: 'Priorité aux QPV',
    partnerIds: [caf, ml],
  });
  expect(await backend.call('coordination.list', { conventionId })).toEqual([
    {
      id,
      version: 2,
      date: '2026-04-09',
      kind: 'cte',
      title: 'CTE du pays de Brest (reporté)',
      decisions: 'Priorité aux QPV',
      partnerIds: [ml, caf].sort((a, b) => a - b),
    },
  ]);
  // One audit row per changed field (kind did not change).
  const updates = await auditOf(conventionId, 'coordination', 'update');
  expect(updates.map((row) => row.field).sort()).toEqual([
    'date',
    'decisions',
    'partnerIds',
    'title',
  ]);
  expect(updates.find((row) => row.field === 'date')).toMatchObject({
    oldValue: expect.stringContaining('2026-04-02'),
    newValue: expect.stringContaining('2026-04-09'),
  });

  // A partner of another convention is refused, nothing written.
  const other = await backend.call(
    'conventions.create',
    validConvention({ reference: 'OTHER', dreetsRegion: 'Normandie' }),
  );
  const foreign = await backend.call('partners.save', {
    conventionId: other.id,
    partner: { name: 'Mission locale Caen', type: 'mission_locale' },
  });
  const digest = databaseDigest(backend.dataDir);
  await expect(
    backend.call('coordination.update', {
      id,
      version: await coordinationVersion(backend, conventionId, id),
      conventionId,
      date: '2026-04-09',
      kind: 'cte',
      title: 'X',
      partnerIds: [foreign.id],
    }),
  ).rejects.toMatchObject({ code: 'VALIDATION' });
  // An action looked up through the wrong convention is not found.
  await expect(
    backend.call('coordination.update', {
      id,
      version: await coordinationVersion(backend, conventionId, id),
      conventionId: other.id,
      date: '2026-04-09',
      kind: 'cte',
      title: 'X',
      partnerIds: [],
    }),
  ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect(databaseDigest(backend.dataDir)).toBe(digest);
});

test('a partner named by an action is refused in French; once unlinked it is deleted', async () => {
  const { conventionId, ml, caf } = await setup();
  const { id } = await backend.call('coordination.add', {
    conventionId,
    date: '2026-04-02',
    kind: 'coordination',
    title: 'Réunion emploi',
    partnerIds: [ml, caf],
  });
  const digest = databaseDigest(backend.dataDir);
  const refused = (await backend
    .call('partners.delete', { id: ml })
    .catch((e: unknown) => e)) as AppError;
  expect(refused.code).toBe('VALIDATION');
  expect(refused.fields[0]?.message).toMatch(/Mission locale Brest.*« Réunion emploi »/);
  expect(databaseDigest(backend.dataDir)).toBe(digest);

  await backend.call('coordination.update', {
    id,
    version: await coordinationVersion(backend, conventionId, id),
    conventionId,
    date: '2026-04-02',
    kind: 'coordination',
    title: 'Réunion emploi',
    partnerIds: [caf],
  });
  await backend.call('partners.delete', { id: ml });
  expect((await backend.call('partners.list', { conventionId })).map((p) => p.name)).toEqual([
    'CAF',
  ]);
  const deleted = await auditOf(conventionId, 'partenaire', 'delete');
  expect(deleted.map((row) => row.entityId)).toEqual(['Mission locale Brest']);
  await expect(backend.call('partners.delete', { id: ml })).rejects.toMatchObject({
    code: 'NOT_FOUND',
  });
});
