/**
 * « Sauvegardes »: a copy made from the screen is listed and restored (the demo removed
 * after the copy comes back); a database damaged while the app was closed is not opened,
 * and the French screen shown instead restores the last copy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, expect, openApp, screenshotDir, startApp, stopApp, test } from './fixtures';

test('make a copy, see it listed, restore it after a change', async ({ page, app }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app);
  await page.getByRole('link', { name: 'Sauvegardes' }).click();
  await expect(page.getByRole('heading', { name: 'Sauvegardes', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Faire une copie maintenant' }).click();
  const table = page.getByRole('table', { name: 'Copies de sauvegarde' });
  const made = table.locator('tbody tr').filter({ hasText: 'Demandée' });
  await expect(made).toHaveCount(1);
  await expect(made).toContainText('1\u00a0convention');
  await page.screenshot({ path: join(screenshotDir, 'backups-list.png') });

  // A change after the copy: the demo convention removed.
  await api(app, 'demo.remove', {});
  expect(await api<unknown[]>(app, 'conventions.list', {})).toHaveLength(0);

  await made.getByRole('button', { name: /Restaurer la copie/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Restaurer cette copie ?' });
  await expect(dialog).toContainText("L'état actuel est d'abord copié");
  await page.screenshot({
    path: join(screenshotDir, 'backups-restore-confirm.png'),
    animations: 'disabled',
  });
  await dialog.getByRole('button', { name: 'Restaurer' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Copie restaurée/)).toBeVisible();
  const before = table.locator('tbody tr').filter({ hasText: 'Avant une restauration' });
  await expect(before).toHaveCount(1);
  await expect(before).toContainText('0\u00a0convention');

  await page.getByRole('link', { name: 'Pilote CPO' }).click();
  await expect(page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' })).toBeVisible();
});

test('a damaged database opens on the French repair screen, which restores the last copy', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await api(app, 'session.setUser', { name: 'Camille Durand' });
  await api(app, 'backups.create', {});
  await stopApp(app, { keepData: true });
  // Pages 2 to 5 overwritten while the app was closed.
  const path = join(app.dataDir, 'pilote-cpo.sqlite');
  const bytes = readFileSync(path);
  bytes.fill(0x5a, 4096, Math.min(bytes.length, 5 * 4096));
  writeFileSync(path, bytes);

  const damaged = await startApp({ dataDir: app.dataDir });
  try {
    await page.goto(damaged.url);
    await expect(
      page.getByRole('heading', { name: 'Pilote CPO — base de données endommagée' }),
    ).toBeVisible();
    await expect(page.getByText("La base n'a pas été ouverte")).toBeVisible();
    await expect(page.getByText(/a trouvé \d+ problème\(s\), dont/)).toBeVisible();
    await page.screenshot({ path: join(screenshotDir, 'backups-damaged.png') });
    await page.getByRole('button', { name: /Restaurer la dernière copie/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Restaurer cette copie ?' });
    await expect(dialog).toContainText('mise de côté');
    await dialog.getByRole('button', { name: 'Restaurer' }).click();
    await expect(page.getByRole('heading', { name: 'Conventions', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' })).toBeVisible();
  } finally {
    await stopApp(damaged, { keepData: true });
  }
});
