/**
 * The foundation's promise, clicked through the real UI in Chromium via the web bridge:
 * create a convention, set targets, record an avenant, reload, see it all.
 */
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures';
import { ConventionForm } from './pages/ConventionForm';
import { ConventionPage, sectionLink } from './pages/ConventionPage';
import { HomePage } from './pages/HomePage';

test('create a convention, set targets, record an avenant, reload and see it', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const home = new HomePage(page);
  await home.startNewConvention();

  const form = new ConventionForm(page);
  await form.fillRequired('CPO-O2R-29-2025');
  // The end date defaults to three years; the years and their report dates follow.
  await expect(form.field('Date de fin')).toHaveValue('31/12/2027');
  const years = page.getByRole('table', { name: 'Années de la convention' });
  await expect(years.getByRole('row')).toHaveCount(4);
  await expect(years).toContainText('30/06/2026');
  for (const year of [1, 2, 3]) await form.fill(`Contribution de l'État, année ${year}`, '120000');
  await page.getByRole('button', { name: 'Ajouter une commune' }).click();
  await form.fill('Code INSEE, ligne 1', '29019');
  await form.fill('Commune, ligne 1', 'Brest');
  await page.getByLabel('QPV, ligne 1').check();
  await page.screenshot({ path: join(screenshotDir, 'e2e-new-convention.png'), fullPage: true });
  await form.submit('Créer la convention');

  const convention = new ConventionPage(page);
  await expect(page.getByRole('heading', { name: 'Association Tremplin Finistère' })).toBeVisible();
  await expect(sectionLink(page, 'Objectifs par année')).toHaveAttribute('aria-current', 'page');
  await convention.openSection('Tableau de bord');
  await expect(await convention.yearSummary(1)).toContainText('Cibles fixées : 0 / 20');

  await convention.openSection('Objectifs par année');
  await convention.setTargets({ ACC_ENTRIES: [40, 45, 50], WOMEN_SHARE: [50, 50, 55] });
  await expect(convention.objectiveRow('ACC_ENTRIES')).toContainText('45');
  await convention.openSection('Tableau de bord');
  await expect(await convention.yearSummary(2)).toContainText('Cibles fixées : 2 / 20');
  await expect(await convention.yearSummary(1)).toContainText('120 000,00 €');

  await convention.recordAvenant({
    signedOn: '15/03/2026',
    effectiveFrom: '01/01/2026',
    object: 'Avenant financier 2026 : hausse des entrées en accompagnement.',
    changes: [
      { indicator: 'Entrées en accompagnement (ACC_ENTRIES)', year: 'Année 2 (2026)', value: '60' },
    ],
  });
  await expect(page.getByLabel('Avenant n° 1')).toContainText(
    'Entrées en accompagnement, année 2 : 60',
  );

  await page.reload();
  await expect(page.getByLabel('Avenant n° 1')).toContainText('Signé le 15/03/2026');
  await convention.openTab('Objectifs par année');
  const row = convention.objectiveRow('ACC_ENTRIES');
  await expect(row).toContainText('60');
  await expect(row).toContainText('av. 1');
  await page.screenshot({
    path: join(screenshotDir, 'e2e-objectives-after-avenant.png'),
    fullPage: true,
  });

  // Values in force before the avenant: the signed target again.
  const dateInput = page.getByLabel('Valeurs en vigueur au');
  await dateInput.fill('31/12/2025');
  await dateInput.press('Tab');
  await expect(row).not.toContainText('av. 1');
  // Each year's cell shows realised / target: the target in force is its own element.
  await expect(convention.targetCell('ACC_ENTRIES', 2)).toHaveText('45');

  await convention.openTab('Historique');
  const history = page.getByRole('table', { name: 'Historique des modifications' });
  await expect(history).toContainText('avenant n° 1');
  await expect(history).toContainText('Camille Durand');
});

test('bad input shows a French message on the field and saves nothing', async ({ page, app }) => {
  await openApp(page, app);
  const home = new HomePage(page);
  await home.startNewConvention();
  const form = new ConventionForm(page);
  await form.fillRequired('CPO-O2R-29-2025');
  await form.fill('SIRET', '77567227200018');
  await form.fill("Contribution de l'État, année 1", '-5');
  await form.fillDate('Date de fin', '31/12/2024');
  await form.submit('Créer la convention');
  await form.expectError('SIRET', /clé de contrôle/);
  await form.expectError('Date de fin', 'La date de fin doit être postérieure à la date de début.');
  await expect(page.getByText("Rien n'a été enregistré : à corriger")).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'e2e-bad-input.png'), fullPage: true });

  await home.goto();
  await expect(home.table().getByRole('row')).toHaveCount(2); // header + the demo only
});

test('the demo is marked as such and removed in one action', async ({ page, app }) => {
  await openApp(page, app);
  const home = new HomePage(page);
  await expect(home.table()).toContainText('Démonstration');
  await home.removeDemo();
  await expect(page.getByText("Aucune convention pour l'instant")).toBeVisible();
  await page.getByRole('button', { name: 'Charger la convention de démonstration' }).click();
  await expect(page.getByText('Démonstration — données fictives')).toBeVisible();
});

test('the web bridge refuses a call without the token', async ({ playwright, app }) => {
  const anonymous = await playwright.request.newContext({ baseURL: app.origin });
  const refused = await anonymous.post('/api/call/conventions.list', { data: {} });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.message).toMatch(/Jeton manquant ou invalide/);
  expect((await anonymous.get('/')).status()).toBe(401);
  const allowed = await anonymous.post('/api/call/conventions.list', {
    data: {},
    headers: { Authorization: `Bearer ${app.token}` },
  });
  expect(allowed.status()).toBe(200);
  await anonymous.dispose();
});
