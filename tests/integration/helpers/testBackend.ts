/**
 * A backend on a real SQLite file in a fresh temporary folder, with the real migrations.
 * Like Dyad's test_db helper, but on disk: tests also check what the file holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createBackend,
  type Backend,
  type BackendOptions,
} from '../../../electron/backend/backend';

export interface TestBackend extends Backend {
  dataDir: string;
  dispose(): void;
}

export const FIXED_NOW = new Date('2026-11-23T09:30:00.000Z');

export async function testBackend(
  options: Partial<BackendOptions> & { userName?: string | null } = {},
): Promise<TestBackend> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pilote-cpo-test-'));
  const backend = createBackend({
    mode: 'test',
    now: () => FIXED_NOW,
    demo: false,
    ...options,
    dataDir,
  });
  const userName = options.userName === undefined ? 'Camille Testeur' : options.userName;
  if (userName) await backend.call('session.setUser', { name: userName });
  return {
    ...backend,
    dataDir,
    dispose() {
      backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
