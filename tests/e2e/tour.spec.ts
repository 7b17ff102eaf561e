import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures';

test('tour of the demo convention (screenshots)', async ({ page, app }) => {
  await openApp(page, app);
  await page.screenshot({ path: join(screenshotDir, '01-home.png'), fullPage: true });
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await expect(page.getByText('Démonstration — données fictives')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, '02-identite.png'), fullPage: true });
  for (const [tab, file] of [
    ['Volets et territoires', '03-volets'],
    ['Objectifs par année', '04-objectifs'],
    ['Avenants', '05-avenants'],
    ['Personnes', '09-personnes'],
    ['Repérage', '10-reperage'],
    ['Coordination', '11-coordination'],
    ['Données personnelles', '12-donnees-personnelles'],
    ['Historique', '06-historique'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(screenshotDir, `${file}.png`), fullPage: true });
  }
  await page.getByRole('tab', { name: 'Avenants' }).click();
  await page.getByRole('button', { name: 'Enregistrer un avenant' }).click();
  await expect(page.getByRole('dialog', { name: 'Enregistrer un avenant' })).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, '07-avenant-dialog.png') });
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Objectifs par année' }).click();
  await page.getByRole('button', { name: 'Modifier les cibles signées' }).click();
  await page.screenshot({ path: join(screenshotDir, '08-objectifs-edition.png') });
});
