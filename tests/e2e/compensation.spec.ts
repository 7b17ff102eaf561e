/**
 * The SIEG compensation of the demo convention, as a finance officer checks it: the late
 * payment flagged on the dashboard, the control of the whole CPO, and from the
 * overcompensation down to the FEC lines behind the SIEG's staff costs.
 */
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures';
import { openSection } from './pages/ConventionPage';

test('from OC to the years, to K row by row with its keys, to the FEC lines', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  // The demo's 2026 balance (due 30/09/2026) has not come in.
  await expect(page.getByTestId('dashboard-watchlist')).toContainText(
    /Solde de l'année 2 \(90\s000,00\s€\) attendu le 30\/09\/2026 : \d+ jours de retard/,
  );

  await openSection(page, 'Compensation SIEG');
  await expect(page.getByRole('heading', { name: 'Contrôle de la surcompensation' })).toBeVisible();
  const year1 = page.getByTestId('compensation-year-1');
  await expect(year1).toContainText('Réalisé (FEC)');
  // C = 180 000 € (State) + 40 000 € (Département) + 30 000 € (FSE+) + 3 600 € (free premises).
  await expect(year1).toContainText(/253\s600,00/);
  await expect(page.getByTestId('compensation-year-2')).toContainText('Prévisionnel');
  const card = page.getByTestId('control-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Toute la CPO (contrôle final)');
  await expect(card).toContainText('Rien à reverser');
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(screenshotDir, 'compensation-control.png'), fullPage: true });

  // OC → its years.
  await card.getByRole('button', { name: /^Surcompensation Toute la CPO/ }).click();
  const explain = page.getByRole('dialog', { name: /^Surcompensation — Toute la CPO/ });
  await expect(explain.getByRole('table', { name: 'Années du contrôle' })).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'compensation-oc.png') });

  // → K of 2025, row by row, with the keys and their evidence.
  await explain.getByRole('button', { name: /^K — coûts du SIEG, Année 1 \(2025\)/ }).click();
  const kDialog = page.getByRole('dialog', { name: 'K — coûts du SIEG — Année 1 (2025)' });
  // K = 272 070,06 € of costs (direct + keys) + the 3 600 € of free premises counted in C,
  // valued on both sides (finance.md §1).
  await expect(kDialog.getByTestId('k-total')).toHaveText(/275\s670,06/);
  const staff = kDialog.getByTestId('k-row-64');
  // All of 2025's staff costs are general costs; the time key gives 75 % to the SIEG.
  await expect(staff).toContainText(/286\s900,04/);
  await expect(staff).toContainText('Temps passé (75,0');
  await expect(staff).toContainText(/215\s175,03/);
  await expect(
    kDialog.getByRole('table', { name: 'Clés de répartition appliquées' }),
  ).toContainText('Relevés de temps 2025');
  await page.screenshot({ path: join(screenshotDir, 'compensation-k.png') });

  // → the FEC lines of the staff costs.
  await staff.getByRole('button', { name: 'Lignes du FEC — 64 — Charges de personnel' }).click();
  const lines = page.getByRole('dialog', { name: /Charges de personnel — lignes du FEC/ });
  await expect(
    lines
      .getByRole('table', { name: 'Lignes du FEC' })
      .getByRole('row')
      .filter({ hasText: '641100' })
      .first(),
  ).toBeVisible();
  await expect(lines).toContainText('part des frais généraux par la clé « Temps passé »');
  await page.screenshot({ path: join(screenshotDir, 'compensation-lines.png') });
  await page.keyboard.press('Escape');
  await expect(lines).toBeHidden();

  // Back in the explanation, and back from K to OC.
  await expect(kDialog).toBeVisible();
  await kDialog.getByRole('button', { name: '← Retour' }).click();
  await expect(page.getByRole('table', { name: 'Années du contrôle' })).toBeVisible();
});

test('the readings are fixed by the convention; an avenant changes them and the periods', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await openSection(page, 'Compensation SIEG');
  // Read-only here: the demo convention is signed, only an avenant changes them.
  const parameters = page.getByTestId('compensation-parameters');
  await expect(parameters).toContainText('la convention signée le 16/12/2024');
  await parameters.getByRole('button', { name: 'Enregistrer un avenant' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Avenant modifiant les paramètres de la compensation',
  });
  for (const [label, value] of [
    ['Signé le', '15/03/2026'],
    ['Prend effet le', '01/01/2025'],
  ] as const) {
    const input = dialog.getByRole('textbox', { name: label, exact: true });
    await input.fill(value);
    await input.press('Tab');
  }
  await dialog
    .getByLabel('Clause de l’avenant qui fixe ces paramètres')
    .fill('article 1 de l’avenant');
  await dialog.getByRole('combobox', { name: "Durée d'une période de contrôle" }).click();
  await page.getByRole('option', { name: '1 an', exact: true }).click();
  await dialog.getByRole('button', { name: 'Enregistrer l’avenant' }).click();
  await expect(page.getByText(/Avenant n° \d+ enregistré/)).toBeVisible();
  // Three yearly periods and the final control of the whole CPO.
  await expect(page.getByTestId('control-card')).toHaveCount(4);
  await expect(page.getByTestId('control-card').first()).toContainText('Période : année 1 (2025)');
  await expect(parameters).toContainText('article 1 de l’avenant');
});
