/**
 * « Compensation SIEG », clicked through on the demo convention: a payment of the State
 * contribution scheduled then marked as received, free premises valued as other public
 * support, and a received payment without its amount refused with the French message.
 * The demo may hold payments already: rows are counted, never assumed.
 */
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { formatEuros } from '../../shared/format';
import { expect, openApp, screenshotDir, test } from './fixtures';
import { openSection } from './pages/ConventionPage';

const NOTE = 'Avance complémentaire (essai e2e)';

/** `90 000,00 €` → 9000000 cents. */
const euros = (text: string) =>
  Math.round(Number(text.replace(/[^\d,-]/g, '').replace(',', '.')) * 100);

/** Mantine dates: type jj/mm/aaaa, then leave the field so it parses. */
async function fillDate(dialog: Locator, label: string, value: string) {
  const input = dialog.getByRole('textbox', { name: label, exact: true });
  await input.click();
  await input.fill(value);
  await input.press('Tab');
}

async function choose(page: Page, dialog: Locator, label: string, option: string | RegExp) {
  await dialog.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
}

/** The section under a heading: its nearest Mantine stack. */
const section = (page: Page, heading: string) =>
  page
    .getByRole('heading', { name: heading, exact: true })
    .locator('xpath=ancestor::div[contains(@class,"mantine-Stack-root")][1]');

/** The section as in a full-page capture: the sticky header stays at the top, not over it. */
async function shootSection(page: Page, heading: string, file: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  const box = await section(page, heading).boundingBox();
  if (!box) throw new Error(`Section introuvable : ${heading}`);
  await page.screenshot({ path: join(screenshotDir, file), fullPage: true, clip: box });
}

async function closeMessages(page: Page) {
  const close = page.getByRole('button', { name: 'Fermer le message' });
  for (let tries = 0; tries < 10 && (await close.count()) > 0; tries++) {
    // A message closing is animated: it may leave the page while it is being clicked.
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  }
  await expect(close).toHaveCount(0);
}

test('payments of the State contribution and other public support', async ({ page, app }) => {
  await openApp(page, app);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await openSection(page, 'Compensation SIEG');
  await expect(page).toHaveURL(/#\/conventions\/\d+\/compensation$/);
  await expect(
    page.getByRole('heading', { name: "Versements de la contribution de l'État" }),
  ).toBeVisible();
  const years = page.getByRole('table', { name: "Contribution de l'État par année" });
  await expect(years.getByRole('row').filter({ hasText: /^Année 1/ })).toBeVisible();

  const receivedYear3Before = euros(
    await years
      .getByRole('row')
      .filter({ hasText: /^Année 3/ })
      .getByRole('cell')
      .nth(3)
      .innerText(),
  );
  const payments = page.getByRole('table', { name: 'Versements de la contribution' });
  const paymentRows = payments.locator('tbody tr');
  const before = (await payments.count()) > 0 ? await paymentRows.count() : 0;

  // An advance for year 3, still to come.
  await page.getByRole('button', { name: 'Ajouter un versement' }).click();
  let dialog = page.getByRole('dialog', { name: 'Nouveau versement' });
  await choose(page, dialog, 'Année de la convention', /^Année 3/);
  await choose(page, dialog, 'Nature du versement', 'Avance');
  await fillDate(dialog, 'Date attendue', '15/03/2027');
  await dialog.getByRole('textbox', { name: 'Montant attendu', exact: true }).fill('90000');
  // The demo may schedule the same advance: the note tells this one apart.
  await dialog.getByRole('textbox', { name: 'Note', exact: true }).fill(NOTE);
  await dialog.getByRole('button', { name: 'Enregistrer le versement' }).click();
  await expect(dialog).toBeHidden();
  await expect(paymentRows).toHaveCount(before + 1);
  const advance = paymentRows.filter({ hasText: NOTE });
  await expect(advance).toContainText('Avance');
  await expect(advance).toContainText('15/03/2027');
  await expect(advance).toContainText('Année 3');
  await expect(advance).toContainText(/90\s000,00\s€/);
  await expect(advance).toContainText('À venir');

  // Received: the shortcut fills today's date and the expected amount.
  await advance.getByRole('button', { name: /^Modifier le versement Avance année 3/ }).click();
  dialog = page.getByRole('dialog', { name: /^Modifier le versement/ });
  await dialog.getByRole('button', { name: 'Marquer comme reçu' }).click();
  await expect(
    dialog.getByRole('textbox', { name: 'Date de réception', exact: true }),
  ).not.toHaveValue('');
  await expect(dialog.getByRole('textbox', { name: 'Montant reçu', exact: true })).toHaveValue(
    /90\s000/,
  );
  await dialog.getByRole('button', { name: 'Enregistrer le versement' }).click();
  await expect(dialog).toBeHidden();
  await expect(paymentRows).toHaveCount(before + 1);
  await expect(advance.getByText('Reçu', { exact: true })).toBeVisible();
  await expect(advance).toContainText(/90\s000,00\s€.*90\s000,00\s€/);
  const year3 = years.getByRole('row').filter({ hasText: /^Année 3/ });
  await expect(year3.getByRole('cell').nth(3)).toHaveText(
    formatEuros(receivedYear3Before + 90_000_00),
  );

  await closeMessages(page);
  await shootSection(page, "Versements de la contribution de l'État", 'compensation-payments.png');

  // Free premises from the city, valued for year 1.
  await page.getByRole('button', { name: 'Ajouter un soutien' }).click();
  dialog = page.getByRole('dialog', { name: 'Nouveau soutien' });
  await choose(page, dialog, 'Année de la convention', /^Année 1/);
  await choose(page, dialog, 'Nature du soutien', 'Mise à disposition de locaux');
  await dialog.getByRole('textbox', { name: 'Financeur', exact: true }).fill('Ville de Rennes');
  await dialog.getByRole('textbox', { name: 'Valeur', exact: true }).fill('12000');
  await dialog
    .getByRole('textbox', { name: 'Justificatif', exact: true })
    .fill('Convention de mise à disposition du 02/01/2025');
  await dialog.getByRole('button', { name: 'Enregistrer le soutien' }).click();
  await expect(dialog).toBeHidden();
  const support = page
    .getByRole('table', { name: 'Autres soutiens publics valorisés' })
    .getByRole('row')
    .filter({ hasText: 'Ville de Rennes' });
  await expect(support).toContainText(/^Année 1/);
  await expect(support).toContainText('Mise à disposition de locaux');
  await expect(support).toContainText(/12\s000,00\s€/);

  await closeMessages(page);
  await shootSection(page, 'Autres soutiens publics valorisés', 'compensation-supports.png');

  // Received on a date, but for how much? Refused, with the message by the field.
  await page.getByRole('button', { name: 'Ajouter un versement' }).click();
  dialog = page.getByRole('dialog', { name: 'Nouveau versement' });
  await choose(page, dialog, 'Année de la convention', /^Année 1/);
  await choose(page, dialog, 'Nature du versement', 'Solde');
  await fillDate(dialog, 'Date attendue', '29/06/2026');
  await dialog.getByRole('textbox', { name: 'Montant attendu', exact: true }).fill('18000');
  await fillDate(dialog, 'Date de réception', '02/07/2026');
  await dialog.getByRole('button', { name: 'Enregistrer le versement' }).click();
  const received = dialog.getByRole('textbox', { name: 'Montant reçu', exact: true });
  await expect(received).toHaveAttribute('aria-invalid', 'true');
  await expect(
    received
      .locator('xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")][1]')
      .locator('.mantine-InputWrapper-error'),
  ).toHaveText('Un versement reçu a une date et un montant.');
  await expect(dialog.getByRole('alert')).toContainText("Rien n'a été enregistré");
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  await expect(paymentRows).toHaveCount(before + 1);
  await expect(
    paymentRows.filter({ hasText: '29/06/2026' }).filter({ hasText: 'Solde' }),
  ).toHaveCount(0);
});
