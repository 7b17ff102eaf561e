/**
 * Launches the real Electron app where its binary exists. Here (no network to fetch the
 * binary, no display) it is skipped, and the reason is printed.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronBinary } from '../../scripts/electronBinary.cjs';

const found = electronBinary();
if (found.reason) console.log(`Test de lancement Electron ignoré : ${found.reason}.`);

test('Electron opens the window on the demo convention, sandboxed, through the contract', async () => {
  test.skip(!found.binary, `Electron indisponible : ${found.reason ?? ''}`);
  const userData = mkdtempSync(join(tmpdir(), 'pilote-cpo-electron-'));
  // « Sur cet ordinateur » already chosen: the first-start question is electron/main/teamChoice.ts's.
  writeFileSync(join(userData, 'team-choice.json'), '{"mode":"local"}');
  const app = await electron.launch({
    executablePath: found.binary,
    args: [resolve('.')],
    env: { ...process.env, PILOTE_CPO_USER_DATA: userData },
  });
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle('Pilote CPO');
    const dialog = window.getByRole('dialog', { name: 'Bienvenue dans Pilote CPO' });
    await dialog.getByLabel('Votre nom').fill('Camille Durand');
    await dialog.getByRole('button', { name: 'Commencer' }).click();
    await expect(window.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' })).toBeVisible();
    // The page has no Node, and the preload refuses a channel the contract does not declare.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    const refused = await window.evaluate(() =>
      (
        window as unknown as { api: { call(c: string, i: unknown): Promise<{ ok: boolean }> } }
      ).api.call('database.drop', {}),
    );
    expect(refused.ok).toBe(false);
  } finally {
    await app.close();
    rmSync(userData, { recursive: true, force: true });
  }
});
