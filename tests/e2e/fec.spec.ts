/**
 * Actuals from a FEC, clicked through the real UI on a convention of its own: the preview of a
 * clean file, its import and the history, the lines behind a class total, then a malformed
 * file refused line by line, and the same file chosen twice recognised as already imported.
 */
import { join, resolve } from 'node:path';
import { validConvention } from '../fixtures/conventionInput';
import { createConventionViaApi, expect, openApp, screenshotDir, test } from './fixtures';
import { FecTab } from './pages/FecTab';

const fec2025 = resolve('../shared/fixtures/fec/123456789FEC20251231.txt');
const unbalanced = resolve('../shared/fixtures/fec/malformed/unbalanced-entry.txt');

test('a FEC is previewed, imported, listed and opens its lines; bad and duplicate files are refused', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  // A convention of its own: the demo already holds its 2025 FEC.
  const id = await createConventionViaApi(
    app,
    validConvention({
      reference: 'CPO-O2R-35-FEC',
      stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 18_000_000 })),
    }),
  );
  await page.goto(`${app.origin}/#/conventions/${id}`);
  const tab = new FecTab(page);
  await tab.open();
  await expect(page.getByText('Aucun FEC importé pour cette convention.')).toBeVisible();

  await tab.choose(fec2025);
  const preview = tab.preview();
  await expect(preview).toBeVisible();
  await expect(preview.getByRole('heading', { name: '123456789FEC20251231.txt' })).toBeVisible();
  await expect(preview).toContainText('séparateur tabulation');
  await expect(preview).toContainText('exercice du 01/01/2025 au 31/12/2025');
  await expect(preview.getByTestId('fec-lines')).toContainText('326');
  await expect(preview.getByTestId('fec-entries')).toContainText('163');
  await expect(preview.getByTestId('fec-charges')).toContainText(/364\s480,07/);
  await expect(preview.getByTestId('fec-produits')).toContainText(/320\s210,00/);
  await expect(preview).toContainText('Total débit = total crédit');
  await expect(tab.importButton()).toBeEnabled();
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(screenshotDir, 'fec-preview.png'), fullPage: true });

  await tab.importButton().click();
  await expect(page.getByText(/326\slignes importées/)).toBeVisible();
  await expect(preview).toBeHidden();
  const row = tab.history().getByRole('row').filter({ hasText: '123456789FEC20251231.txt' });
  await expect(row).toContainText('clos le 31/12/2025');
  await expect(row).toContainText('En vigueur');
  await expect(row).toContainText('Camille Durand');
  await expect(row.getByRole('button', { name: /^Charges/ })).toContainText(/364\s480,07/);
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(screenshotDir, 'fec-history.png'), fullPage: true });

  await row.getByRole('button', { name: /^Charges/ }).click();
  const dialog = page.getByRole('dialog', { name: /Charges \(classe 6\)/ });
  await expect(dialog).toBeVisible();
  const lines = dialog.getByRole('table', { name: 'Lignes du FEC' });
  await expect(lines.getByRole('row').filter({ hasText: '641100' }).first()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'fec-lines.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await tab.choose(unbalanced);
  const refusal = page
    .getByRole('alert')
    .filter({ hasText: /le fichier est refusé, rien n'est importé/ });
  await expect(refusal).toBeVisible();
  const issue = refusal
    .getByRole('table', { name: 'Erreurs du fichier FEC' })
    .getByRole('row')
    .nth(1);
  await expect(issue.getByRole('cell').first()).toHaveText(/^\d+$/);
  await expect(tab.importButton()).toHaveCount(0);
  await refusal.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'fec-refused.png') });

  await tab.clear();
  await tab.choose(fec2025);
  await expect(page.getByText('Fichier déjà importé')).toBeVisible();
  await expect(page.getByText(/a déjà été importé le/)).toBeVisible();
  await expect(tab.importButton()).toHaveCount(0);
});
