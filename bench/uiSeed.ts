/**
 * The data folder the UI bench opens: the demo convention (its FEC, budget, keys, reports
 * ready) grown to 10 000 people and 100 000 actions over its three years, written once
 * through the backend itself so the web bridge then opens an ordinary data folder.
 */
import { eq } from 'drizzle-orm';
import { createBackend } from '../electron/backend/backend';
import { conventions } from '../electron/backend/db/schema';
import { generatePeople } from './peopleData';

export const UI_TODAY = '2026-11-30';

export function seedDataDir(dataDir: string, people: number, actions: number): number {
  const backend = createBackend({
    dataDir,
    mode: 'test',
    demo: true,
    now: () => new Date(`${UI_TODAY}T09:00:00Z`),
  });
  try {
    const demo = backend.database.readDb
      .select({ id: conventions.id })
      .from(conventions)
      .where(eq(conventions.isDemo, true))
      .get();
    if (!demo) throw new Error('The demo convention was not loaded');
    generatePeople(backend.database.sqlite, demo.id, people, actions);
    return demo.id;
  } finally {
    backend.close();
  }
}
