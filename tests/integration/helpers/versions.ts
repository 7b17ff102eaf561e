/**
 * The version a form would have loaded a record at (optimistic locking): update calls need
 * it, so tests that edit a record read it first, as the renderer does.
 */
import type { Backend } from '../../../electron/backend/backend';

const TODAY = '2026-11-23';

export async function conventionVersion(backend: Backend, id: number): Promise<number> {
  return (await backend.call('conventions.get', { id })).version;
}

export async function personVersion(backend: Backend, id: number): Promise<number> {
  return (await backend.call('people.get', { id, today: TODAY })).version;
}

export async function pathwayVersion(backend: Backend, personId: number): Promise<number> {
  return (await backend.call('people.get', { id: personId, today: TODAY })).pathwayVersion;
}

export async function barrierVersion(backend: Backend, barrierId: number): Promise<number> {
  // people.get lists a person's barriers: find the person through the barrier's id.
  for (const person of await everyPerson(backend)) {
    const detail = await backend.call('people.get', { id: person, today: TODAY });
    const barrier = detail.barriers.find((row) => row.id === barrierId);
    if (barrier) return barrier.version;
  }
  throw new Error(`barrier ${barrierId} not found`);
}

async function everyPerson(backend: Backend): Promise<number[]> {
  const ids: number[] = [];
  for (const convention of await backend.call('conventions.list', {})) {
    const rows = await backend.call('people.list', { conventionId: convention.id, today: TODAY });
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

export async function coordinationVersion(
  backend: Backend,
  conventionId: number,
  id: number,
): Promise<number> {
  const row = (await backend.call('coordination.list', { conventionId })).find(
    (event) => event.id === id,
  );
  if (!row) throw new Error(`coordination ${id} not found`);
  return row.version;
}
