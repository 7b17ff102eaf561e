/**
 * Amount fields never change what was typed: an ambiguous `180.000` as the State
 * contribution, `-500` as a budget forecast and `abc` as an allocation key quantity each get
 * a French message at their field, the save is refused before any call leaves the screen,
 * and the history and the stored figures show that nothing was written.
 */
import { join } from 'node:path';
import type { Page, Request } from '@playwright/test';
import { validConvention } from '../fixtures/conventionInput';
import {
  api,
  createConventionViaApi,
  expect,
  openApp,
  screenshotDir,
  test,
  type RunningApp,
} from './fixtures';
import { BudgetTab } from './pages/BudgetTab';
import { ConventionForm } from './pages/ConventionForm';
import { HomePage } from './pages/HomePage';

const historyTotal = async (app: RunningApp) =>
  (await api<{ total: number }>(app, 'audit.list', { conventionId: null, limit: 1 })).total;

/** Every call of `channel` the screen sends: a refused form must send none. */
function watchCalls(page: Page, channel: string): Request[] {
  const sent: Request[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith(`/api/call/${channel}`)) sent.push(request);
  });
  return sent;
}

/** The Mantine error under a field, found from the field itself. */
const fieldError = (page: Page, name: string) =>
  page
    .getByRole('textbox', { name, exact: true })
    .locator('xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")][1]')
    .locator('.mantine-InputWrapper-error');

test('an ambiguous point in the State contribution is refused with both readings', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app);
  const conventionsBefore = (await api<unknown[]>(app, 'conventions.list', {})).length;
  const historyBefore = await historyTotal(app);
  const creates = watchCalls(page, 'conventions.create');

  const home = new HomePage(page);
  await home.startNewConvention();
  const form = new ConventionForm(page);
  await form.fillRequired('CPO-O2R-29-AMOUNTS');
  const contribution = "Contribution de l'État, année 1";
  await form.fill(contribution, '180.000');
  await form.field(contribution).press('Tab');

  // On leaving the field: the message, and the text exactly as typed.
  const message =
    "Contribution de l'État, année 1 : « 180.000 » est ambigu : 180\u00a0000\u00a0€ ou 180,00\u00a0€ ? Écrivez 180\u00a0000 ou 180,00.";
  await form.expectError(contribution, message);
  await expect(form.field(contribution)).toHaveValue('180.000');
  await form.field(contribution).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'amount-ambiguous-point.png') });

  await form.submit('Créer la convention');
  await expect(page.getByText("Rien n'a été enregistré : à corriger")).toBeVisible();
  await form.expectError(contribution, message);
  expect(creates).toHaveLength(0);
  expect((await api<unknown[]>(app, 'conventions.list', {})).length).toBe(conventionsBefore);
  expect(await historyTotal(app)).toBe(historyBefore);
});

test('a negative forecast and letters in a key quantity are refused at their field', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const conventionId = await createConventionViaApi(
    app,
    validConvention({ reference: 'CPO-O2R-35-AMOUNTS' }),
  );
  const historyBefore = await historyTotal(app);
  const budgetSaves = watchCalls(page, 'budget.set');
  const keySaves = watchCalls(page, 'keys.save');
  await page.goto(`${app.origin}/#/conventions/${conventionId}`);
  const budget = new BudgetTab(page);
  await budget.open();

  // « -500 » in a forecast line: no longer turned into 0 €.
  await budget.section('Budget prévisionnel');
  const staff = 'Prévision 64 — Charges de personnel';
  await budget.forecastInput('64 — Charges de personnel').fill('-500');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(fieldError(page, staff)).toHaveText(
    'Montant prévu (64 — Charges de personnel) : « -500 » : pas de valeur négative.',
  );
  await expect(page.getByRole('textbox', { name: staff, exact: true })).toHaveValue('-500');
  await expect(page.getByText("Rien n'a été enregistré : à corriger")).toBeVisible();
  expect(budgetSaves).toHaveLength(0);
  expect(await api<unknown[]>(app, 'budget.get', { conventionId })).toEqual([]);

  // « abc » as the SIEG's quantity of a key: the letters stay, the key is not saved.
  await budget.section('Répartition SIEG');
  const dialog = await budget.addKey({
    label: 'Temps passé',
    basis: 'Temps passé (heures)',
    sieg: 'abc',
    total: '6400',
    evidence: 'Relevés de temps 2025',
    directRows: true,
  });
  await dialog.getByRole('textbox', { name: 'Quantité totale' }).press('Tab');
  await expect(fieldError(page, 'Quantité du SIEG')).toHaveText(
    "Quantité du SIEG : « abc » n'est pas un nombre (chiffres, espaces et virgule seulement).",
  );
  await dialog.getByRole('button', { name: 'Enregistrer la clé' }).click();
  await expect(dialog.getByText("Rien n'a été enregistré : à corriger")).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Quantité du SIEG' })).toHaveValue('abc');
  expect(keySaves).toHaveLength(0);
  expect(await api<unknown[]>(app, 'keys.list', { conventionId, yearIndex: 1 })).toEqual([]);

  expect(await historyTotal(app)).toBe(historyBefore);
});
